"""Seed import of the council cases (议事): each record's steps walked through the case
workflow as the live moves take them (from the state the last one left, where the workflow
allows it, by one who may), and from them the case's state and dates, its referrals,
meetings, outcome and timeline. Keyed by reference, numbered above the live numbers (the
row id); a second run changes nothing, and a case moved since is put back."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from tortoise.models import Model

from cityhub import clock
from cityhub.models.accounts import Account
from cityhub.models.council import cases as m
from cityhub.models.council.categories import CaseCategory
from cityhub.models.council.communities import AreaKind, CommunityWorker, CouncilArea
from cityhub.models.council.residents import TalentMember
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.council.cases import SUBJECT, CaseAction, CaseState, normalise, policy
from cityhub.resolvers.council.cases.attributes import checked_attributes
from cityhub.resolvers.council.cases.report import DESCRIPTION, TITLE
from cityhub.resolvers.council.cases.workflow import CASE_WORKFLOW
from cityhub.resolvers.workflow import OWNER, SUBMIT, Channel
from cityhub.seeding.imports import ImportCounts, one_record, upsert

A = CaseAction
REFERENCE = re.compile(r"YS(\d{4})-(\d{6})")
REFERENCE_FLOOR = 900_000  # live references number the row id: seeded ones sit above them
COMMUNITY = ("中车社区", "Zhongche Community")  # a step the source gives to the community
RESIDENT_EN = "Resident (sample)"  # the Chinese label is the reporter's display name
OWNER_ACTIONS = {t.action for t in CASE_WORKFLOW.transitions if OWNER in t.roles}
NEEDS: dict[str, str] = {A.REFER: "department", A.RECORD_MEETING: "meeting"}
NEEDS |= {A.RESOLVE: "outcome", A.MEDIATE: "outcome", A.RATE: "rating"}
CENT = Decimal("0.01")
WORKER_FIELDS = ("id", "code", "name", "name_en", "account_id", "community_id")
TEXTS = ("reporter_name", "reporter_phone", "title_en", "description_en", "address")


@dataclass(frozen=True)
class Step:
    """One move as the timeline keeps it, with what it carried (meeting, outcome...)."""

    action: str
    from_state: str | None
    to_state: str
    at: dt.datetime
    actor_label: str
    actor_label_en: str
    channel: str
    actor_account_id: int | None
    note: str = ""
    note_en: str = ""
    is_public: bool = True
    given: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Known:
    categories: dict[str, dict[str, Any]]
    compounds: dict[str, dict[str, Any]]
    workers: dict[str, dict[str, Any]]
    accounts: dict[str, dict[str, Any]]
    talents: dict[str, int]
    reopen_for: dt.timedelta  # the policy's days


def moment(text: str) -> dt.datetime:
    if (at := dt.datetime.fromisoformat(text)).tzinfo is None:
        raise ValueError(f"{text}: a seed time carries its offset")
    return at.astimezone(dt.UTC)


def moved(current: str | None, action: str) -> str | None:
    """The state ``action`` leaves ``current`` in; None where the workflow has no such move."""
    if current is None or action == SUBMIT:
        return CASE_WORKFLOW.initial if current is None and action == SUBMIT else None
    step = CASE_WORKFLOW.step(action)
    return None if step is None or current not in step.sources else step.target or current


def _check_given(reference: str, action: str, given: dict[str, Any]) -> None:
    """What the live move refuses: no note, meeting, outcome or rating where it needs one."""
    step = CASE_WORKFLOW.step(action)
    if step is not None and step.needs_note and not given.get("note"):
        raise ValueError(f"{reference}: {action} needs a note")
    if action in NEEDS and not given.get(NEEDS[action]):
        raise ValueError(f"{reference}: {action} needs its {NEEDS[action]}")
    if "outcome" in given:
        kind = m.OutcomeKind(given["outcome"]["kind"])
        if (action == A.MEDIATE) != (kind == m.OutcomeKind.MEDIATION_AGREEMENT):
            raise ValueError(f"{reference}: a mediation, and only one, ends in an agreement")
        amount = given["outcome"].get("settlement_amount")
        if amount is not None and Decimal(amount) != Decimal(amount).quantize(CENT):
            raise ValueError(f"{reference}: {amount} yuan has more than two places")
    if action == A.RATE and not 1 <= int(given["rating"]) <= 5:
        raise ValueError(f"{reference}: a rating is 1 to 5")


Who = tuple[str, str, str, int | None]


def _who(record: dict[str, Any], given: dict[str, Any], known: Known) -> Who:
    """(label, label_en, channel, account): the reporter online, the community or a worker."""
    by, action = given["by"], given["action"]
    reporter = known.accounts.get(record.get("reporter") or "")
    if (by == "reporter") != (
        action in OWNER_ACTIONS or (action == SUBMIT and reporter is not None)
    ):
        raise ValueError(f"{record['reference']}: {action} is not {by}'s to take")
    if by == "reporter":
        if reporter is None or record.get("channel", "online") != Channel.ONLINE:
            raise ValueError(f"{record['reference']}: the reporter has no account here")
        return reporter["display_name"], RESIDENT_EN, Channel.ONLINE, reporter["id"]
    channel = Channel(record["channel"]) if action == SUBMIT else Channel.IN_PERSON
    if by == "community":
        return *COMMUNITY, channel, None
    worker = known.workers[by]
    if worker["community_id"] != known.compounds[record["compound"]]["community_id"]:
        raise ValueError(f"{record['reference']}: {by} is not of the case's community")
    return worker["name"], worker["name_en"], channel, worker["account_id"]


def path(record: dict[str, Any], known: Known) -> list[Step]:
    """The record's steps in order, each checked; ValueError for any the API refuses."""
    steps: list[Step] = []
    for given in record["steps"]:
        current = steps[-1].to_state if steps else None
        target, at = moved(current, given["action"]), moment(given["at"])
        if target is None or (steps and at < steps[-1].at):
            raise ValueError(f"{record['reference']}: {given['action']} from {current} then")
        _check_given(record["reference"], given["action"], given)
        closed = _last(steps, A.CLOSE)
        if given["action"] == A.REOPEN and closed and at > closed.at + known.reopen_for:
            raise ValueError(f"{record['reference']}: reopened after the policy's days")
        note = (given.get("note", ""), given.get("note_en", ""), given["action"] != A.STAFF_NOTE)
        who = _who(record, given, known)
        steps.append(Step(given["action"], current, target, at, *who, *note, given))
    if steps[-1].to_state != record["state"] or [s.action for s in steps].count(A.RATE) > 1:
        raise ValueError(f"{record['reference']}: ends in {steps[-1].to_state}, rated once")
    return steps


