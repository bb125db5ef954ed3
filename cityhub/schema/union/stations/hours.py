"""Stations' opening hours in the schema: weekly periods on Taiyuan's clock."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.dataloader import DataLoader

from cityhub import clock
from cityhub.i18n import N_
from cityhub.resolvers.union.stations import hours as station_hours
from cityhub.schema.labels import labelled_enum


class WeekdayValue(Enum):
    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


NAMES = (N_("星期一"), N_("星期二"), N_("星期三"), N_("星期四"), N_("星期五"), N_("星期六"))
Weekday = WeekdayValue
labelled_enum(
    Weekday,
    dict(zip(range(7), (*NAMES, N_("星期日")), strict=True)),
    name="Weekday",
    description="A day of the week (Asia/Shanghai).",
)


class HoursByStationIdLoader(DataLoader[int, list[dict]]):
    def __init__(self) -> None:
        super().__init__(load_fn=station_hours.hours_by_station_id)


@strawberry.type(
    description="A weekly opening period on Taiyuan's clock (Asia/Shanghai), from `opens` "
    "up to but not including `closes`. An overnight opening is two periods: 20:00-24:00 "
    "on one day and 00:00-06:00 on the next."
)
class OpeningPeriod:
    weekday: Weekday = strawberry.field(description="The day the period falls on.")
    opens: str = strawberry.field(description='Opening time, "HH:MM", e.g. "08:00".')
    closes: str = strawberry.field(
        description='Closing time, "HH:MM"; "24:00" is the very end of the day.'
    )

    @classmethod
    def from_row(cls, row: dict) -> OpeningPeriod:
        return cls(
            weekday=WeekdayValue(row["weekday"]),
            opens=clock.clock_of(row["opens_minute"]),
            closes=clock.clock_of(row["closes_minute"]),
        )
