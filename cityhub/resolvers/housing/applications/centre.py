"""Steps 6 and 7: staff submit an application to the fund centre, and the centre decides.

Submitting moves the application to SUBMITTED and makes its delivery due; delivering it
is a call to the centre outside any transaction, tried at once and then by the
`housing.fund_centre_submissions` job. While the centre does not take it, the application
stays submitted and the next try waits twice as long as the last (attempts, the last
error and the next try are on the application for the officers' queue); nothing else
changes. Once the centre takes it, its case reference is kept; its decision comes back
as `record_decision` (the SYSTEM role): at once from the simulator, or later from the
real centre through recordFundCentreDecision. The same answer twice changes nothing the
second time; a contrary one after a decision is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.expressions import Q

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.housing.applications import RentalApplication
from cityhub.resolvers import workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.housing.applications import application_now, applications_by_id
from cityhub.resolvers.housing.applications.reserve import visible_application
from cityhub.resolvers.housing.applications.workflow import RENT_WORKFLOW, A, S
from cityhub.resolvers.housing.fund_accounts import (
    SIMULATION,
    FundCentre,
    FundCentreUnavailable,
    Submission,
    ask,
)

RETRY_MAX_SECONDS = 3600.0  # the longest wait between two tries
CENTRE_LABEL = "住房公积金中心"
SIMULATED_LABEL = "住房公积金中心（模拟）"
ERROR_MAX = 255
DECIDED = {S.APPROVED: True, S.PAID: True, S.REJECTED: False}


def centre_actor(viewer: Viewer, simulated: bool) -> workflow.Actor:
    label = SIMULATED_LABEL if simulated else CENTRE_LABEL
    return workflow.Actor(viewer, workflow.Channel.SYSTEM, system=label)


async def submit(
    viewer: Viewer, application_id: int | None, centre: FundCentre, retry_seconds: float
) -> dict[str, Any]:
    """An officer submits (AUTHORIZED), or sends again now one the centre has not taken
    (SUBMITTED); either way one delivery is tried at once."""
    row = await visible_application(viewer, application_id)
    action = A.RETRY_SUBMISSION if row["state"] == S.SUBMITTED else A.SUBMIT_TO_CENTRE
    actor = workflow.Actor(viewer, workflow.Channel.IN_PERSON)
    await workflow.take(RENT_WORKFLOW, row, action, actor)
    await deliver(row["id"], centre, retry_seconds)
    return await application_now(row["id"])


def next_wait(attempts: int, retry_seconds: float) -> float:
    """Seconds before the next try after ``attempts`` failed ones: doubling, capped."""
    wait: float = retry_seconds * 2.0 ** max(attempts - 1, 0)
    return min(wait, RETRY_MAX_SECONDS)


async def deliver(application_id: int, centre: FundCentre, retry_seconds: float) -> str:
    """Hand one submitted application to the centre; returns what happened: taken,
    retrying, or skipped (not submitted, or taken already)."""
    row = await application_now(application_id)
    if row["state"] != S.SUBMITTED or row["centre_reference"]:
        return "skipped"
    submission = Submission(row["reference"], row["applicant_id"], row["monthly_rent"])
    try:
        answer = await ask(centre.submit(submission))
    except FundCentreUnavailable as failure:
        attempts = row["centre_attempts"] + 1
        wait = dt.timedelta(seconds=next_wait(attempts, retry_seconds))
        await RentalApplication.filter(
            id=row["id"], state=S.SUBMITTED, centre_attempts=row["centre_attempts"]
        ).update(
            centre_attempts=attempts,
            centre_next_attempt_at=clock.now() + wait,
            centre_error=str(failure)[:ERROR_MAX],
            fund_centre=centre.name,
        )
        return "retrying"
    await RentalApplication.filter(id=row["id"], state=S.SUBMITTED).update(
        centre_reference=answer.case_reference,
        centre_error="",
        centre_next_attempt_at=None,
        fund_centre=centre.name,
    )
    if answer.approved is not None:
        actor = centre_actor(Viewer(), answer.simulated)
        await record_decision(actor, row["id"], answer.approved, answer.reason)
    return "taken"


async def deliver_due(centre: FundCentre, retry_seconds: float) -> int:
    """Every submission due now (the job's pass); returns how many the centre took."""
    due = Q(centre_next_attempt_at__isnull=True) | Q(centre_next_attempt_at__lte=clock.now())
    rows = await (
        RentalApplication.filter(due, state=S.SUBMITTED, centre_reference="")
        .order_by("centre_next_attempt_at")
        .limit(200)
        .values("id")
    )
    outcomes = [await deliver(row["id"], centre, retry_seconds) for row in rows]
    return outcomes.count("taken")


def _same(row: dict[str, Any], approved: bool) -> bool:
    return DECIDED.get(S(row["state"])) is approved


async def record_decision(
    actor: workflow.Actor,
    application_id: int | None,
    approved: bool,
    reason: str = "",
    case_reference: str = "",
) -> dict[str, Any]:
    """The centre's answer. A submitted application moves to approved or rejected (a
    rejection needs its reason); the same answer again returns it unchanged; the other
    answer after a decision, or an answer to one never submitted, is refused."""
    (row,) = await applications_by_id([application_id or 0])
    if row is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该申请"), "application"))
    if _same(row, approved):
        return row  # the same answer again: already recorded
    if row["state"] in DECIDED:
        message = N_("公积金中心已作出相反的决定，不能更改")
        raise Rejected(Problem("DECISION_CONFLICT", message, "approved"))
    action = A.CENTRE_APPROVE if approved else A.CENTRE_REJECT
    params = {"centre_reference": case_reference} if case_reference else {}
    params["fund_centre"] = SIMULATION if actor.system == SIMULATED_LABEL else "centre"
    try:
        await workflow.take(RENT_WORKFLOW, row, action, actor, note=reason, params=params)
    except Rejected:
        again = await application_now(row["id"])
        if _same(again, approved):  # the same answer, arriving at the same moment
            return again
        raise
    return await application_now(row["id"])
