"""The union's seeds, in dependency order, and its sample volume.

`cityhub seed --scale N` for the union: N = 1 gives the source's scale (volume.targets
names the published figure behind each number): 65,000 active members (with the 69,892
registered drivers, the published 93%) and 2,000 who have left, the medical-aid
enrolments of 2023 and 2024, the year's aid applications and payments, the May Day
holiday's consultations, and check-ins. Each stage completes what is missing: a second
run adds nothing, a run after a kill finishes the job, a larger scale adds the difference.
"""

from __future__ import annotations

from typing import Any

from cityhub.seeding.facts import import_figures
from cityhub.seeding.registry import Progress, SeedDomain, SeedFile
from cityhub.seeding.union import (
    aid_applications,
    aid_enrolments,
    aid_programs,
    check_ins,
    consultations,
    members,
    mobile_windows,
    stations,
    trade_union,
)
from cityhub.seeding.union.volume import applications, targets

HELP = (
    "N x 65,000 active union members (and 2,000 who left), N x the medical-aid enrolments "
    "of 2023 (20,774) and 2024 (49,680), N x 40,000 check-ins; and once the source's 2023 "
    "and 2024 aid (72 members paid 86,800 yuan in 2024, 126 student-aid applications, 35 "
    "approved) and the May Day 2024 consultations (2,680 calls, 9,868 SMS)"
)


async def generate(scale: int, seed: int, progress: Progress) -> dict[str, int]:
    """Members first, then what hangs off them: enrolments, applications, check-ins and
    consultations. Each stage adds only what is missing at this scale."""
    per_scale = targets.MEMBERS_PER_SCALE + targets.LEFT_PER_SCALE
    counts = {"members": await members.generate_members(per_scale * scale, seed, progress)}
    active = await members.generated_active()
    enrolled, counts["enrolments"] = await _enrolments(active, scale, seed, progress)
    counts["applications"] = await applications.generate_applications(
        enrolled, active, seed, progress
    )
    counts["check-ins"] = await check_ins.generate_check_ins(
        [m["id"] for m in active], targets.CHECK_INS_PER_SCALE * scale, seed, progress
    )
    counts["consultations"] = await consultations.generate_consultations(seed, progress)
    return counts


async def _enrolments(
    active: list[dict[str, Any]], scale: int, seed: int, progress: Progress
) -> tuple[dict[int, list[dict[str, Any]]], int]:
    """({year: the enrolled generated members, in member-number order}, how many added)."""
    enrolled: dict[int, list[dict[str, Any]]] = {}
    added = 0
    for year, total in sorted(targets.ENROLLED.items()):
        eligible = [m for m in active if m["joined_on"].year <= year]
        found, new = await aid_enrolments.generate_enrolments(
            year, eligible, total * scale, seed, progress
        )
        enrolled[year], added = found, added + new
    return enrolled, added


domain = SeedDomain(
    files=(
        SeedFile("union/published_figures.json", import_figures),
        SeedFile("union/stations.json", stations.import_stations),
        SeedFile("union/trade_union.json", trade_union.import_union),
        SeedFile("union/fleets.json", members.import_fleets),
        SeedFile("union/members.json", members.import_members),
        SeedFile("union/mobile_windows.json", mobile_windows.import_window_sessions),
        SeedFile("union/medical_categories.json", aid_programs.import_categories),
        SeedFile("union/aid_programs.json", aid_programs.import_programs),
        SeedFile("union/aid_enrolments.json", aid_enrolments.import_enrolments),
        SeedFile("union/aid_applications.json", aid_applications.import_applications),
        SeedFile("union/consultations.json", consultations.import_consultations),
    ),
    volume=generate,
    volume_help=HELP,
)