def _last(steps: list[Step], *actions: str) -> Step | None:
    return next((s for s in reversed(steps) if s.action in actions), None)


def _dates(steps: list[Step], state: str, reopen_for: dt.timedelta) -> dict[str, Any]:
    """The columns the moves set: taken on, resolved, closed, reopened, rated."""
    accepted, resolved = _last(steps, A.ACCEPT), _last(steps, A.RESOLVE, A.MEDIATE)
    closed = _last(steps, A.CLOSE) if state == CaseState.CLOSED else None
    rated = _last(steps, A.RATE)
    return {
        "accepted_at": accepted.at if accepted else None,
        "resolved_at": resolved.at if resolved else None,
        "closed_at": closed.at if closed else None,
        "reopen_until": closed.at + reopen_for if closed else None,
        "reopened": sum(1 for s in steps if s.action == A.REOPEN),
        "rating": int(rated.given["rating"]) if rated else None,
        "rating_comment": rated.note if rated else "",
        "rated_at": rated.at if rated else None,
    }


def case_row(record: dict[str, Any], known: Known, steps: list[Step]) -> dict[str, Any]:
    """The case's own row, checked as submitCouncilCase checks a report."""
    ref, category = record["reference"], known.categories[record["category"]]
    compound = known.compounds[record["compound"]]
    title, description = record["title"].strip(), record["description"].strip()
    lengths = ((len(title), TITLE), (len(description), DESCRIPTION))
    if any(not low <= n <= high for n, (low, high) in lengths):
        raise ValueError(f"{ref}: the title or the account is not of a length the API takes")
    assignee, first = record.get("assignee"), steps[0]
    if assignee and known.workers[assignee]["community_id"] != compound["community_id"]:
        raise ValueError(f"{ref}: {assignee} is not of the case's community")
    return {
        "reference": ref,
        "state": record["state"],
        "submitted_at": steps[0].at,
        "updated_at": steps[-1].at,
        "is_sample": bool(record["sample"]),
        "reporter_id": known.accounts.get(record.get("reporter") or "", {}).get("id"),
        "anonymous": record.get("anonymous", False),
        "recorded_by_id": first.actor_account_id if first.channel != Channel.ONLINE else None,
        "community_id": compound["community_id"],
        "compound_id": compound["id"],
        "category_id": category["id"],
        "title": title,
        "description": description,
        **{name: record.get(name, "") for name in TEXTS},
        "attributes": checked_attributes(category["attributes"], record.get("attributes", {})),
        "is_public": record.get("is_public", True),
        "priority": record.get("priority", "normal"),
        "assignee_id": known.workers[assignee]["id"] if assignee else None,
        "search_text": normalise(title, description, record.get("address", "")),
        **_dates(steps, record["state"], known.reopen_for),
    }


