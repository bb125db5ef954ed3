"""Seed imports for aid: programs, and sample applications with consistent timelines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from cityhub.models.union.aid import AidProgram
from cityhub.models.union.members import Member
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.imports import ImportCounts, upsert
from cityhub.resolvers.union.aid import CENT
from cityhub.resolvers.union.aid_applications import (
    SUBJECT,
    AidApplication,
    AidState,
    path_entries,
)

MONEY = ("self_paid_threshold", "max_amount_per_claim", "amount_per_student")
DATES = ("opens_on", "closes_on")
RATIO = Decimal("0.0001")
APPLICANT_LABEL = "申请人（示例）"
STAFF_LABEL = "工会工作人员（示例）"


def _money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT)


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _program_row(record: dict) -> dict:
    ratio = record.get("reimbursement_ratio")
    return {
        "code": record["code"],
        "kind": record["kind"],
        "year": record["year"],
        "name": record["name"],
        "summary": record.get("summary", ""),
        "partner": record.get("partner", ""),
        "covered_categories": record.get("covered_categories", []),
        "chronic_outpatient_per_year": record.get("chronic_outpatient_per_year"),
        "reimbursement_ratio": None if ratio is None else Decimal(ratio).quantize(RATIO),
        "max_students_per_member": record.get("max_students_per_member"),
        "non_hardship_channel": record.get("non_hardship_channel", False),
        "sample_fields": record.get("sample_fields", []),
        **{key: _money(record.get(key)) for key in MONEY},
        **{key: _date(record.get(key)) for key in DATES},
    }


async def import_programs(records: list[dict]) -> ImportCounts:
    counts, _ = await upsert(AidProgram, "code", [_program_row(r) for r in records])
    return counts


def _application_row(record: dict, programs: dict, members: dict) -> dict:
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
        "approved_amount": _money(record.get("approved_amount")),
        "paid_amount": _money(record.get("approved_amount")) if paid else None,
        "paid_at": steps[-1][3] if paid else None,
        "is_sample": record["sample"],
    }


def timeline_rows(
    application_id: int, state: str, submitted_at: datetime, reason: str = ""
) -> list[TimelineEntry]:
    """The entries an application in ``state`` has: its submission and each move since."""
    entries = [
        TimelineEntry(
            subject_type=SUBJECT,
            subject_id=application_id,
            action="submit",
            from_state=None,
            to_state=AidState.SUBMITTED.value,
            actor_label=APPLICANT_LABEL,
            at=submitted_at,
        )
    ]
    for action, source, target, at in path_entries(state, submitted_at):
        entries.append(
            TimelineEntry(
                subject_type=SUBJECT,
                subject_id=application_id,
                action=action,
                from_state=source,
                to_state=target,
                actor_label=APPLICANT_LABEL if action == "withdraw" else STAFF_LABEL,
                note=reason if action == "reject" else "",
                at=at,
            )
        )
    return entries


async def import_applications(records: list[dict]) -> ImportCounts:
    """Applications keyed by reference; a timeline is written only where none exists."""
    programs = dict(await AidProgram.all().values_list("code", "id"))
    numbers = [r["member"] for r in records]
    members = dict(await Member.filter(member_no__in=numbers).values_list("member_no", "id"))
    rows = [_application_row(r, programs, members) for r in records]
    counts, ids = await upsert(AidApplication, "reference", rows)
    have = set(
        await TimelineEntry.filter(subject_type=SUBJECT, subject_id__in=list(ids.values()))
        .distinct()
        .values_list("subject_id", flat=True)
    )
    entries = [
        entry
        for row in rows
        if ids[row["reference"]] not in have
        for entry in timeline_rows(
            ids[row["reference"]], row["state"], row["submitted_at"], row["decision_reason"] or ""
        )
    ]
    await TimelineEntry.bulk_create(entries)
    return counts
