"""Stations' opening hours: weekly periods in Asia/Shanghai minutes, and "open at" checks.

A period is [opens, closes): it includes its opening minute and excludes its closing
one; 1440 closes at the very end of the day ("24:00"). An overnight period (20:00-06:00)
is stored as two rows: 20:00-24:00 on its day and 00:00-06:00 on the next.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from tortoise.expressions import Q, Subquery

from cityhub import clock
from cityhub.models.union.stations import StationHours
from cityhub.resolvers.batching import rows_by_parent

HOURS_FIELDS = ("station_id", "weekday", "opens_minute", "closes_minute")
WEEK = range(7)  # 0 is Monday

Period = tuple[int, int, int]  # weekday, opens minute, closes minute


def weekday_and_minute(moment: datetime) -> tuple[int, int]:
    """The Asia/Shanghai weekday (0 = Monday) and minute of the day of an instant."""
    seen = clock.local(moment)
    return seen.weekday(), seen.hour * 60 + seen.minute


def open_at_filter(moment: datetime) -> Q:
    """Stations open at ``moment``: 24-hour ones, or one of whose periods holds it."""
    weekday, minute = weekday_and_minute(moment)
    periods = StationHours.filter(
        weekday=weekday, opens_minute__lte=minute, closes_minute__gt=minute
    ).values("station_id")
    return Q(open_24h=True) | Q(id__in=Subquery(periods))


def is_open(rows: list[dict[str, Any]], open_24h: bool, moment: datetime) -> bool | None:
    """Open at ``moment``; None when the station has published no hours at all."""
    if open_24h:
        return True
    if not rows:
        return None
    weekday, minute = weekday_and_minute(moment)
    return any(
        r["weekday"] == weekday and r["opens_minute"] <= minute < r["closes_minute"] for r in rows
    )


async def hours_by_station_id(ids: list[int]) -> list[list[dict[str, Any]]]:
    """Each station's periods, by weekday then opening minute; one statement for all."""
    order = ("weekday", "opens_minute")
    return await rows_by_parent(StationHours, HOURS_FIELDS, "station_id", ids, order)


async def replace_hours(wanted: dict[int, list[Period]]) -> int:
    """Make each station's periods exactly ``wanted``; returns how many stations changed."""
    have: dict[int, set[Period]] = defaultdict(set)
    for row in await StationHours.filter(station_id__in=list(wanted)).values(*HOURS_FIELDS):
        have[row["station_id"]].add((row["weekday"], row["opens_minute"], row["closes_minute"]))
    changed = [i for i, periods in wanted.items() if set(periods) != have[i]]
    if changed:
        await StationHours.filter(station_id__in=changed).delete()
        await StationHours.bulk_create(
            [
                StationHours(station_id=i, weekday=w, opens_minute=o, closes_minute=c)
                for i in changed
                for w, o, c in wanted[i]
            ]
        )
    return len(changed)
