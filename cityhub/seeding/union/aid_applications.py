"""Seed import of aid applications, with timelines that match their states, and the
writing of generated ones (drawn in seeding.union.volume.applications)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_programs import AidProgram
from cityhub.models.union.members import Member
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.transactions import atomic
from cityhub.resolvers.union.aid_applications import SUBJECT, AidState
from cityhub.resolvers.union.aid_applications.workflow import AID_WORKFLOW
from cityhub.seeding.imports import ImportCounts, upsert
from cityhub.seeding.union.aid_programs import day as _date
from cityhub.seeding.union.aid_programs import money as _money

APPLICANT_LABEL = ("申请人（示例）", "Applicant (sample)")
STAFF_LABEL = ("工会工作人员（示例）", "Union staff (sample)")
BATCH = 1_000
# The actions that lead from submission to each state, for seeds and generated volume.
PATHS = {
    AidState.SUBMITTED: (),
    AidState.UNDER_REVIEW: ("start_review",),
    AidState.APPROVED: ("start_review", "approve"),
    AidState.REJECTED: ("start_review", "reject"),
    AidState.PAID: ("start_review", "approve", "pay"),
    AidState.WITHDRAWN: ("withdraw",),
}
STEP_DAYS = {"start_review": 2, "approve": 9, "reject": 9, "pay": 16, "withdraw": 1}


def path_entries(state: str, submitted_at: datetime) -> list[tuple[str, str, str, datetime]]:
    """(action, from, to, at) for each move from submission to ``state``."""
    entries, current = [], AidState.SUBMITTED.value
    for action in PATHS[AidState(state)]:
        step = AID_WORKFLOW.step(action)
        target = step.target if step else None
        if target is None:
            raise ValueError(f"{action} is not a move of the aid workflow")
        at = submitted_at + timedelta(days=STEP_DAYS[action])
        entries.append((action, current, target, at))
        current = target
    return entries


def _application_row(
    record: dict[str, Any], programs: dict[str, int], members: dict[str, int]
) -> dict[str, Any]:
    submitted = datetime.fromisoformat(record["submitted_at"])
    steps = path_entries(record["state"], submitted)
    paid = record["state"] == AidState.PAID
    return {
        "reference": record["reference"],
        "program_id": programs[record["program"]],
        "member_id": members[record["member"]],
        "state": record["state"],
        "submitted_at": submitted,
        "updated_at": steps[-1][3] if steps else submitted,
        "child_name": record.get("child_name"),
        "school": record.get("school"),
        "admission_year": record.get("admission_year"),
        "channel": record.get("channel"),
        "category": record.get("category"),
        "self_paid_amount": _money(record.get("self_paid_amount")),
        "treatment_started_on": _date(record.get("treatment_started_on")),
        "treatment_ended_on": _date(record.get("treatment_ended_on")),
        "hospital": record.get("hospital"),
        "decision_reason": record.get("decision_reason"),
        "decision_reason_en": record.get("decision_reason_en"),
        "approved_amount": _money(record.get("approved_amount")),
        "paid_amount": _money(record.get("approved_amount")) if paid else None,
        "paid_at": steps[-1][3] if paid else None,
        "is_sample": record["sample"],
    }


def timeline_rows(
    application_id: int, state: str, submitted_at: datetime, reason: tuple[str, str] = ("", "")
) -> list[TimelineEntry]:
    """The entries an application in ``state`` has: its submission and each move since;
    ``reason`` is a rejection's, in Chinese and English."""
    entries = [
        TimelineEntry(
            subject_type=SUBJECT,
            subject_id=application_id,
            action="submit",
            from_state=None,
            to_state=AidState.SUBMITTED.value,
            actor_label=APPLICANT_LABEL[0],
            actor_label_en=APPLICANT_LABEL[1],
            at=submitted_at,
        )
    ]
    for action, source, target, at in path_entries(state, submitted_at):
        actor = APPLICANT_LABEL if action == "withdraw" else STAFF_LABEL
        note = reason if action == "reject" else ("", "")
        entries.append(
            TimelineEntry(
                subject_type=SUBJECT,
                subject_id=application_id,
                action=action,
                from_state=source,
                to_state=target,
                actor_label=actor[0],
                actor_label_en=actor[1],
                note=note[0],
                note_en=note[1],
                at=at,
            )
        )
    return entries


async def import_applications(records: list[dict[str, Any]]) -> ImportCounts:
    """Applications keyed by reference; a timeline is written only where none exists."""
    programs = dict(await AidProgram.all().values_list("code", "id"))
    numbers = [r["member"] for r in records]
    members = dict(await Member.filter(member_no__in=numbers).values_list("member_no", "id"))
    rows = [_application_row(r, programs, members) for r in records]
    counts, ids = await upsert(AidApplication, "reference", rows)
    # Tortoise types every values_list() as tuples; flat=True gives the column's values.
    have = set(
        cast(
            "list[int]",
            await TimelineEntry.filter(subject_type=SUBJECT, subject_id__in=list(ids.values()))
            .distinct()
            .values_list("subject_id", flat=True),
        )
    )
    entries = [
        entry
        for row in rows
        if ids[row["reference"]] not in have
        for entry in timeline_rows(
            ids[row["reference"]],
            row["state"],
            row["submitted_at"],
            (row["decision_reason"] or "", row["decision_reason_en"] or ""),
        )
    ]
    await TimelineEntry.bulk_create(entries)
    return counts


async def insert_generated(batch: list[AidApplication]) -> None:
    """The applications and their timelines, in one transaction."""
    async with atomic():
        await AidApplication.bulk_create(batch)
        refs = [a.reference for a in batch]
        query = AidApplication.filter(reference__in=refs)
        ids = dict(await query.values_list("reference", "id"))
        entries = [
            entry
            for a in batch
            for entry in timeline_rows(
                ids[a.reference],
                a.state,
                a.submitted_at,
                (a.decision_reason or "", a.decision_reason_en or ""),
            )
        ]
        await TimelineEntry.bulk_create(entries, batch_size=BATCH)
