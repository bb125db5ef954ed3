"""Moving an aid application through its workflow: staff review, owner withdrawal, notes."""

from __future__ import annotations

from decimal import Decimal

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_programs import AidKind
from cityhub.models.union.members import Member
from cityhub.resolvers import workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.union.aid_applications import (
    AID_WORKFLOW,
    STAFF,
    applications_by_id,
)
from cityhub.resolvers.union.aid_programs import is_money, payout, programs_by_id

NOTE = workflow.NOTE
REASON_MAX = 2000


def _amount_problem(amount: Decimal | None) -> list[Problem]:
    if amount is not None and not (is_money(amount) and amount > 0):
        return [Problem("INVALID_AMOUNT", N_("金额须大于 0，最多两位小数"), "amount")]
    return []


async def _approval(row: dict, amount: Decimal | None) -> dict:
    """The amount staff give, or the program's own; never above the program's limit."""
    (program,) = await programs_by_id([row["program_id"]])
    if program["kind"] == AidKind.STUDENT_AID:
        limit = program["amount_per_student"]
        default = limit
    else:
        limit = program["max_amount_per_claim"]
        default = payout(program, row["self_paid_amount"])
    if amount is None:
        amount = default
    if amount is None:
        raise Rejected(
            Problem("AMOUNT_REQUIRED", N_("该项目没有计算标准，请填写批准金额"), "amount")
        )
    if limit is not None and amount > limit:
        raise Rejected(
            Problem(
                "AMOUNT_ABOVE_LIMIT",
                N_("批准金额不能超过项目上限 {limit} 元"),
                "amount",
                {"limit": f"{limit:,}"},
            )
        )
    return {"approved_amount": amount}


def _payment(row: dict, amount: Decimal | None) -> dict:
    if amount is None:
        raise Rejected(Problem("AMOUNT_REQUIRED", N_("请填写发放金额"), "amount"))
    approved = row["approved_amount"]
    if approved is not None and amount > approved:
        raise Rejected(
            Problem(
                "AMOUNT_ABOVE_APPROVED",
                N_("发放金额不能超过批准金额 {approved} 元"),
                "amount",
                {"approved": f"{approved:,}"},
            )
        )
    return {"paid_amount": amount, "paid_at": clock.now()}


def _check_move(viewer: Viewer, row: dict, action: str, *, is_owner: bool) -> None:
    """Wrong action, role or state first, as `workflow.advance` words them; it checks again
    atomically when the move is written."""
    step = AID_WORKFLOW.transitions.get(action)
    if step is None:
        raise Rejected(Problem("UNKNOWN_ACTION", N_("未知操作"), "action"))
    if not workflow.actor_roles(viewer, is_owner=is_owner) & step.roles:
        raise Rejected(Problem("FORBIDDEN", N_("您不能执行此操作"), "action"))
    if row["state"] not in step.sources:
        message = N_("当前状态为“{state}”，不能执行此操作")
        raise Rejected(Problem("WRONG_STATE", message, "action", {"state": row["state"]}))


async def _changes(action: str, row: dict, reason: str, amount: Decimal | None) -> dict:
    """What the move writes besides the state; a bad amount is refused before anything moves."""
    if problems := _amount_problem(amount):
        raise Rejected(*problems)
    if action == "approve":
        return await _approval(row, amount)
    if action == "pay":
        return _payment(row, amount)
    if action == "reject":
        return {"decision_reason": reason.strip()}
    return {}


async def _visible_row(viewer: Viewer, application_id: int | None) -> tuple[dict, bool]:
    """The application and whether the viewer owns it; NOT_FOUND for other members."""
    (row,) = await applications_by_id([application_id or 0])
    if row is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该申请"), "application"))
    owner = await Member.filter(id=row["member_id"]).first().values("account_id")
    is_owner = viewer.account_id is not None and owner["account_id"] == viewer.account_id
    if not is_owner and not viewer.has_role(*STAFF):
        raise Rejected(Problem("NOT_FOUND", N_("找不到该申请"), "application"))
    return row, is_owner


async def add_note(viewer: Viewer, row: dict, note: str) -> None:
    """A staff-only note on the timeline; the state stays as it is."""
    if not viewer.has_role(*STAFF):
        raise Rejected(Problem("FORBIDDEN", N_("您不能执行此操作"), "action"))
    await workflow.note(AID_WORKFLOW, row["id"], row["state"], viewer, note, public=False)
    await AidApplication.filter(id=row["id"]).update(updated_at=clock.now())


async def review(
    viewer: Viewer,
    application_id: int | None,
    action: str,
    *,
    reason: str = "",
    amount: Decimal | None = None,
) -> dict:
    """Take ``action``; a wrong role, state, reason or amount is refused and nothing moves."""
    row, is_owner = await _visible_row(viewer, application_id)
    if len(reason) > REASON_MAX:
        raise Rejected(Problem("INVALID", N_("原因最多 {max} 个字"), "reason", {"max": REASON_MAX}))
    if action == NOTE:
        await add_note(viewer, row, reason)
    else:
        _check_move(viewer, row, action, is_owner=is_owner)
        changes = await _changes(action, row, reason, amount)
        await workflow.advance(
            AID_WORKFLOW,
            AidApplication,
            row["id"],
            action,
            viewer,
            is_owner=is_owner,
            note=reason,
            changes=changes,
        )
    (updated,) = await applications_by_id([row["id"]])
    return updated
