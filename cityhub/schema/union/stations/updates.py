"""Changing stations in the schema: updateStation, and stationUpdated for live updates."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from functools import partial

import strawberry
from strawberry import relay

from cityhub import events
from cityhub.resolvers.union import stations as union
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Context, Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.union.stations import (
    STATION_EDITORS,
    Amenity,
    Station,
    build_stations,
    stations_from_rows,
)


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
            # Loaded once per change for every subscriber, not once per subscriber.
            station = await event.shared("station", partial(_updated_station, event["id"]))
            if station is not None:
                # The socket's context lives on: its loaders must not serve what they
                # loaded for the previous change to the rest of this selection.
                info.context.reset_loaders()
                yield station


async def _updated_station(station_id: int) -> Station | None:
    (row,) = await union.stations_by_id([station_id])
    if not row:
        return None
    (station,) = await build_stations(Context(), [row], with_hours=True)
    return station
