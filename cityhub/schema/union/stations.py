"""Worker stations in the schema."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub import events
from cityhub.models.accounts import Role
from cityhub.models.union.stations import Amenity as AmenityValue
from cityhub.models.union.stations import StationKind as StationKindValue
from cityhub.resolvers.union import stations as union
from cityhub.schema.connections import (
    After,
    Connection,
    First,
    connection,
    node_pk,
    node_pks,
)
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.geo import District, DistrictByIdLoader
from cityhub.schema.permissions import allow

Amenity = strawberry.enum(AmenityValue, description="What a station offers drivers.")
StationKind = strawberry.enum(StationKindValue, description="Worker station or service centre.")
STATION_EDITORS = allow(roles=[Role.UNION_STAFF, Role.ADMIN], scopes=["stations:write"])


class StationByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=union.stations_by_id)


class AmenitiesByStationIdLoader(DataLoader[int, list[str]]):
    def __init__(self) -> None:
        super().__init__(load_fn=union.amenities_by_station_id)


@strawberry.type(description="A point in GCJ-02 coordinates, the system Chinese map apps use.")
class GeoPoint:
    lat: float = strawberry.field(description="Latitude (GCJ-02).")
    lng: float = strawberry.field(description="Longitude (GCJ-02).")


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
    district: District = strawberry.field(description="The district it is in.")
    amenities: list[Amenity] = strawberry.field(description="What it offers, in a fixed order.")

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        ids = node_pks(node_ids)
        rows = await info.context.loader(StationByIdLoader).load_many([i or 0 for i in ids])
        found = iter(await stations_from_rows(info, [row for row in rows if row]))
        return [next(found) if row else None for row in rows]


async def stations_from_rows(info: Info, rows: list[dict]) -> list[Station]:
    """Stations with their districts and amenities: two batched loads for the whole list.

    Loading relations here, once per list, instead of in a resolver per station keeps
    every field a plain attribute; graphql-core then does no awaiting per station.
    """
    if not rows:
        return []
    districts = await info.context.loader(DistrictByIdLoader).load_many(
        [row["district_id"] for row in rows]
    )
    amenities = await info.context.loader(AmenitiesByStationIdLoader).load_many(
        [row["id"] for row in rows]
    )
    return [
        Station(
            id=row["id"],
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            address=row["address"],
            location=GeoPoint(lat=row["lat"], lng=row["lng"]),
            is_sample=row["is_sample"],
            district=District.from_row(district),
            amenities=offered,
        )
        for row, district, offered in zip(rows, districts, amenities, strict=True)
    ]


@strawberry.input(description="Changes to a station; omitted fields stay as they are.")
class UpdateStationInput:
    id: relay.GlobalID = strawberry.field(description="The station's global ID.")
    name: str | None = strawberry.field(default=None, description="New name, 1-100 characters.")
    address: str | None = strawberry.field(
        default=None, description="New address, 1-200 characters."
    )
    amenities: list[Amenity] | None = strawberry.field(
        default=None, description="The full new list of amenities."
    )


@strawberry.type(description="The station after the change.")
class UpdateStationPayload:
    station: Station | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class StationsQuery:
    @strawberry.field(description="Worker stations, filtered by district, amenities or text.")
    async def stations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        district: Annotated[
            str | None,
            strawberry.argument(description="A district code (see `districts`)."),
        ] = None,
        amenities: Annotated[
            list[Amenity] | None,
            strawberry.argument(description="Only stations offering all of these."),
        ] = None,
        text: Annotated[
            str | None, strawberry.argument(description="Part of the name or address.")
        ] = None,
    ) -> Connection[Station]:
        where = union.StationFilter(district=district, amenities=tuple(amenities or ()), text=text)
        page = await union.list_stations(where, first=first, after=after)
        return connection(page, await stations_from_rows(info, page.rows))

    @strawberry.field(description="One station by its global ID.")
    async def station(self, info: Info, id: relay.GlobalID) -> Station | None:
        station_id = node_pk(id, "Station")
        if station_id is None:
            return None
        row = await info.context.loader(StationByIdLoader).load(station_id)
        return (await stations_from_rows(info, [row]))[0] if row else None


@strawberry.type
class StationsMutation:
    @strawberry.mutation(
        description="Change a station. Union staff, admins, or keys with stations:write.",
        extensions=STATION_EDITORS,
    )
    async def update_station(self, info: Info, input: UpdateStationInput) -> UpdateStationPayload:
        changes = union.update_station(
            node_pk(input.id, "Station"),
            name=input.name,
            address=input.address,
            amenities=None if input.amenities is None else [a.value for a in input.amenities],
        )
        row, errors = await attempt(info, changes)
        station = (await stations_from_rows(info, [row]))[0] if row else None
        return UpdateStationPayload(station=station, user_errors=errors)


@strawberry.type
class StationsSubscription:
    @strawberry.subscription(description="Each change to a station (or to one, given its ID).")
    async def station_updated(
        self, info: Info, id: relay.GlobalID | None = None
    ) -> AsyncGenerator[Station, None]:
        only = None if id is None else node_pk(id, "Station")
        if id is not None and only is None:
            return
        async for event in events.subscribe(union.STATION_UPDATED):
            if only is not None and event["id"] != only:
                continue
            (row,) = await union.stations_by_id([event["id"]])
            if row:
                # A fresh context per event: loaders must not serve the previous version.
                info.context.reset_loaders()
                yield (await stations_from_rows(info, [row]))[0]
