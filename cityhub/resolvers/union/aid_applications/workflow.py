"""The aid application's workflow: submitted -> under review -> approved or rejected ->
paid, or withdrawn by the applicant while it is submitted; staff-only notes at any time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_programs import AidKind
from cityhub.resolvers.union.aid_applications import STAFF, SUBJECT, AidAction, AidState
from cityhub.resolvers.union.aid_programs import payout, programs_by_id
from cityhub.resolvers.workflow import OWNER, Actor, Move, State, Workflow, transition

S = AidState
A = AidAction


async def _relations(actor: Actor, row: dict[str, Any]) -> set[str]:
    """The applicant holds OWNER: the member record's account is theirs (the row carries
    it, see APPLICATION_FIELDS)."""
    account = actor.viewer.account_id
    return {OWNER} if account is not None and row["member__account_id"] == account else set()


def policy_amount(program: dict[str, Any], row: dict[str, Any]) -> Decimal | None:
    """What the program's policy gives for an application: a student's fixed amount, or the
    medical formula (self-paid x ratio, capped at the per-claim maximum); None when the
    program has no formula (staff then enter the amount)."""
    if program["kind"] == AidKind.STUDENT_AID:
        amount: Decimal | None = program["amount_per_student"]
        return amount
    return payout(program, row["self_paid_amount"])


def _ceilings(program: dict[str, Any], row: dict[str, Any]) -> list[tuple[str, str, Decimal]]:
    """What an approved amount may not pass (code, message, amount): the policy's amount,
    the program's limit, and for medical aid the part the member paid."""
    medical = program["kind"] == AidKind.MEDICAL
    limit = program["max_amount_per_claim" if medical else "amount_per_student"]
    ceilings = (
        (
            "AMOUNT_ABOVE_POLICY",
            N_("批准金额不能超过按政策计算的 {limit} 元"),
            policy_amount(program, row),
        ),
        ("AMOUNT_ABOVE_LIMIT", N_("批准金额不能超过项目上限 {limit} 元"), limit),
        (
            "AMOUNT_ABOVE_SELF_PAID",
            N_("批准金额不能超过个人自付部分 {limit} 元"),
            row["self_paid_amount"] if medical else None,
        ),
    )
    return [(code, message, value) for code, message, value in ceilings if value is not None]


async def _approve(move: Move) -> dict[str, Any]:
    """The amount staff give, or the policy's own; never above the policy's amount, the
    program's limit or (medical) what the member paid."""
    row, amount = move.row, move.params.get("amount")
    (program,) = await programs_by_id([row["program_id"]])
    assert program is not None, "an application's program cannot be deleted (RESTRICT)"
    amount = policy_amount(program, row) if amount is None else amount
    if amount is None:
        raise Rejected(
            Problem("AMOUNT_REQUIRED", N_("该项目没有计算标准，请填写批准金额"), "amount")
        )
    passed = [
        Problem(code, message, "amount", {"limit": f"{value:,}"})
        for code, message, value in _ceilings(program, row)
        if amount > value
    ]
    if passed:
        raise Rejected(*passed)
    return {"approved_amount": amount}


async def _pay(move: Move) -> dict[str, Any]:
    amount: Decimal | None = move.params.get("amount")
    if amount is None:
        raise Rejected(Problem("AMOUNT_REQUIRED", N_("请填写发放金额"), "amount"))
    approved = move.row["approved_amount"]
    if approved is not None and amount > approved:
        message = N_("发放金额不能超过批准金额 {approved} 元")
        params = {"approved": f"{approved:,}"}
        raise Rejected(Problem("AMOUNT_ABOVE_APPROVED", message, "amount", params))
    return {"paid_amount": amount, "paid_at": clock.now()}


async def _reject(move: Move) -> dict[str, Any]:
    return {"decision_reason": move.note}


AID_WORKFLOW = Workflow(
    subject=SUBJECT,
    model=AidApplication,
    description="submitted -> under review -> approved or rejected -> paid; or withdrawn.",
    states=(
        State(S.SUBMITTED, N_("已提交")),
        State(S.UNDER_REVIEW, N_("审核中")),
        State(S.APPROVED, N_("已批准")),
        State(S.REJECTED, N_("未通过"), final=True),
        State(S.PAID, N_("已发放"), final=True),
        State(S.WITHDRAWN, N_("已撤回"), final=True),
    ),
    initial=S.SUBMITTED,
    transitions=(
        transition("start_review", N_("开始审核"), [S.SUBMITTED], S.UNDER_REVIEW, STAFF),
        transition("approve", N_("批准"), [S.UNDER_REVIEW], S.APPROVED, STAFF),
        transition("reject", N_("不予通过"), [S.UNDER_REVIEW], S.REJECTED, STAFF, needs_note=True),
        transition("pay", N_("发放"), [S.APPROVED], S.PAID, STAFF),
        transition("withdraw", N_("撤回"), [S.SUBMITTED], S.WITHDRAWN, [OWNER]),
        transition("note", N_("内部备注"), list(S), None, STAFF, public=False, needs_note=True),
    ),
    relations=_relations,
    prepare={A.APPROVE: _approve, A.PAY: _pay, A.REJECT: _reject},
)
