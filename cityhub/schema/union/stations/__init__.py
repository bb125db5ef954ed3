"""Worker stations in the schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub import clock
from cityhub.i18n import N_
from cityhub.models.union.stations import Amenity as AmenityValue
from cityhub.models.union.stations import InferredFact, inferred_facts
from cityhub.models.union.stations import StationKind as StationKindValue
from cityhub.resolvers.union import check_ins, mobile_windows
from cityhub.resolvers.union import stations as union
from cityhub.resolvers.union.stations import hours as station_hours
from cityhub.resolvers.union.trade_union import UNION_STAFF_ROLES
from cityhub.schema.connections import (
    After,
    Connection,
    First,
    connection,
    node_pk,
    node_pks,
    selects,
)
from cityhub.schema.context import Context, Info
from cityhub.schema.geo import District, GeoPoint, MapLinks, NearInput
from cityhub.schema.inputs import max_length
from cityhub.schema.labels import labelled_enum
from cityhub.schema.permissions import allow
from cityhub.schema.union.check_ins import (
    USAGE_READERS,
    StationUsageDay,
    UsageByStationLoader,
)
from cityhub.schema.union.mobile_windows import (
    INFERRED_DESCRIPTION,
    MobileWindowSession,
    SessionsByStationLoader,
)
from cityhub.schema.union.stations.hours import HoursByStationIdLoader, OpeningPeriod

Amenity = AmenityValue
labelled_enum(
    Amenity,
    {
        AmenityValue.REST: N_("歇脚休息"),
        AmenityValue.CHARGING: N_("充电"),
        AmenityValue.DRINKING_WATER: N_("饮水"),
        AmenityValue.HOT_MEALS: N_("热饭"),
        AmenityValue.TOILET: N_("如厕"),
        AmenityValue.HELP_WINDOW: N_("帮扶维权窗口"),
    },
    description="What a station offers drivers.",
)
StationKind = StationKindValue
labelled_enum(
    StationKind,
    {StationKindValue.STATION: N_("工会驿站"), StationKindValue.SERVICE_CENTRE: N_("服务中心")},
    description="Worker station or service centre.",
)
STATION_EDITORS = allow(roles=UNION_STAFF_ROLES, scopes=["stations:write"])
STATION_STAFF = allow(roles=UNION_STAFF_ROLES)


class StationByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=union.stations_by_id)


class AmenitiesByStationIdLoader(DataLoader[int, list[Amenity]]):
    def __init__(self) -> None:
        super().__init__(load_fn=union.amenities_by_station_id)


@strawberry.type(description="A drivers' union worker station (工会驿站) or service centre.")
class Station(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Stable short code, e.g. xd-dianzijie.")
    name: str = strawberry.field(description="Name in Chinese.")
    kind: StationKind = strawberry.field(description="Station or service centre.")
    address: str = strawberry.field(description="Street address in Chinese.")
    location: GeoPoint = strawberry.field(description="Where it is (GCJ-02).")
    is_sample: bool = strawberry.field(
        description="True when the record is sample data, not published by the source."
    )
    inferred: list[InferredFact] = strawberry.field(description=INFERRED_DESCRIPTION)
    district: District = strawberry.field(description="The district it is in.")
    amenities: list[Amenity] = strawberry.field(description="What it offers, in a fixed order.")
    open_24_hours: bool = strawberry.field(description="Open round the clock, every day.")
    phone: str | None = strawberry.field(description="Public phone number, when published.")
    distance_km: float | None = strawberry.field(
        description="Kilometres from the `near` point of the `stations` query; null without one."
    )
    raw: strawberry.Private[dict]
    hours: strawberry.Private[list[dict]]

    @strawberry.field(description="Links to open the station in Amap, Baidu or Tencent maps.")
    def navigation(self) -> MapLinks:
        row = self.raw
        return MapLinks.of(row["name"], row["address"], row["lat"], row["lng"])

    @strawberry.field(
        description="Weekly opening periods, Monday first; empty when none are published "
        "(see `open24Hours`)."
    )
    def opening_hours(self) -> list[OpeningPeriod]:
        return [OpeningPeriod.from_row(row) for row in self.hours]

    @strawberry.field(
        description="Open at this instant (Taiyuan time decides); null when no hours are "
        "published. A time without an offset is taken as UTC."
    )
    def is_open_at(self, time: dt.datetime) -> bool | None:
        return station_hours.is_open(self.hours, self.open_24_hours, time)

    @strawberry.field(description="Open right now; null when no hours are published.")
    def is_open_now(self) -> bool | None:
        return station_hours.is_open(self.hours, self.open_24_hours, clock.now())

    @strawberry.field(
        description="Mobile service window sessions here: still to come (or under way) "
        "soonest first, or with upcoming: false those already held, latest first."
    )
    async def mobile_window_sessions(
        self,
        info: Info,
        upcoming: bool = True,
        first: Annotated[
            int, strawberry.argument(description="How many, 1-50 (default 10).")
        ] = mobile_windows.SESSIONS_PER_STATION,
    ) -> list[MobileWindowSession]:
        mobile_windows.check_per_station(first)
        rows = await info.context.loader(SessionsByStationLoader).load((self.id, upcoming, first))
        return [MobileWindowSession.from_row(row) for row in rows]

    @strawberry.field(
        description="The secret in the station's check-in QR code. Union staff and admins.",
        extensions=STATION_STAFF,
    )
    def checkin_code(self) -> str | None:
        return self.raw["checkin_code"]

    @strawberry.field(
        description="Use per Asia/Shanghai day, zero days included, at most 92 days. Union "
        "staff, admins, or keys with stations:usage.",
        extensions=USAGE_READERS,
    )
    async def usage(
        self,
        info: Info,
        from_: Annotated[
            dt.date, strawberry.argument(name="from", description="First day (inclusive).")
        ],
        to: Annotated[dt.date, strawberry.argument(description="Last day (inclusive).")],
    ) -> list[StationUsageDay] | None:
        check_ins.check_usage_range(from_, to)
        rows = await info.context.loader(UsageByStationLoader).load((self.id, from_, to))
        return [StationUsageDay.from_row(row) for row in rows]

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        ids = node_pks(node_ids)
        rows = await info.context.loader(StationByIdLoader).load_many([i or 0 for i in ids])
        found = iter(await stations_from_rows(info, [row for row in rows if row]))
        return [next(found) if row else None for row in rows]


async def stations_from_rows(info: Info, rows: list[dict]) -> list[Station]:
    """Stations from their rows (districts joined in), with amenities and hours: one or two
    batched loads per list.

    Loading relations here, once per list, instead of in a resolver per station keeps
    every field plain (sync); graphql-core then does no awaiting per station.
    """
    hours = selects(info, "openingHours", "isOpenNow", "isOpenAt")
    return await build_stations(info.context, rows, with_hours=hours)


async def build_stations(context: Context, rows: list[dict], *, with_hours: bool) -> list[Station]:
    """As stations_from_rows, through ``context``'s loaders: the fields loaded here are the
    same for every viewer (a subscription builds one for all its subscribers)."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    loaders = context.loader
    amenities = await loaders(AmenitiesByStationIdLoader).load_many(ids)
    hours: list[list[dict]] = [[] for _ in ids]
    if with_hours:
        hours = await loaders(HoursByStationIdLoader).load_many(ids)
    return [
        Station(
            id=row["id"],
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            address=row["address"],
            location=GeoPoint(lat=row["lat"], lng=row["lng"]),
            is_sample=row["is_sample"],
            inferred=inferred_facts(row["inferred"]),
            district=District.from_joined(row),
            amenities=offered,
            open_24_hours=row["open_24h"],
            phone=row["phone"] or None,
            distance_km=row.get("distance_km"),
            raw=row,
            hours=periods,
        )
        for row, offered, periods in zip(rows, amenities, hours, strict=True)
    ]


