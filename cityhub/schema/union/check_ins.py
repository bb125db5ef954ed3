"""Check-ins in the schema: a member scans a station's QR code; staff read the usage."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub.resolvers.union import check_ins
from cityhub.resolvers.union.trade_union import UNION_STAFF_ROLES
from cityhub.schema.connections import node_pk, nodes_of
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.permissions import allow, signed_in


@strawberry.type(description="A member's visit to a station, recorded by scanning its code.")
class StationCheckIn:
    checked_in_at: dt.datetime = strawberry.field(description="When (UTC).")
    day: dt.date = strawberry.field(description="The Asia/Shanghai day it counts for.")
    station_id: strawberry.Private[int]

    @strawberry.field(description="Where.")
    async def station(self, info: Info) -> StationRef | None:
        (station,) = await nodes_of(info, "Station", [self.station_id])
        return station


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
class CheckInsQuery:
    @strawberry.field(
        description="Whether a code is the station's check-in code, so the check-in page "
        "refuses a wrong one before its confirm button. Signed-in accounts.",
        extensions=signed_in(),
    )
    async def check_in_code_matches(
        self,
        station: Annotated[relay.GlobalID, strawberry.argument(description="The station.")],
        code: Annotated[str, strawberry.argument(description="The code from its QR code.")],
    ) -> bool:
        return await check_ins.code_matches(node_pk(station, "Station"), code)

    @strawberry.field(
        description="Your own visit to a station within the union's check-in window (30 "
        "minutes as seeded): null when you made none, or are not a member."
    )
    async def my_recent_check_in(
        self,
        info: Info,
        station: Annotated[relay.GlobalID, strawberry.argument(description="The station.")],
    ) -> StationCheckIn | None:
        row = await check_ins.recent_check_in(info.context.viewer, node_pk(station, "Station"))
        if row is None:
            return None
        return StationCheckIn(
            checked_in_at=row["checked_in_at"], day=row["day"], station_id=row["station_id"]
        )


@strawberry.type
class CheckInsMutation:
    @strawberry.mutation(
        description="Check in at a station with the code from its QR code. Signed-in "
        "accounts linked to an active member.",
        extensions=signed_in(),
    )
    async def check_in_at_station(
        self, info: Info, input: CheckInAtStationInput
    ) -> CheckInAtStationPayload:
        visit = check_ins.check_in(
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


if TYPE_CHECKING:
    from cityhub.schema.union.stations import Station

# Station's module lists each station's usage from here: a lazy reference back.
StationRef = Annotated["Station", strawberry.lazy("cityhub.schema.union.stations")]
USAGE_READERS = allow(roles=UNION_STAFF_ROLES, scopes=["stations:usage"])


class UsageByStationLoader(DataLoader[tuple[int, dt.date, dt.date], list[dict]]):
    """Keys are (station id, first day, last day): one statement for a whole list."""

    def __init__(self) -> None:
        super().__init__(load_fn=check_ins.usage_by_station)


@strawberry.type(description="One Asia/Shanghai day of a station's use.")
class StationUsageDay:
    date: dt.date = strawberry.field(description="The day (Asia/Shanghai).")
    check_ins: int = strawberry.field(
        description="Check-ins that day (repeats within 30 min once)."
    )
    distinct_members: int = strawberry.field(description="Different members who checked in.")
    sample_check_ins: int = strawberry.field(
        description="Of checkIns, those by sample members (示例, isSample)."
    )
    sample_members: int = strawberry.field(
        description="Of distinctMembers, the sample members (示例, isSample)."
    )

    @classmethod
    def from_row(cls, row: dict) -> StationUsageDay:
        return cls(
            date=row["day"],
            check_ins=row["check_ins"],
            distinct_members=row["distinct_members"],
            sample_check_ins=row["sample_check_ins"],
            sample_members=row["sample_members"],
        )
