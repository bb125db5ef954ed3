"""Seed import and generated volume of aid applications, with timelines that match their states.

Generated references carry a V (YL2024-V0000001) so they never meet the id-based
references of real applications; generated enrolments go to the latest medical mutual aid
program (2024 in the seeds, the year the source counts ~50,000 enrolled)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_programs import AidKind, AidProgram, MedicalCategory
from cityhub.models.union.members import Member
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.transactions import atomic
from cityhub.resolvers.union.aid_applications import SUBJECT, AidState
from cityhub.resolvers.union.aid_applications.workflow import AID_WORKFLOW
from cityhub.resolvers.union.aid_programs import CENT, payout
from cityhub.seeding.batches import batches, unit_random
from cityhub.seeding.imports import ImportCounts, upsert
from cityhub.seeding.union.aid_programs import day as _date
from cityhub.seeding.union.aid_programs import money as _money

APPLICANT_LABEL = "申请人（示例）"
STAFF_LABEL = "工会工作人员（示例）"
BATCH = 1_000
MEDICAL_SHARE = 0.8
STATES = (
    (AidState.SUBMITTED, 0.12),
    (AidState.UNDER_REVIEW, 0.12),
    (AidState.APPROVED, 0.14),
    (AidState.REJECTED, 0.12),
    (AidState.PAID, 0.45),
    (AidState.WITHDRAWN, 0.05),
)
SCHOOLS = ("山西大学", "太原理工大学", "中北大学", "山西医科大学", "山西财经大学", "太原师范学院")
HOSPITALS = ("山西省人民医院", "太原市中心医院", "山西白求恩医院", "山西医科大学第一医院")
CHILD_NAMES = "子涵梓轩雨桐欣怡浩然思远一诺佳怡"
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
            ids[row["reference"]], row["state"], row["submitted_at"], row["decision_reason"] or ""
        )
    ]
    await TimelineEntry.bulk_create(entries)
    return counts


async def _program(kind: str) -> dict[str, Any] | None:
    query = AidProgram.filter(kind=kind).order_by("-year").first()
    return await query.values(
        "id",
        "kind",
        "year",
        "reimbursement_ratio",
        "max_amount_per_claim",
        "amount_per_student",
        "covered_categories",
        "self_paid_threshold",
    )


def _moment(rng: random.Random, year: int) -> datetime:
    start = datetime(year, 3, 1, 1, 0, tzinfo=UTC)
    return start + timedelta(minutes=rng.randrange(270 * 24 * 60))


def _details(
    rng: random.Random, program: dict[str, Any], state: str, at: datetime
) -> dict[str, Any]:
    granted = state in (AidState.APPROVED, AidState.PAID)
    if program["kind"] == AidKind.STUDENT_AID:
        amount = program["amount_per_student"]
        return {
            "child_name": "".join(rng.sample(CHILD_NAMES, 2)),
            "school": rng.choice(SCHOOLS),
            "admission_year": program["year"] - rng.randrange(4),
            "channel": rng.choice(("hardship_register", "non_hardship")),
            "approved_amount": amount if granted else None,
        }
    floor = program["self_paid_threshold"] or Decimal(0)  # the program's own, as an admin set it
    self_paid = (floor + Decimal(rng.randrange(3_500_000)) / 100).quantize(CENT)
    ended = (at - timedelta(days=rng.randrange(5, 40))).date()
    return {
        "category": rng.choice(program["covered_categories"] or [MedicalCategory.HOSPITALISATION]),
        "self_paid_amount": self_paid,
        "treatment_started_on": ended - timedelta(days=rng.randrange(3, 30)),
        "treatment_ended_on": max(ended, date(program["year"], 1, 1)),
        "hospital": rng.choice(HOSPITALS),
        "approved_amount": payout(program, self_paid) if granted else None,
    }


def _application(
    rng: random.Random, program: dict[str, Any], member: int, number: int
) -> AidApplication:
    state = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
    at = _moment(rng, program["year"])
    details = _details(rng, program, state, at)
    prefix = "JQ" if program["kind"] == AidKind.STUDENT_AID else "YL"
    paid = state == AidState.PAID
    return AidApplication(
        reference=f"{prefix}{program['year']}-V{number:07d}",
        program_id=program["id"],
        member_id=member,
        state=state.value,
        submitted_at=at,
        updated_at=at,
        decision_reason="材料不全（示例）" if state == AidState.REJECTED else None,
        paid_amount=details["approved_amount"] if paid else None,
        paid_at=at + timedelta(days=16) if paid else None,
        is_sample=True,
        **details,
    )


async def _insert(batch: list[AidApplication]) -> None:
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
                ids[a.reference], a.state, a.submitted_at, a.decision_reason or ""
            )
        ]
        await TimelineEntry.bulk_create(entries, batch_size=BATCH)


def _draw(
    rng: random.Random,
    programs: tuple[dict[str, Any], dict[str, Any] | None],
    number: int,
    enrolled: list[int],
    members: list[int],
) -> AidApplication:
    medical, student = programs
    if student is None or rng.random() < MEDICAL_SHARE:
        return _application(rng, medical, rng.choice(enrolled), number)
    return _application(rng, student, rng.choice(members), number)


async def generate_applications(
    enrolled: list[int], members: list[int], count: int, seed: int
) -> int:
    """Applications V0000001..count not there yet, medical ones by ``enrolled`` members,
    student aid by any of ``members`` (both in member-number order); each batch of 1,000
    drawn from its own random and written with its timelines in one transaction. Returns
    how many were added."""
    medical = await _program(AidKind.MEDICAL)
    if medical is None or not enrolled:
        return 0
    if await AidApplication.filter(reference__contains="-V").count() >= count:
        return 0
    programs = (medical, await _program(AidKind.STUDENT_AID))
    added = 0
    for batch in batches(count, BATCH):
        rng = unit_random(seed, "applications", batch.number)
        drawn = [
            _draw(rng, programs, n + 1, enrolled, members) for n in range(batch.start, batch.stop)
        ]
        refs = [a.reference for a in drawn]
        found = await AidApplication.filter(reference__in=refs).values_list("reference", flat=True)
        have = set(cast("list[str]", found))
        new = [a for a in drawn if a.reference not in have]
        if new:
            await _insert(new)
            added += len(new)
    return added