def children(
    record: dict[str, Any], known: Known, steps: list[Step]
) -> dict[type[Model], list[dict[str, Any]]]:
    """What hangs off the case, as the moves write it (without the case's id)."""
    participants = [
        {"kind": m.ParticipantKind(p["kind"]).value, "name": p["name"], "name_en": p["name_en"]}
        | {"talent_id": known.talents[p["talent"]] if p.get("talent") else None}
        for p in record.get("participants", [])
    ]
    meetings = [
        {"held_at": s.at, "attendees": [], **s.given["meeting"]}
        for s in steps
        if s.action == A.RECORD_MEETING
    ]
    referrals: list[dict[str, Any]] = []
    for s in steps:
        if s.action == A.REFER:
            to = {"department": s.given["department"], "referred_at": s.at, "answered_at": None}
            to |= {"department_en": s.given.get("department_en", ""), "answer": "", "answer_en": ""}
            referrals.append(to)
        if s.action == A.DEPARTMENT_ANSWER:
            referrals[-1] |= {"answer": s.note, "answer_en": s.note_en, "answered_at": s.at}
    outcome = _last(steps, A.RESOLVE, A.MEDIATE)
    outcomes = []
    if outcome is not None:
        given = {"parties": [], "settlement_payer": "", **outcome.given["outcome"]}
        amount = given.get("settlement_amount")
        given["settlement_amount"] = Decimal(amount).quantize(CENT) if amount else None
        outcomes.append({**given, "agreed_at": outcome.at})
    made = {m.CaseParticipant: participants, m.CaseMeeting: meetings, m.CaseReferral: referrals}
    return made | {m.CaseOutcome: outcomes}


def timeline(steps: list[Step]) -> list[dict[str, Any]]:
    """The timeline entries the moves leave (without subject_type and subject_id)."""
    return [{k: v for k, v in asdict(s).items() if k != "given"} for s in steps]


async def _replace(
    model: type[Model], where: dict[str, Any], rows: list[dict[str, Any]]
) -> ImportCounts:
    """The rows, where those there differ (all of them replaced, in order)."""
    names = sorted({name for row in rows for name in row})
    have = await model.filter(**where).order_by("id").values(*names)
    if have == [{k: row[k] for k in names} for row in rows]:
        return ImportCounts(unchanged=1)
    await model.filter(**where).delete()
    await model.bulk_create([model(**where, **row) for row in rows])
    return ImportCounts(updated=1)


async def read_known() -> Known:
    workers = await CommunityWorker.all().values(*WORKER_FIELDS)
    accounts = await Account.filter(username__startswith="council-").values(
        "id", "username", "display_name"
    )
    talents = await TalentMember.all().values_list("resident__account__username", "id")
    compounds = await CouncilArea.filter(kind=AreaKind.COMPOUND).values(
        "id", "code", "community_id"
    )
    categories = await CaseCategory.all().values("id", "code", "attributes", "is_active")
    return Known(
        categories={c["code"]: c for c in categories if c["is_active"]},
        compounds={c["code"]: c for c in compounds},
        workers={w["code"]: w for w in workers},
        accounts={a["username"]: a for a in accounts},
        talents=dict(talents),
        reopen_for=dt.timedelta(days=(await policy())["reopen_days"]),
    )


def _check_reference(record: dict[str, Any], at: dt.datetime) -> None:
    """Numbered above the live numbers, in the year of its report."""
    found, year = REFERENCE.fullmatch(record["reference"]), str(clock.local_date(at).year)
    if found is None or int(found[2]) <= REFERENCE_FLOOR or found[1] != year:
        raise ValueError(f"{record['reference']}: not YS{year}- above {REFERENCE_FLOOR}")


async def _import_one(record: dict[str, Any], known: Known) -> ImportCounts:
    steps = path(record, known)
    _check_reference(record, steps[0].at)
    own, ids = await upsert(m.CouncilCase, "reference", [case_row(record, known, steps)])
    case_id = ids[record["reference"]]
    parts = [own]
    for model, rows in children(record, known, steps).items():
        parts.append(await _replace(model, {"case_id": case_id}, rows))
    where = {"subject_type": SUBJECT, "subject_id": case_id}
    parts.append(await _replace(TimelineEntry, where, timeline(steps)))
    return one_record(*parts)


async def import_cases(records: list[dict[str, Any]]) -> ImportCounts:
    known = await read_known()
    counts = ImportCounts()
    for record in records:
        counts += await _import_one(record, known)
    return counts
