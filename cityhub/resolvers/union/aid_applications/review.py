"""Moving an aid application through its workflow: staff review, owner withdrawal, notes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.resolvers import workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.union.aid_applications import STAFF, applications_by_id
from cityhub.resolvers.union.aid_applications.workflow import AID_WORKFLOW
from cityhub.resolvers.union.aid_programs import is_money


def _check_amount(amount: Decimal | None) -> None:
    if amount is not None and not (is_money(amount) and amount > 0):
        raise Rejected(Problem("INVALID_AMOUNT", N_("金额须大于 0，最多两位小数"), "amount"))


async def visible_row(actor: workflow.Actor, application_id: int | None) -> dict[str, Any]:
    """The application, for its applicant and union staff; NOT_FOUND for anyone else."""
    (row,) = await applications_by_id([application_id or 0])
    staff = actor.viewer.has_role(*STAFF)
    if row is None or not (staff or workflow.OWNER in await AID_WORKFLOW.relations(actor, row)):
        raise Rejected(Problem("NOT_FOUND", N_("找不到该申请"), "application"))
    return row


async def review(
    viewer: Viewer,
    application_id: int | None,
    action: str,
    *,
    reason: str = "",
    amount: Decimal | None = None,
) -> dict[str, Any]:
    """Take ``action``; a wrong role, state, reason or amount is refused and nothing moves."""
    actor = workflow.Actor(viewer)
    row = await visible_row(actor, application_id)
    _check_amount(amount)
    await workflow.take(AID_WORKFLOW, row, action, actor, note=reason, params={"amount": amount})
    (updated,) = await applications_by_id([row["id"]])
    assert updated is not None, "the application was read above"
    return updated
