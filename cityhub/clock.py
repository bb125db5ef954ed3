"""Time: stored in UTC, shown in Asia/Shanghai; opening hours as minutes, 24:00 = 1440."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = 24 * 60
_CLOCK = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


# Told of every reading of the clock and of every moment an answer changes by itself (the
# response cache keeps an answer that read the clock no longer than that: cityhub/cache).
_observers: list[Callable[[datetime, bool], None]] = []


def observe(observer: Callable[[datetime, bool], None]) -> None:
    """``observer(moment, exact)``: ``exact`` False for a reading of the clock, True for a
    moment code said its answer changes at (changes_at)."""
    if observer not in _observers:
        _observers.append(observer)


def now() -> datetime:
    moment = datetime.now(UTC)
    for observer in _observers:
        observer(moment, False)
    return moment


def changes_at(moment: datetime) -> None:
    """What is being computed from the clock stops being true at ``moment`` (a window that
    closes at a time that is not a whole minute, e.g. 30 minutes after a check-in)."""
    for observer in _observers:
        observer(moment, True)


def local(moment: datetime) -> datetime:
    """The moment on Taiyuan's clock (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(SHANGHAI)


def local_date(moment: datetime) -> date:
    return local(moment).date()


def today() -> date:
    return local_date(now())


def minutes_of(clock: str) -> int:
    """ "08:30" -> 510; "24:00" -> 1440, the end of that day. ValueError otherwise."""
    match = _CLOCK.match(clock.strip())
    if not match:
        raise ValueError(f"not a clock time: {clock!r}")
    hours, minutes = int(match[1]), int(match[2])
    if hours == 24 and minutes:
        raise ValueError(f"not a clock time: {clock!r}")
    return hours * 60 + minutes


def clock_of(minutes: int) -> str:
    """510 -> "08:30"; 1440 -> "24:00"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants where a Taiyuan calendar day starts and ends (its 24:00)."""
    start = datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def at_local(day: date, clock: str) -> datetime:
    """A Taiyuan wall-clock time on ``day`` as a UTC instant; "24:00" is the day's end."""
    start, _ = local_day_bounds(day)
    return start + timedelta(minutes=minutes_of(clock))
