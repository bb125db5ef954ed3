"""`cityhub seed --scale N` for the union: realistic volume, every row marked sample.

N = 1 gives the source's scale: 65,000 active members (so the live membership rate meets
the published 93% of the 69,892 registered drivers) and 2,000 who have left, 50,000
medical-aid enrolments, the 35 stations (already seeded), thousands of aid applications,
check-ins and consultations. A second run at the same scale adds nothing, a larger scale
adds the difference.
"""

from __future__ import annotations

import random

from cityhub.models.union.members import Member
from cityhub.seeding.registry import Progress
from cityhub.seeding.union import aid_applications, check_ins, consultations, members

ENROLMENTS_PER_SCALE = 50_000
APPLICATIONS_PER_SCALE = 3_000
CHECK_INS_PER_SCALE = 40_000
CONSULTATIONS_PER_SCALE = 12_540  # the May Day holiday's 2,680 calls and 9,860 SMS
HELP = (
    "N x 65,000 active union members (and 2,000 who left), 50,000 medical-aid enrolments, "
    "3,000 aid applications, 40,000 check-ins, 12,540 consultations"
)


async def generate(scale: int, rng: random.Random, progress: Progress) -> dict[str, int]:
    """Members first, then what hangs off them: enrolments, applications, check-ins and
    consultations."""
    target = (members.MEMBERS_PER_SCALE + members.LEFT_PER_SCALE) * scale
    already = await Member.filter(member_no__startswith=members.MEMBER_PREFIX).count()
    member_ids = await members.generate_members(target, rng, progress)
    counts = {"members": max(target - already, 0)}
    if already >= target:  # generated before: the rows that hang off members exist too
        return counts
    counts["enrolments"], counts["applications"] = await aid_applications.generate_aid(
        member_ids,
        rng,
        enrolments=ENROLMENTS_PER_SCALE * scale,
        applications=APPLICATIONS_PER_SCALE * scale,
    )
    progress("aid", 1, 1)
    counts["check-ins"] = await check_ins.generate_check_ins(CHECK_INS_PER_SCALE * scale, rng)
    progress("check-ins", 1, 1)
    counts["consultations"] = await consultations.generate_consultations(
        CONSULTATIONS_PER_SCALE * scale, rng
    )
    progress("consultations", 1, 1)
    return counts
