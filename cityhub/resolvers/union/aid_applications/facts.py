"""What the data says about a member's medical claim: the facts the claim checker explains
and applyForAid refuses on, read the same way for both."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cityhub.resolvers.union.aid_applications import (
    LIVE_STATES,
    count_for_member,
    self_paid_for_member,
)
from cityhub.resolvers.union.aid_enrolments import is_enrolled
from cityhub.resolvers.union.aid_programs.eligibility import ClaimFacts


async def member_facts(
    program: dict[str, Any],
    member: dict[str, Any],
    category: dict[str, Any] | None,
    amount: Decimal,
) -> ClaimFacts:
    """A member's claim as the data has it: what the checker explains and applyForAid
    refuses on. A claim under review holds its place in the yearly limit and total."""
    used = 0
    if category is not None and category["yearly_limited"]:
        where = {"category": category["code"]}
        used = await count_for_member(program["id"], member["id"], LIVE_STATES, **where)
    return ClaimFacts(
        category=category,
        self_paid=amount,
        enrolled=await is_enrolled(program["id"], member["id"]),
        checked=True,
        member_status=member["status"],
        limit_used=used,
        earlier_self_paid=await self_paid_for_member(program["id"], member["id"]),
    )
