"""Would a medical mutual aid claim qualify? Each rule's result and the reason for it.

For a signed-in member, enrolment and chronic-outpatient use are read from the data;
for anyone else they are what the asker declared, and the reasons say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.union.aid_programs import AidKind
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.union.aid_applications import LIVE_STATES, count_for_member
from cityhub.resolvers.union.aid_enrolments import is_enrolled
from cityhub.resolvers.union.aid_programs import (
    medical_program,
    money_argument,
    payout,
    programs_by_id,
)
from cityhub.resolvers.union.aid_programs.eligibility import (
    CHRONIC,
    ClaimFacts,
    RuleResult,
    medical_rules,
)
from cityhub.resolvers.union.members import member_for_account


@dataclass(frozen=True)
class ClaimQuestion:
    category: str
    self_paid_amount: Any
    year: int | None = None
    program_id: int | None = None
    program_given: bool = False
    enrolled: bool | None = None
    chronic_used: bool | None = None


@dataclass(frozen=True)
class ClaimAnswer:
    program: dict[str, Any]
    rules: list[RuleResult]
    estimate: Decimal | None
    estimate_is_sample: bool

    @property
    def eligible(self) -> bool:
        return all(rule.passed for rule in self.rules)


async def _program(question: ClaimQuestion) -> dict[str, Any]:
    if question.program_given:
        (program,) = await programs_by_id([question.program_id or 0])
        if program is None or program["kind"] != AidKind.MEDICAL:
            raise BadInput(N_("找不到该医疗互助项目"), argument="input.program")
        return program
    program = await medical_program(question.year)
    if program is None:
        raise BadInput(
            N_("找不到 {year} 年的新业态医疗互助项目"), argument="input.year", year=question.year
        )
    return program


async def check_claim(viewer: Viewer, question: ClaimQuestion) -> ClaimAnswer:
    amount = money_argument(question.self_paid_amount, "input.selfPaidAmount")
    program = await _program(question)
    member = await member_for_account(viewer.account_id)
    if member is not None:
        facts = ClaimFacts(
            category=question.category,
            self_paid=amount,
            enrolled=await is_enrolled(program["id"], member["id"]),
            checked=True,
            member_status=member["status"],
            # The same count applyForAid refuses on: a claim under review holds its place.
            chronic_used=await count_for_member(
                program["id"], member["id"], LIVE_STATES, category=CHRONIC
            ),
        )
    else:
        facts = ClaimFacts(
            category=question.category,
            self_paid=amount,
            enrolled=bool(question.enrolled),
            checked=False,
            chronic_declared=question.chronic_used,
        )
    rules = medical_rules(program, facts)
    eligible = all(rule.passed for rule in rules)
    sample = {"reimbursement_ratio", "max_amount_per_claim"} & set(program["sample_fields"])
    return ClaimAnswer(
        program=program,
        rules=rules,
        estimate=payout(program, amount) if eligible else None,
        estimate_is_sample=bool(sample),
    )
