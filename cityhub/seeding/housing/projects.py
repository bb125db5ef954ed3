"""Seed import of the housing operator, its projects and their sample units."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from cityhub.models.geo import District
from cityhub.models.housing.projects import (
    HousingOperator,
    HousingProject,
    HousingUnit,
    ProjectStatus,
    UnitLayout,
    UnitStatus,
)
from cityhub.resolvers.housing import projects
from cityhub.seeding.imports import ImportCounts, upsert


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


async def import_operators(records: list[dict[str, Any]]) -> ImportCounts:
    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "short_name": r["short_name"],
            "name_en": r["name_en"],
            "wechat_account": r.get("wechat_account", ""),
            "phones": ",".join(r.get("phones", [])),
            "is_sample": r["sample"],
        }
        for r in records
    ]
    counts, _ = await upsert(HousingOperator, "code", rows)
    return counts


async def import_projects(records: list[dict[str, Any]]) -> ImportCounts:
    districts = dict(await District.all().values_list("code", "id"))
    operators = dict(await HousingOperator.all().values_list("code", "id"))
    rows = [
        {
            "code": r["code"],
            "operator_id": operators[r["operator"]],
            "name": r["name"],
            "name_en": r.get("name_en", ""),
            "district_id": districts[r["district"]],
            "address": r["address"],
            "address_en": r.get("address_en", ""),
            "lat": r["lat"],
            "lng": r["lng"],
            "status": ProjectStatus(r["status"]).value,
            "opened_on": _date(r.get("opened_on")),
            "planned_units": r["planned_units"],
            "phones": ",".join(r.get("phones", [])),
            "fund_payment": r.get("fund_payment", False),
            "fund_payment_from": _date(r.get("fund_payment_from")),
            "is_sample": r["sample"],
            "inferred": ",".join(projects.InferredFact(x) for x in r.get("inferred", [])),
        }
        for r in records
    ]
    counts, _ = await upsert(HousingProject, "code", rows)
    return counts


async def import_units(records: list[dict[str, Any]]) -> ImportCounts:
    """Units keyed by room number within their project; each checked as the API checks."""
    project_ids = dict(await HousingProject.all().values_list("code", "id"))
    by_project: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        unit = projects.checked_unit(
            layout=UnitLayout(r["layout"]),
            area_m2=Decimal(r["area_m2"]),
            monthly_rent=Decimal(r["monthly_rent"]),
            floor=r["floor"],
            status=UnitStatus(r["status"]),
            residents=r.get("residents", 0),
        )
        by_project[project_ids[r["project"]]].append(
            {**unit, "code": r["code"], "is_sample": r["sample"]}
        )
    counts = ImportCounts()
    for project_id, rows in by_project.items():
        rows = [{**row, "project_id": project_id} for row in rows]
        added, _ = await upsert(HousingUnit, "code", rows, scope={"project_id": project_id})
        counts += added
    return counts
