"""Housing projects and their units: the search, the units of a project, the portfolio."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet

from cityhub.cache.counts import counted
from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.housing.projects import (
    HousingOperator,
    HousingProject,
    HousingUnit,
    ProjectStatus,
    UnitLayout,
    UnitStatus,
)
from cityhub.resolvers import geo
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, keyset_page, offset_page

OPERATOR_FIELDS = ("id", "code", "name", "short_name", "name_en", "wechat_account", "phones")
PROJECT_FIELDS = (
    "id",
    "code",
    "operator_id",
    "name",
    "name_en",
    "address",
    "address_en",
    "lat",
    "lng",
    "status",
    "opened_on",
    "planned_units",
    "phones",
    "fund_payment",
    "fund_payment_from",
    "is_sample",
    "inferred",
    # The district, joined into the same statement (the read path's pattern).
    "district__code",
    "district__name",
    "district__name_en",
    "district__kind",
)
UNIT_FIELDS = (
    "id",
    "project_id",
    "code",
    "layout",
    "area_m2",
    "monthly_rent",
    "floor",
    "status",
    "residents",
    "is_sample",
)
# Bounds a unit's record must keep (the importers and the volume check them too).
AREA_RANGE = (Decimal("10.00"), Decimal("300.00"))
RENT_RANGE = (Decimal("0.01"), Decimal("100000.00"))
FLOOR_RANGE = (-5, 100)
MAX_RESIDENTS = 10
CENT = Decimal("0.01")


class InferredFact(StrEnum):
    """A part of a published project that its source does not give, filled in by hand."""

    LOCATION = "location"  # district, address and point


@dataclass(frozen=True)
class ProjectFilter:
    status: str | None = None
    district: str | None = None
    has_available_units: bool | None = None
    near: geo.Near | None = None
    text: str | None = None  # part of the name or address, in Chinese or English


@dataclass(frozen=True)
class UnitFilter:
    status: str | None = None
    layout: str | None = None
    max_rent: Decimal | None = None


def checked_unit(
    *,
    layout: UnitLayout,
    area_m2: Decimal,
    monthly_rent: Decimal,
    floor: int,
    status: UnitStatus,
    residents: int,
) -> dict[str, Any]:
    """A unit's fields, or ValueError when one breaks the rules every unit keeps."""
    if not AREA_RANGE[0] <= area_m2 <= AREA_RANGE[1] or area_m2 != area_m2.quantize(CENT):
        raise ValueError(f"area {area_m2} m² outside {AREA_RANGE} or not to the cent")
    if not RENT_RANGE[0] <= monthly_rent <= RENT_RANGE[1] or monthly_rent != monthly_rent.quantize(
        CENT
    ):
        raise ValueError(f"rent {monthly_rent} outside {RENT_RANGE} or not to the cent")
    if not FLOOR_RANGE[0] <= floor <= FLOOR_RANGE[1]:
        raise ValueError(f"floor {floor} outside {FLOOR_RANGE}")
    leased = status == UnitStatus.LEASED
    if not (1 <= residents <= MAX_RESIDENTS if leased else residents == 0):
        raise ValueError(f"{residents} residents in a unit that is {status.value}")
    return {
        "layout": layout.value,
        "area_m2": area_m2,
        "monthly_rent": monthly_rent,
        "floor": floor,
        "status": status.value,
        "residents": residents,
    }


def _projects(where: ProjectFilter) -> QuerySet[HousingProject]:
    query = HousingProject.all()
    if where.status:
        query = query.filter(status=where.status)
    if where.district:
        query = query.filter(district__code=where.district)
    if where.text and where.text.strip():
        text = where.text.strip()
        query = query.filter(
            Q(name__icontains=text)
            | Q(name_en__icontains=text)
            | Q(address__icontains=text)
            | Q(address_en__icontains=text)
        )
    if where.has_available_units is not None:
        having = HousingUnit.filter(status=UnitStatus.AVAILABLE).values("project_id")
        if where.has_available_units:
            query = query.filter(id__in=Subquery(having))
        else:
            query = query.exclude(id__in=Subquery(having))
    return query


