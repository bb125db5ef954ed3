"""The housing sample volume for `cityhub seed --scale N`: each operating project's units,
up to the units it holds (planned_units), so that the units in operation and the people
housed stand for the published figures (5000余套, 7000余名; the projects' planned_units
sum to 5,140 in operation). The scale does not multiply them: a city has the flats it has.

Every generated unit is checked with the rules every unit keeps
(`resolvers.housing.projects.checked_unit`) and is marked sample.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any, cast

from cityhub.models.housing.projects import (
    HousingProject,
    HousingUnit,
    ProjectStatus,
    UnitLayout,
    UnitStatus,
)
from cityhub.resolvers.housing.projects import checked_unit
from cityhub.resolvers.transactions import atomic
from cityhub.seeding.batches import batches, unit_random
from cityhub.seeding.registry import Progress

BATCH = 500
GENERATED_PREFIX = "G"  # room numbers of generated units: G-0001 ...
# (layout, share of units, area range in m², residents when leased)
LAYOUTS = (
    (UnitLayout.STUDIO, 0.30, (30, 45), (1, 1)),
    (UnitLayout.ONE_BEDROOM, 0.35, (45, 60), (1, 2)),
    (UnitLayout.TWO_BEDROOM, 0.25, (60, 85), (2, 3)),
    (UnitLayout.THREE_BEDROOM, 0.10, (85, 105), (2, 3)),
)
# Of the units in operation: leased, reserved, the rest available.
LEASED_SHARE, RESERVED_SHARE = 0.88, 0.02
RENT_PER_M2 = (20, 28)  # yuan a month
HELP = (
    "each operating housing project's units up to the units it holds (5,140 in all), about "
    "88% leased, housing 7,000-odd people (published: 5000余套, 7000余名)"
)


async def generate(scale: int, seed: int, progress: Progress) -> dict[str, int]:
    """Units for the operating projects, a batch per transaction; only what is missing."""
    projects = await (
        HousingProject.filter(status=ProjectStatus.OPERATING)
        .order_by("id")
        .values("id", "code", "planned_units")
    )
    total = sum(p["planned_units"] for p in projects)
    added = done = 0
    for project in projects:
        added += await _project_units(project, seed)
        done += project["planned_units"]
        progress("housing units", done, total)
    return {"housing units": added}


async def _project_units(project: dict[str, Any], seed: int) -> int:
    have = await HousingUnit.filter(project_id=project["id"]).count()
    seeded = (
        have
        - await HousingUnit.filter(
            project_id=project["id"], code__startswith=f"{GENERATED_PREFIX}-"
        ).count()
    )
    wanted = max(0, project["planned_units"] - seeded)
    codes = await HousingUnit.filter(project_id=project["id"]).values_list("code", flat=True)
    taken = set(cast("list[str]", codes))  # flat=True gives the column's values
    added = 0
    for batch in batches(wanted, BATCH):
        rng = unit_random(seed, "housing-units", project["code"], batch.number)
        drawn = [_unit(rng, project["id"], i) for i in range(batch.start, batch.stop)]
        fresh = [unit for unit in drawn if unit.code not in taken]
        if fresh:
            async with atomic():
                await HousingUnit.bulk_create(fresh)
            added += len(fresh)
    return added


def _unit(rng: random.Random, project_id: int, position: int) -> HousingUnit:
    layout, _, (low, high), (fewest, most) = rng.choices(
        LAYOUTS, weights=[share for _, share, _, _ in LAYOUTS]
    )[0]
    area = Decimal(f"{rng.uniform(low, high):.2f}")
    rent = (area * Decimal(rng.randint(*RENT_PER_M2))).quantize(Decimal("1")) + Decimal("0.00")
    draw = rng.random()
    status = (
        UnitStatus.LEASED
        if draw < LEASED_SHARE
        else UnitStatus.RESERVED
        if draw < LEASED_SHARE + RESERVED_SHARE
        else UnitStatus.AVAILABLE
    )
    residents = rng.randint(fewest, most) if status == UnitStatus.LEASED else 0
    fields = checked_unit(
        layout=layout,
        area_m2=area,
        monthly_rent=rent.quantize(Decimal("0.01")),
        floor=rng.randint(2, 30),
        status=status,
        residents=residents,
    )
    code = f"{GENERATED_PREFIX}-{position + 1:04d}"
    return HousingUnit(project_id=project_id, code=code, is_sample=True, **fields)
