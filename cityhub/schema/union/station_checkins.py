"""Station check-ins in the schema: a member scans the station's QR code."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay

from cityhub.resolvers.union import checkins
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.permissions import signed_in
from cityhub.schema.union.stations import Station, station_by_id


@strawberry.type(description="A member's visit to a station, recorded by scanning its code.")
class StationCheckIn:
    checked_in_at: dt.datetime = strawberry.field(description="When (UTC).")
    day: dt.date = strawberry.field(description="The Asia/Shanghai day it counts for.")
    station_id: strawberry.Private[int]

    @strawberry.field(description="Where.")
    async def station(self, info: Info) -> Station | None:
        return await station_by_id(info, self.station_id)


@strawberry.input(description="What the station's QR code says.")
class CheckInAtStationInput:
    station: relay.GlobalID = strawberry.field(description="The station's global ID.")
    code: str = strawberry.field(description="The check-in code printed in its QR code.")


@strawberry.type(
    description="The visit. A repeat scan at the same station within 30 minutes is not "
    "counted again: it answers with the earlier visit and `counted: false`, no error."
)
class CheckInAtStationPayload:
    check_in: StationCheckIn | None = strawberry.field(
        default=None, description="The visit that counts."
    )
    counted: bool = strawberry.field(
        default=False, description="True when this scan added a visit to the station's usage."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="WRONG_CODE, NOT_A_MEMBER, MEMBERSHIP_INACTIVE or NOT_FOUND; nothing saved.",
    )


@strawberry.type
class StationCheckInsMutation:
    @strawberry.mutation(
        description="Check in at a station with the code from its QR code. Signed-in "
        "accounts linked to an active member.",
        extensions=signed_in(),
    )
    async def check_in_at_station(
        self, info: Info, input: CheckInAtStationInput
    ) -> CheckInAtStationPayload:
        visit = checkins.check_in(
            info.context.viewer, node_pk(input.station, "Station"), input.code
        )
        done, errors = await attempt(info, visit)
        if done is None:
            return CheckInAtStationPayload(user_errors=errors)
        check_in = StationCheckIn(
            checked_in_at=done.row["checked_in_at"],
            day=done.row["day"],
            station_id=done.row["station_id"],
        )
        return CheckInAtStationPayload(check_in=check_in, counted=done.counted)