async def list_projects(where: ProjectFilter, *, first: int | None, after: str | None) -> Page:
    """By id (keyset cursors), or nearest first when ``near`` is given (offset cursors)."""
    if where.near is None:
        return await keyset_page(_projects(where), PROJECT_FIELDS, first=first, after=after)
    found = await geo.nearest(_projects(where), where.near, PROJECT_FIELDS)
    return offset_page(found, first=first, after=after, marked=True)


async def projects_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(HousingProject, PROJECT_FIELDS, ids)


async def units_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(HousingUnit, UNIT_FIELDS, ids)


async def the_operator() -> dict[str, Any] | None:
    return await HousingOperator.all().order_by("id").first().values(*OPERATOR_FIELDS)


async def unit_counts_by_project(ids: list[int]) -> list[dict[str, int]]:
    """For each project: its units by status, in one statement for the whole list."""
    rows = await (
        HousingUnit.filter(project_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("project_id", "status")
        .values_list("project_id", "status", "n")
    )
    found: dict[int, dict[str, int]] = {i: {s.value: 0 for s in UnitStatus} for i in ids}
    for project_id, status, n in rows:
        found[project_id][status] = n
    return [found[i] for i in ids]


def check_max_rent(max_rent: Decimal | None) -> None:
    if max_rent is not None and not RENT_RANGE[0] <= max_rent <= RENT_RANGE[1]:
        raise BadInput(
            N_("租金上限须在 {low} 到 {high} 元之间"),
            argument="maxRent",
            low=str(RENT_RANGE[0]),
            high=str(RENT_RANGE[1]),
        )


async def list_units(
    project_id: int, where: UnitFilter, *, first: int | None, after: str | None
) -> Page:
    check_max_rent(where.max_rent)
    query = HousingUnit.filter(project_id=project_id)
    if where.status:
        query = query.filter(status=where.status)
    if where.layout:
        query = query.filter(layout=where.layout)
    if where.max_rent is not None:
        query = query.filter(monthly_rent__lte=where.max_rent)
    return await keyset_page(query, UNIT_FIELDS, first=first, after=after)


@dataclass(frozen=True)
class Portfolio:
    """The operator's portfolio as the data holds it (live), for beside the published one."""

    projects: int
    projects_operating: int
    planned_units: int
    units: int
    units_available: int
    residents: int
    sample_projects: int
    sample_units: int
    sample_projects_operating: int
    sample_units_available: int


async def portfolio() -> Portfolio:
    operating = HousingProject.filter(status=ProjectStatus.OPERATING)
    planned = await HousingProject.all().annotate(total=Sum("planned_units")).values("total")
    residents = await (
        HousingUnit.filter(status=UnitStatus.LEASED)
        .annotate(total=Sum("residents"))
        .values("total")
    )
    return Portfolio(
        projects=await counted(HousingProject.all()),
        projects_operating=await counted(operating),
        planned_units=int(planned[0]["total"] or 0) if planned else 0,
        units=await counted(HousingUnit.all()),
        units_available=await counted(HousingUnit.filter(status=UnitStatus.AVAILABLE)),
        residents=int(residents[0]["total"] or 0) if residents else 0,
        sample_projects=await counted(HousingProject.filter(is_sample=True)),
        sample_units=await counted(HousingUnit.filter(is_sample=True)),
        sample_projects_operating=await counted(operating.filter(is_sample=True)),
        sample_units_available=await counted(
            HousingUnit.filter(status=UnitStatus.AVAILABLE, is_sample=True)
        ),
    )


def fund_payment_open(row: dict[str, Any], today: dt.date) -> bool:
    """Whether rent can be paid from the fund at this project on ``today``."""
    start = row["fund_payment_from"]
    return bool(row["fund_payment"]) and (start is None or start <= today)
