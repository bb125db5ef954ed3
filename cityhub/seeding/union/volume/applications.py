"""Generated aid applications: each program's whole plan drawn from its own random (it is
small, and its totals must meet the published ones), then written in batches with their
timelines, each batch whole; a resumed run writes the batches not there yet.

Generated references carry a V (YL2024-V0000001) so they never meet the id-based
references of real applications."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from tortoise.queryset import QuerySet

from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_programs import AidKind, AidProgram
from cityhub.resolvers.union.aid_applications import AidState
from cityhub.seeding.batches import batches, unit_random
from cityhub.seeding.registry import Progress
from cityhub.seeding.union import aid_applications
from cityhub.seeding.union.aid_applications import STEP_DAYS, path_entries
from cityhub.seeding.union.volume import medical, students

PROGRAM_FIELDS = (
    "id",
    "code",
    "kind",
    "year",
    "reimbursement_ratio",
    "max_amount_per_claim",
    "amount_per_student",
    "covered_categories",
    "self_paid_threshold",
    "max_students_per_member",
    "non_hardship_channel",
)
GRANTED = (AidState.APPROVED.value, AidState.PAID.value)


def _seeded(program_id: int) -> QuerySet[AidApplication]:
    return AidApplication.filter(program_id=program_id).exclude(reference__contains="-V")


async def _paid_by_seeds(program_id: int) -> tuple[int, Decimal]:
    paid = _seeded(program_id).filter(state=AidState.PAID.value)
    rows = await paid.values_list("member_id", "paid_amount")
    return len({member for member, _ in rows}), sum((amount for _, amount in rows), Decimal(0))


async def _plan(
    program: dict[str, Any],
    enrolled: dict[int, list[dict[str, Any]]],
    members: list[dict[str, Any]],
    seed: int,
) -> list[dict[str, Any]]:
    rng = unit_random(seed, "applications", program["code"])
    if program["kind"] == AidKind.STUDENT_AID:
        received = await _seeded(program["id"]).count()
        approved = await _seeded(program["id"]).filter(state__in=GRANTED).count()
        parents = [m for m in members if m["joined_on"] <= students.WINDOW[0]]
        return students.applications(rng, program, parents, (received, approved))
    # Members by the year's first claim: nobody claims before joining.
    first = medical.PAID_WINDOWS.get(program["year"], (date(program["year"], 1, 1),))[0]
    ids = [m["id"] for m in enrolled.get(program["year"], []) if m["joined_on"] <= first]
    paid = medical.paid_claims(rng, program, ids, await _paid_by_seeds(program["id"]))
    return paid + medical.open_claims(rng, program, ids, {c["member_id"] for c in paid})


def _application(program: dict[str, Any], number: int, row: dict[str, Any]) -> AidApplication:
    prefix = "JQ" if program["kind"] == AidKind.STUDENT_AID else "YL"
    state, at = row["state"], row["submitted_at"]
    steps = path_entries(state, at)
    paid = state == AidState.PAID
    return AidApplication(
        reference=f"{prefix}{program['year']}-V{number:07d}",
        program_id=program["id"],
        updated_at=steps[-1][3] if steps else at,
        decision_reason="材料不全（示例）" if state == AidState.REJECTED else None,
        decision_reason_en="Documents incomplete (sample)" if state == AidState.REJECTED else None,
        paid_amount=row["approved_amount"] if paid else None,
        paid_at=at + timedelta(days=STEP_DAYS["pay"]) if paid else None,
        is_sample=True,
        **(row | {"state": AidState(state).value}),
    )


async def generate_applications(
    enrolled: dict[int, list[dict[str, Any]]],
    members: list[dict[str, Any]],
    seed: int,
    progress: Progress,
) -> int:
    """Each program's generated applications not there yet. Returns how many were added."""
    programs = await AidProgram.all().order_by("year", "code").values(*PROGRAM_FIELDS)
    drawn = [
        _application(program, number, row)
        for program in programs
        for number, row in enumerate(await _plan(program, enrolled, members, seed), start=1)
    ]
    added = 0
    for batch in batches(len(drawn), aid_applications.BATCH):
        rows = drawn[batch.start : batch.stop]
        found = await AidApplication.filter(reference__in=[a.reference for a in rows]).values_list(
            "reference", flat=True
        )
        have = set(cast("list[str]", found))
        new = [a for a in rows if a.reference not in have]
        if new:
            await aid_applications.insert_generated(new)
            added += len(new)
        progress("applications", batch.stop, len(drawn))
    return added
