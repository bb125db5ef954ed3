"""Moving a case through its workflow: who may see it, and one step taken with what it
needs (an assignee, a department, a meeting, an outcome, a rating, photos)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.council.cases import CasePhoto, OutcomeKind
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers import uploads, workflow
from cityhub.resolvers.council.cases import (
    COMMUNITY_WORKER,
    SUBJECT,
    CaseAction,
    case_now,
    cases_by_id,
)
from cityhub.resolvers.council.cases.report import photo_policy, photo_problems
from cityhub.resolvers.council.cases.workflow import CASE_WORKFLOW
from cityhub.resolvers.transactions import atomic

TEXT_MAX = 2000
PLACE_MAX = 100
ATTENDEES_MAX = 30
PARTY_MAX = 10
CENT = Decimal("0.01")
STAFF_NOTE = CaseAction.STAFF_NOTE.value


@dataclass(frozen=True)
class Meeting:
    held_at: dt.datetime
    place: str
    minutes: str
    attendees: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    summary: str
    parties: tuple[str, ...] = ()
    settlement_amount: Decimal | None = None
    settlement_payer: str = ""


@dataclass(frozen=True)
class StepDetails:
    note: str = ""
    assignee_id: int | None = None
    department: str = ""
    meeting: Meeting | None = None
    outcome: Outcome | None = None
    rating: int | None = None


async def may_see(actor: workflow.Actor, row: dict[str, Any] | None) -> bool:
    if row is None:
        return False
    if row["is_public"]:
        return True
    held = await CASE_WORKFLOW.relations(actor, row)
    return bool(held & {workflow.OWNER, COMMUNITY_WORKER})


async def visible_case(actor: workflow.Actor, case_id: int | None) -> dict[str, Any]:
    """The case, if the actor may see it; NOT_FOUND otherwise (a private case is not
    told apart from one that does not exist)."""
    (row,) = await cases_by_id([case_id or 0])
    if row is None or not await may_see(actor, row):
        raise Rejected(Problem("NOT_FOUND", N_("找不到该议事"), "case"))
    return row


def _texts(*pairs: tuple[str, str, int]) -> list[Problem]:
    return [
        Problem("TOO_LONG", N_("最多 {max} 个字"), name, {"max": most})
        for value, name, most in pairs
        if len(value) > most
    ]


def _meeting(meeting: Meeting) -> dict[str, Any]:
    problems = _texts(
        (meeting.place, "meeting.place", PLACE_MAX), (meeting.minutes, "meeting.minutes", TEXT_MAX)
    )
    if not meeting.place.strip() or not meeting.minutes.strip():
        message = N_("请填写议事会的地点和纪要")
        problems.append(Problem("MEETING_REQUIRED", message, "meeting"))
    people = [a.strip() for a in meeting.attendees if a.strip()]
    if len(people) > ATTENDEES_MAX or any(len(a) > PLACE_MAX for a in people):
        message = N_("参会人最多 {max} 位，每位最多 100 个字")
        problems.append(Problem("INVALID", message, "meeting.attendees", {"max": ATTENDEES_MAX}))
    if problems:
        raise Rejected(*problems)
    place, minutes = meeting.place.strip(), meeting.minutes.strip()
    return {"held_at": meeting.held_at, "place": place, "minutes": minutes, "attendees": people}


def _outcome(outcome: Outcome) -> dict[str, Any]:
    problems = _texts((outcome.summary, "outcome.summary", TEXT_MAX))
    if not outcome.summary.strip():
        problems.append(Problem("SUMMARY_REQUIRED", N_("请填写处理结果"), "outcome.summary"))
    parties = [p.strip() for p in outcome.parties if p.strip()]
    if len(parties) > PARTY_MAX or any(len(p) > PLACE_MAX for p in parties):
        message = N_("当事方最多 {max} 个，每个最多 100 个字")
        problems.append(Problem("INVALID", message, "outcome.parties", {"max": PARTY_MAX}))
    amount = outcome.settlement_amount
    if amount is not None and not (amount > 0 and amount == amount.quantize(CENT)):
        message = N_("金额须大于 0，最多两位小数")
        problems.append(Problem("INVALID_AMOUNT", message, "outcome.settlementAmount"))
    if amount is not None and not outcome.settlement_payer.strip():
        message = N_("请填写由谁支付")
        problems.append(Problem("PAYER_REQUIRED", message, "outcome.settlementPayer"))
    problems += _texts((outcome.settlement_payer, "outcome.settlementPayer", PLACE_MAX))
    if problems:
        raise Rejected(*problems)
    return {
        "kind": outcome.kind.value,
        "summary": outcome.summary.strip(),
        "parties": parties,
        "settlement_amount": amount,
        "settlement_payer": outcome.settlement_payer.strip(),
    }


def _params(details: StepDetails) -> dict[str, Any]:
    if details.rating is not None and not 1 <= details.rating <= 5:
        raise Rejected(Problem("INVALID_RATING", N_("请选择 1 到 5 星"), "rating"))
    return {
        "assignee_id": details.assignee_id,
        "department": details.department,
        "meeting": _meeting(details.meeting) if details.meeting else None,
        "outcome": _outcome(details.outcome) if details.outcome else None,
        "rating": details.rating,
    }


@dataclass(frozen=True)
class StepPhotos:
    """Photos an update or a staff note carries, and the platform's upload limits."""

    files: list[uploads.IncomingFile]
    policy: uploads.UploadPolicy


async def _photos(photos: StepPhotos | None) -> uploads.UploadPolicy | None:
    if photos is None or not photos.files:
        return None
    limited = await photo_policy(photos.policy)
    if problems := photo_problems(photos.files, limited):
        raise Rejected(*problems)
    return limited


async def _keep_photos(case_id: int, public: bool, stored: list[uploads.StoredFile]) -> None:
    """The photos, with the entry the step just wrote (staff-only with a staff note)."""
    entry = (
        await TimelineEntry.filter(subject_type=SUBJECT, subject_id=case_id).order_by("-id").first()
    )
    assert entry is not None, "the step wrote its entry"
    now = clock.now()
    await CasePhoto.bulk_create(
        [
            CasePhoto(
                case_id=case_id, entry_id=entry.id, is_public=public, uploaded_at=now, **vars(s)
            )
            for s in stored
        ]
    )


async def take_step(
    actor: workflow.Actor,
    case_id: int | None,
    action: str,
    details: StepDetails,
    photos: StepPhotos | None = None,
) -> dict[str, Any]:
    """Take ``action`` on the case, with its photos for an update or a staff note; a
    wrong role, state, detail or photo is refused and nothing is written. Returns the
    case as it is after the step."""
    row = await visible_case(actor, case_id)
    params = _params(details)
    limited = await _photos(photos)
    stored: list[uploads.StoredFile] = []
    try:
        async with atomic():
            note = details.note
            await workflow.take(CASE_WORKFLOW, row, action, actor, note=note, params=params)
            if photos is not None and limited is not None:
                stored = await uploads.store(photos.files, limited, "council")
                await _keep_photos(row["id"], action != STAFF_NOTE, stored)
    except BaseException:
        if limited is not None:
            uploads.remove(stored, limited)
        raise
    return await case_now(row["id"])
