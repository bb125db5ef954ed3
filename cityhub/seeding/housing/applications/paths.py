"""The moves a sample rental application took to reach its state, each at its time, and
the timeline entries they leave, written as the live workflow writes them: the applicant's
own steps online (or an officer's in person for a walk-in), the officers' in person, the
fund centre's by the simulator (SYSTEM), the expiry by CityHub."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.housing.applications.centre import SIMULATED_LABEL
from cityhub.resolvers.housing.applications.workflow import RENT_WORKFLOW, SUBJECT, A, S
from cityhub.resolvers.workflow import SUBMIT, Channel

OFFICER = ("住房工作人员（示例）", "Housing officer (sample)")
APPLICANT_EN = "Applicant (sample)"  # the Chinese label is the applicant's display name
CENTRE = (SIMULATED_LABEL, "Housing provident fund centre (simulated)")
CITYHUB = ("CityHub", "CityHub")
_FUND = (A.SIGN_LEASE, A.CHOOSE_FUND, A.VERIFY_ACCOUNT, A.SIGN_AUTHORIZATION)
# The moves from the reservation to each state that is not final.
PATHS: dict[str, tuple[str, ...]] = {
    S.RESERVED: (),
    S.LEASED: (A.SIGN_LEASE,),
    S.FUND_CHOSEN: (A.SIGN_LEASE, A.CHOOSE_FUND),
    S.VERIFIED: _FUND[:3],
    S.AUTHORIZED: _FUND,
    S.SUBMITTED: (*_FUND, A.SUBMIT_TO_CENTRE),
    S.APPROVED: (*_FUND, A.SUBMIT_TO_CENTRE, A.CENTRE_APPROVE),
    S.REJECTED: (*_FUND, A.SUBMIT_TO_CENTRE, A.CENTRE_REJECT),
    S.PAID: (*_FUND, A.SUBMIT_TO_CENTRE, A.CENTRE_APPROVE),  # then one move per transfer
}
# A final state's last move, taken from the state the record names (`withdrawn_from`;
# paying by oneself from the lease, expiring from the reservation).
FINAL_MOVES = {S.SELF_PAY: A.CHOOSE_SELF, S.WITHDRAWN: A.WITHDRAW, S.EXPIRED: A.EXPIRE}
FINAL_FROM = {S.SELF_PAY: S.LEASED, S.EXPIRED: S.RESERVED}
# How long after the move before it each move is taken.
AFTER: dict[str, timedelta] = {
    A.SIGN_LEASE: timedelta(days=1),
    A.CHOOSE_FUND: timedelta(minutes=15),
    A.CHOOSE_SELF: timedelta(minutes=15),
    A.VERIFY_ACCOUNT: timedelta(days=2),
    A.SIGN_AUTHORIZATION: timedelta(minutes=40),
    A.SUBMIT_TO_CENTRE: timedelta(days=1),
    A.CENTRE_APPROVE: timedelta(seconds=4),  # the simulator answers at once
    A.CENTRE_REJECT: timedelta(seconds=4),
    A.WITHDRAW: timedelta(days=1),
}
EXPIRY_DELAY = timedelta(minutes=1)  # the expiry job looks every minute
APPLICANT_ACTIONS = {SUBMIT, A.SIGN_LEASE, A.CHOOSE_FUND, A.CHOOSE_SELF}
APPLICANT_ACTIONS |= {A.SIGN_AUTHORIZATION, A.WITHDRAW}


@dataclass(frozen=True)
class Step:
    action: str
    source: str | None
    target: str
    at: datetime
    note: tuple[str, str] = ("", "")  # Chinese, English


@dataclass(frozen=True)
class Applicant:
    id: int
    name: str  # the display name, the label of their own steps
    months: int  # the fund centre's consecutive months, for the check's note
    walk_in: bool = False  # their steps taken for them by an officer, in person


def actions(state: str, via: str | None) -> tuple[str, ...]:
    if state in FINAL_MOVES:
        start = via or FINAL_FROM[S(state)]
        return (*PATHS[start], FINAL_MOVES[S(state)])
    return PATHS[state]


def _moved(current: str, action: str) -> str:
    step = RENT_WORKFLOW.step(action)
    if step is None or current not in step.sources:
        raise ValueError(f"{action} is not a move of a rental application in {current}")
    return step.target or current


def path(record: dict[str, Any], submitted: datetime, reserved_until: datetime) -> list[Step]:
    """The reservation and each move since, in order; ValueError for a move the workflow
    does not allow or a lease signed after the reservation ran out."""
    steps = [Step(SUBMIT, None, S.RESERVED, submitted)]
    for action in actions(record["state"], record.get("withdrawn_from")):
        at = reserved_until + EXPIRY_DELAY if action == A.EXPIRE else steps[-1].at + AFTER[action]
        if action == A.SIGN_LEASE and at >= reserved_until:
            raise ValueError(f"{record['reference']}: the lease is signed after the hold")
        note = ("", "")
        if action == A.WITHDRAW:
            note = (record["reason"], record["reason_en"])
        if action == A.CENTRE_REJECT:
            note = (record["centre_reason"], record["centre_reason_en"])
        steps.append(Step(action, steps[-1].target, _moved(steps[-1].target, action), at, note))
    return steps


def transfer_step(previous: Step, transfer: dict[str, Any]) -> Step:
    """The officer's move that records one transfer, with the note the live step writes."""
    at, start, amount = transfer["at"], transfer["period_start"], transfer["amount"]
    if at <= previous.at:
        raise ValueError(f"transfer {transfer['key']} is not after the step before it")
    note = (
        f"{start:%Y年%m月}起 {transfer['months']} 个月房租 {amount} 元已划转至租建投公司账户，"
        f"公积金中心（模拟）流水号 {transfer['reference']}",
        f"Rent for {transfer['months']} months from {start:%Y-%m}, {amount} yuan, transferred "
        f"to the operator's account; fund centre (simulated) receipt {transfer['reference']}",
    )
    return Step(
        A.TRANSFER_RENT, previous.target, _moved(previous.target, A.TRANSFER_RENT), at, note
    )


