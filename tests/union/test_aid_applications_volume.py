"""Generated enrolments and applications for `cityhub seed --scale N`: every state, the
timelines their states need, and a re-run that adds only what is missing."""

from __future__ import annotations

from tortoise.functions import Count

from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.union.aid_applications import AidState
from cityhub.seeding.union.aid_applications import PATHS
from cityhub.seeding.union.aid_enrolments import generate_enrolments
from cityhub.seeding.union.members import generate_members, generated_active
from cityhub.seeding.union.volume.applications import generate_applications


def quiet(stage: str, done: int, total: int) -> None:
    pass


async def generate(seed: int) -> tuple[int, int]:
    """(enrolments, applications) added over 1,000 generated members."""
    await generate_members(1_000, seed, quiet)
    members = await generated_active()
    enrolled, added = {}, 0
    for year, total in ((2023, 400), (2024, 800)):
        eligible = [m for m in members if m["joined_on"].year <= year]
        enrolled[year], new = await generate_enrolments(year, eligible, total, seed, quiet)
        added += new
    return added, await generate_applications(enrolled, members, seed, quiet)


async def test_it_enrols_to_the_totals_and_writes_applications_in_every_state(app):
    enrolments, applications = await generate(seed=7)

    assert await AidEnrolment.filter(program__code="medical-2023").count() == 400
    assert await AidEnrolment.filter(program__code="medical-2024").count() == 800
    assert enrolments == 400 + 800 - 30 - 55  # the seeded ones count
    generated = AidApplication.filter(reference__contains="-V")
    assert await generated.count() == applications > 200
    states = await generated.annotate(n=Count("id")).group_by("state").values_list("state", "n")
    assert {state for state, _ in states} == {s.value for s in AidState}


async def test_each_generated_application_has_the_timeline_its_state_needs(app):
    await generate(seed=8)

    rows = await AidApplication.filter(reference__contains="-V").values(
        "id", "state", "paid_amount"
    )
    entries = await TimelineEntry.filter(
        subject_type="aid_application", subject_id__in=[r["id"] for r in rows]
    ).values("subject_id", "to_state")
    by_application: dict[int, list[str]] = {}
    for entry in entries:
        by_application.setdefault(entry["subject_id"], []).append(entry["to_state"])
    for row in rows:
        assert len(by_application[row["id"]]) == 1 + len(PATHS[AidState(row["state"])])
        assert by_application[row["id"]][-1] == row["state"]
        assert (row["paid_amount"] is not None) == (row["state"] == AidState.PAID)


async def test_a_second_run_adds_only_what_is_missing(app):
    first = await generate(seed=1)
    again = await generate(seed=1)

    assert first[0] > 0 and first[1] > 0
    assert again == (0, 0)
