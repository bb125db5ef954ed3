"""`cityhub seed --scale 1` fills the operating projects to the published scale (5000余套 in
operation, 7000余名 housed), each generated unit within the rules every unit keeps, all
marked sample; the counts shown beside the published ones are the data's."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from cityhub import db
from cityhub.models.housing.projects import (
    HousingProject,
    HousingUnit,
    ProjectStatus,
    UnitLayout,
    UnitStatus,
)
from cityhub.resolvers.housing.projects import checked_unit
from tests.conftest import make_settings
from tests.test_seed_volume_figures import published, within
from tests.test_seed_volume_rules import seed_volume, shrunk  # noqa: F401 (a fixture)


async def volumes(settings) -> dict[str, object]:
    async with db.database(settings):
        units = await HousingUnit.all().values(
            "layout", "area_m2", "monthly_rent", "floor", "status", "residents", "is_sample"
        )
        broken = []
        for unit in units:
            try:
                checked_unit(
                    layout=UnitLayout(unit["layout"]),
                    area_m2=unit["area_m2"],
                    monthly_rent=unit["monthly_rent"],
                    floor=unit["floor"],
                    status=UnitStatus(unit["status"]),
                    residents=unit["residents"],
                )
            except ValueError as error:
                broken.append(str(error))
        return {
            "housing.projects": await HousingProject.all().count(),
            "housing.projects_operating": await HousingProject.filter(
                status=ProjectStatus.OPERATING
            ).count(),
            "housing.units": sum(
                await HousingProject.all().values_list("planned_units", flat=True)
            ),
            "housing.units_operating": len(units),
            "housing.residents": sum(u["residents"] for u in units),
            "unmarked": sum(not u["is_sample"] for u in units),
            "broken": broken,
        }


def test_the_generated_units_meet_the_published_figures(shrunk, database_url, tmp_path):  # noqa: F811
    seed_volume(database_url, tmp_path)

    found = asyncio.run(volumes(make_settings(database_url, tmp_path)))

    assert found.pop("broken") == []
    assert found.pop("unmarked") == 0
    figures = published("housing")
    wrong = {key: value for key, value in found.items() if not within(figures[key], Decimal(value))}
    assert wrong == {}, found