def _who(step: Step, applicant: Applicant) -> tuple[tuple[str, str], str, int | None]:
    """(label, channel, account) of the one who took ``step``."""
    if step.action in (A.CENTRE_APPROVE, A.CENTRE_REJECT):
        return CENTRE, Channel.SYSTEM, None
    if step.action == A.EXPIRE:
        return CITYHUB, Channel.SYSTEM, None
    if step.action in APPLICANT_ACTIONS and not applicant.walk_in:
        return (applicant.name, APPLICANT_EN), Channel.ONLINE, applicant.id
    return OFFICER, Channel.IN_PERSON, None


def _note(step: Step, applicant: Applicant) -> tuple[str, str]:
    if step.action != A.VERIFY_ACCOUNT:
        return step.note
    months = applicant.months
    return (
        f"公积金中心（模拟）查验通过：连续足额缴存 {months} 个月，账户正常",
        f"Fund centre (simulated) check passed: {months} months of full contributions "
        "in a row, the account clear",
    )


def timeline_rows(
    application_id: int, steps: list[Step], applicant: Applicant
) -> list[TimelineEntry]:
    entries = []
    for step in steps:
        label, channel, account = _who(step, applicant)
        note = _note(step, applicant)
        entries.append(
            TimelineEntry(
                subject_type=SUBJECT,
                subject_id=application_id,
                action=step.action,
                from_state=step.source,
                to_state=step.target,
                actor_account_id=account,
                actor_label=label[0],
                actor_label_en=label[1],
                channel=channel,
                note=note[0],
                note_en=note[1],
                is_public=True,
                at=step.at,
            )
        )
    return entries


def amount(monthly_rent: Decimal, months: int) -> Decimal:
    return (monthly_rent * months).quantize(Decimal("0.01"))
