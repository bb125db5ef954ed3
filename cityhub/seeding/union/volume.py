"""`cityhub seed --scale N` for the union: realistic volume, every row marked sample.

N = 1 gives the source's scale: 65,000 active members (so the live membership rate meets
the published 93% of the 69,892 registered drivers) and 2,000 who have left, 50,000
medical-aid enrolments, the 35 stations (already seeded), thousands of aid applications,
check-ins and consultations. Each stage completes what is missing: a second run at the
same scale adds nothing, a run after a kill finishes the job, a larger scale adds the
difference.
"""

from __future__ import annotations

from typing import cast

from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.aid_programs import AidKind, AidProgram
from cityhub.seeding.registry import Progress
from cityhub.seeding.union import (
    aid_applications,
    aid_enrolments,
    check_ins,
    consultations,
    members,
)

ENROLMENTS_PER_SCALE = 50_000
APPLICATIONS_PER_SCALE = 3_000
CHECK_INS_PER_SCALE = 40_000
CONSULTATIONS_PER_SCALE = 12_540  # the May Day holiday's 2,680 calls and 9,860 SMS
HELP = (
    "N x 65,000 active union members (and 2,000 who left), 50,000 medical-aid enrolments, "
    "3,000 aid applications, 40,000 check-ins, 12,540 consultations"
)


async def generate(scale: int, seed: int, progress: Progress) -> dict[str, int]:
    """Members first, then what hangs off them: enrolments, applications, check-ins and
    consultations. Each stage adds only what is missing at this scale."""
    target = (members.MEMBERS_PER_SCALE + members.LEFT_PER_SCALE) * scale
    counts = {"members": await members.generate_members(target, seed, progress)}
    active = await members.generated_active()
    enrolled, counts["enrolments"] = await _enrolments(active, ENROLMENTS_PER_SCALE * scale, seed)
    counts["applications"] = await aid_applications.generate_applications(
        enrolled, active, APPLICATIONS_PER_SCALE * scale, seed
    )
    progress("aid", 1, 1)
    counts["check-ins"] = await check_ins.generate_check_ins(
        active, CHECK_INS_PER_SCALE * scale, seed
    )
    progress("check-ins", 1, 1)
    counts["consultations"] = await consultations.generate_consultations(
        CONSULTATIONS_PER_SCALE * scale, seed
    )
    progress("consultations", 1, 1)
    return counts


async def _enrolments(active: list[int], count: int, seed: int) -> tuple[list[int], int]:
    """(the enrolled generated members in member-number order, how many were added) in the
    latest medical mutual aid program."""
    program = await AidProgram.filter(kind=AidKind.MEDICAL).order_by("-year").first()
    if program is None:
        return [], 0
    added = await aid_enrolments.generate_enrolments(program.id, active, count, seed)
    found = await AidEnrolment.filter(program_id=program.id).values_list("member_id", flat=True)
    enrolled = set(cast("list[int]", found))
    return [m for m in active if m in enrolled], added
