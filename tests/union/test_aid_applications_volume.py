"""Generated enrolments and applications for `cityhub seed --scale N`: batches, consistent
timelines, and a re-run that adds only what is missing."""

from __future__ import annotations

from tortoise.functions import Count

from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.aid_programs import AidProgram
from cityhub.models.union.members import Member, MemberStatus
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.union.aid_applications import AidState
from cityhub.seeding.union.aid_applications import PATHS, generate_applications
from cityhub.seeding.union.aid_enrolments import generate_enrolments


async def active_members() -> list[int]:
    query = Member.filter(status=MemberStatus.ACTIVE).order_by("member_no")
    return list(await query.values_list("id", flat=True))


async def test_it_adds_enrolments_and_applications_across_states_in_batches(app):
    members = await active_members()
    medical = await AidProgram.get(code="medical-2024")
    await AidEnrolment.filter(program_id=medical.id).delete()

    enrolled = await generate_enrolments(medical.id, members, 40, seed=7)
    listed = await AidEnrolment.filter(program_id=medical.id).values_list("member_id", flat=True)
    applications = await generate_applications(list(listed), members, 1_200, seed=7)

    assert (enrolled, applications) == (40, 1_200)
    generated = AidApplication.filter(reference__contains="-V")
    assert await generated.count() == 1_200
    states = await generated.annotate(n=Count("id")).group_by("state").values_list("state", "n")
    assert {state for state, _ in states} == {s.value for s in AidState}


async def test_each_generated_application_has_the_timeline_its_state_needs(app):
    members = await active_members()
    await generate_applications(members, members, 50, seed=8)

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
    members = await active_members()

    first = await generate_applications(members, members, 30, seed=1)
    larger = await generate_applications(members, members, 60, seed=1)
    again = await generate_applications(members, members, 60, seed=1)

    assert (first, larger, again) == (30, 30, 0)
    references = await AidApplication.filter(reference__contains="-V").values_list(
        "reference", flat=True
    )
    assert len(set(references)) == 60