async def station_by_id(info: Info, station_id: int | None) -> Station | None:
    if station_id is None:
        return None
    row = await info.context.loader(StationByIdLoader).load(station_id)
    return (await stations_from_rows(info, [row]))[0] if row else None


DistrictCode = Annotated[
    str | None,
    strawberry.argument(
        description="A district code (see `districts`).", directives=max_length(32)
    ),
]
Amenities = Annotated[
    list[Amenity] | None, strawberry.argument(description="Only stations offering all of these.")
]
Text = Annotated[
    str | None,
    strawberry.argument(description="Part of the name or address.", directives=max_length(200)),
]
Kind = Annotated[
    StationKind | None, strawberry.argument(description="Only stations, or only service centres.")
]
OpenAt = Annotated[
    dt.datetime | None,
    strawberry.argument(
        description="Only those open at this instant (Taiyuan time decides; a time without an "
        "offset is UTC)."
    ),
]
Near = Annotated[
    NearInput | None,
    strawberry.argument(
        description="Only those within a radius, nearest first, with `distanceKm`. Cursors of "
        "a `near` list only fit the same kind of list."
    ),
]


@strawberry.type
class StationsQuery:
    @strawberry.field(
        description="Worker stations and service centres, filtered by district, kind, "
        "amenities, text or opening time; by id, or nearest first with `near`."
    )
    async def stations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        district: DistrictCode = None,
        amenities: Amenities = None,
        text: Text = None,
        kind: Kind = None,
        open_at: OpenAt = None,
        near: Near = None,
    ) -> Connection[Station]:
        where = union.StationFilter(
            district=district,
            amenities=tuple(amenities or ()),
            text=text,
            kind=kind and kind.value,
            open_at=open_at,
            near=near.to_near() if near is not None else None,
        )
        page = await union.list_stations(where, first=first, after=after)
        return connection(page, await stations_from_rows(info, page.rows))

    @strawberry.field(description="One station by its global ID.")
    async def station(self, info: Info, id: relay.GlobalID) -> Station | None:
        return await station_by_id(info, node_pk(id, "Station"))
