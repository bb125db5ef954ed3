"""Housing projects, their units and the operator's portfolio in the schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub import clock
from cityhub.i18n import N_
from cityhub.models.housing.projects import ProjectStatus, UnitLayout, UnitStatus
from cityhub.resolvers.housing import projects as housing
from cityhub.schema.connections import After, Connection, First, connection, node_pks
from cityhub.schema.context import Info
from cityhub.schema.geo import District, GeoPoint, MapLinks
from cityhub.schema.labels import labelled_enum

labelled_enum(
    ProjectStatus,
    {ProjectStatus.RAISED: N_("已筹集"), ProjectStatus.OPERATING: N_("已运营")},
    name="HousingProjectStatus",
    description="Raised for the programme (not yet letting) or operating (letting units).",
)
labelled_enum(
    UnitLayout,
    {
        UnitLayout.STUDIO: N_("单间"),
        UnitLayout.ONE_BEDROOM: N_("一居室"),
        UnitLayout.TWO_BEDROOM: N_("两居室"),
        UnitLayout.THREE_BEDROOM: N_("三居室"),
    },
    name="HousingUnitLayout",
    description="A unit's layout.",
)
labelled_enum(
    UnitStatus,
    {
        UnitStatus.AVAILABLE: N_("可预订"),
        UnitStatus.RESERVED: N_("已预订"),
        UnitStatus.LEASED: N_("已出租"),
    },
    name="HousingUnitStatus",
    description="Whether a unit can be reserved, is reserved, or is leased.",
)
InferredFact = housing.InferredFact
labelled_enum(
    InferredFact,
    {housing.InferredFact.LOCATION: N_("位置为推定")},
    name="HousingInferredFact",
    description="A part of a published project that its source does not give.",
)


class ProjectByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=housing.projects_by_id)


class UnitCountsByProjectLoader(DataLoader[int, dict[str, int]]):
    def __init__(self) -> None:
        super().__init__(load_fn=housing.unit_counts_by_project)


@strawberry.type(description="A unit (a flat or a room) of a housing project.")
class HousingUnit(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Room number within its project, e.g. 3-1205.")
    layout: UnitLayout = strawberry.field(description="Its layout.")
    area_m2: Decimal = strawberry.field(description="Floor area in square metres.")
    monthly_rent: Decimal = strawberry.field(description="Monthly rent in yuan, two places.")
    floor: int = strawberry.field(description="Floor (negative below ground).")
    status: UnitStatus = strawberry.field(description="Available, reserved or leased.")
    is_sample: bool = strawberry.field(
        description="True when the record is sample data, not published by the source."
    )

    @classmethod
    def from_row(cls, row: dict) -> HousingUnit:
        return cls(
            id=row["id"],
            code=row["code"],
            layout=UnitLayout(row["layout"]),
            area_m2=row["area_m2"],
            monthly_rent=row["monthly_rent"],
            floor=row["floor"],
            status=UnitStatus(row["status"]),
            is_sample=row["is_sample"],
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = await housing.units_by_id([i or 0 for i in node_pks(node_ids)])
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type(description="A subsidised rental housing project (保障性租赁住房项目).")
class HousingProject(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Stable short code, e.g. zjt-wuyue.")
    name: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")
    district: District = strawberry.field(description="The district it is in.")
    address: str = strawberry.field(description="Address in Chinese.")
    address_en: str = strawberry.field(description="Address in English.")
    location: GeoPoint = strawberry.field(description="Where it is (GCJ-02).")
    status: ProjectStatus = strawberry.field(description="Raised or operating.")
    opened_on: dt.date | None = strawberry.field(description="When it began letting units.")
    planned_units: int = strawberry.field(description="Units it holds when complete.")
    phones: list[str] = strawberry.field(description="Phones for enquiries, as published.")
    fund_payment: bool = strawberry.field(
        description="Rent can be paid straight from the housing provident fund."
    )
    fund_payment_from: dt.date | None = strawberry.field(
        description="From which day rent can be paid from the fund."
    )
    is_sample: bool = strawberry.field(
        description="True when the record is sample data, not published by the source."
    )
    inferred: list[InferredFact] = strawberry.field(
        description="What this record states that its source does not give (filled in by hand)."
    )
    available_units: int = strawberry.field(description="Units that can be reserved now.")
    reserved_units: int = strawberry.field(description="Units reserved, lease not yet signed.")
    leased_units: int = strawberry.field(description="Units leased.")
    distance_km: float | None = strawberry.field(
        description="Kilometres from the `near` point of `housingProjects`; null without one."
    )
    raw: strawberry.Private[dict]

    @strawberry.field(description="Links to open the project in Amap, Baidu or Tencent maps.")
    def navigation(self) -> MapLinks:
        row = self.raw
        return MapLinks.of(row["name"], row["address"], row["lat"], row["lng"])

    @strawberry.field(description="Whether rent can be paid from the fund today (Taiyuan).")
    def fund_payment_open(self) -> bool:
        return housing.fund_payment_open(self.raw, clock.today())

    @strawberry.field(description="Its units, by id; filter by status, layout or rent.")
    async def units(
        self,
        first: First = None,
        after: After = None,
        status: Annotated[
            UnitStatus | None, strawberry.argument(description="Only units in this state.")
        ] = None,
        layout: Annotated[
            UnitLayout | None, strawberry.argument(description="Only units of this layout.")
        ] = None,
        max_rent: Annotated[
            Decimal | None,
            strawberry.argument(description="Only units whose monthly rent is at most this."),
        ] = None,
    ) -> Connection[HousingUnit]:
        where = housing.UnitFilter(
            status=status and status.value, layout=layout and layout.value, max_rent=max_rent
        )
        page = await housing.list_units(self.id, where, first=first, after=after)
        return connection(page, [HousingUnit.from_row(row) for row in page.rows])

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = await info.context.loader(ProjectByIdLoader).load_many(
            [i or 0 for i in node_pks(node_ids)]
        )
        found = iter(await projects_from_rows(info, [row for row in rows if row]))
        return [next(found) if row else None for row in rows]


async def projects_from_rows(info: Info, rows: list[dict]) -> list[HousingProject]:
    """Projects from their rows (district joined in), with their unit counts: one batched
    statement per list, so every field is plain."""
    counts = await info.context.loader(UnitCountsByProjectLoader).load_many(
        [row["id"] for row in rows]
    )
    return [
        HousingProject(
            id=row["id"],
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            district=District.from_joined(row),
            address=row["address"],
            address_en=row["address_en"],
            location=GeoPoint(lat=row["lat"], lng=row["lng"]),
            status=ProjectStatus(row["status"]),
            opened_on=row["opened_on"],
            planned_units=row["planned_units"],
            phones=[p for p in row["phones"].split(",") if p],
            fund_payment=row["fund_payment"],
            fund_payment_from=row["fund_payment_from"],
            is_sample=row["is_sample"],
            inferred=[housing.InferredFact(x) for x in row["inferred"].split(",") if x],
            available_units=count[UnitStatus.AVAILABLE.value],
            reserved_units=count[UnitStatus.RESERVED.value],
            leased_units=count[UnitStatus.LEASED.value],
            distance_km=row.get("distance_km"),
            raw=row,
        )
        for row, count in zip(rows, counts, strict=True)
    ]
