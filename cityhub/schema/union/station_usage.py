"""How much stations are used (使用率): check-ins per station per day, in the schema."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.models.accounts import Role
from cityhub.resolvers.union import checkins
from cityhub.schema.permissions import allow

USAGE_READERS = allow(roles=[Role.UNION_STAFF, Role.ADMIN], scopes=["stations:usage"])


class UsageByStationLoader(DataLoader[tuple[int, dt.date, dt.date], list[dict]]):
    """Keys are (station id, first day, last day): one statement for a whole list."""

    def __init__(self) -> None:
        super().__init__(load_fn=checkins.usage_by_station)


@strawberry.type(description="One Asia/Shanghai day of a station's use.")
class StationUsageDay:
    date: dt.date = strawberry.field(description="The day (Asia/Shanghai).")
    check_ins: int = strawberry.field(
        description="Check-ins that day (repeats within 30 min once)."
    )
    distinct_members: int = strawberry.field(description="Different members who checked in.")

    @classmethod
    def from_row(cls, row: dict) -> StationUsageDay:
        return cls(
            date=row["day"], check_ins=row["check_ins"], distinct_members=row["distinct_members"]
        )
