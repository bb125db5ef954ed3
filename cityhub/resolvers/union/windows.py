"""Mobile service windows (流动服务窗口): sessions held at stations on a schedule, where
members apply for aid or rights protection and ask questions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from enum import StrEnum

from cityhub import clock
from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.union.stations import MobileWindowSession, Station
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.imports import ImportCounts
from cityhub.resolvers.pagination import Page, time_keyset_page


class WindowService(StrEnum):
    AID_APPLICATION = "aid_application"
    RIGHTS_APPLICATION = "rights_application"
    CONSULTATION = "consultation"
    MEDICAL_AID_CLAIM = "medical_aid_claim"


SESSION_FIELDS = ("id", "station_id", "starts_at", "ends_at", "services", "note", "is_sample")
SESSIONS_PER_STATION = 10
SESSIONS_PER_STATION_MAX = 50


def check_per_station(first: int) -> None:
    if not 1 <= first <= SESSIONS_PER_STATION_MAX:
        raise BadInput(
            N_("first 必须在 1 到 {max} 之间"),
            code="PAGE_SIZE_OUT_OF_RANGE",
            max=SESSIONS_PER_STATION_MAX,
            argument="first",
        )


def _plain(row: dict) -> dict:
    """Services in a fixed order, unknown ones dropped."""
    offered = set(row["services"] or ())
    return {**row, "services": [s.value for s in WindowService if s.value in offered]}


async def list_sessions(*, since: datetime, first: int | None, after: str | None) -> Page:
    """Sessions not over by ``since``, soonest first."""
    query = MobileWindowSession.filter(ends_at__gt=since)
    page = await time_keyset_page(query, SESSION_FIELDS, "starts_at", first=first, after=after)
    page.rows = [_plain(row) for row in page.rows]
    return page


async def sessions_by_id(ids: list[int]) -> list[dict | None]:
    return [
        row and _plain(row) for row in await rows_by_id(MobileWindowSession, SESSION_FIELDS, ids)
    ]


async def sessions_by_station(keys: list[tuple[int, bool, int]], now: datetime) -> list[list[dict]]:
    """For (station id, upcoming, how many) keys: the station's sessions not yet over
    (soonest first) or already over (latest first). One statement per direction."""
    found: dict[tuple[int, bool], list[dict]] = defaultdict(list)
    for upcoming in {upcoming for _, upcoming, _ in keys}:
        station_ids = list({station_id for station_id, wanted, _ in keys if wanted == upcoming})
        query = MobileWindowSession.filter(station_id__in=station_ids)
        if upcoming:
            query = query.filter(ends_at__gt=now).order_by("starts_at", "id")
        else:
            query = query.filter(ends_at__lte=now).order_by("-starts_at", "-id")
        for row in await query.values(*SESSION_FIELDS):
            found[(row["station_id"], upcoming)].append(_plain(row))
    return [found[(station_id, upcoming)][:limit] for station_id, upcoming, limit in keys]


def _days(record: dict) -> list[date]:
    if "date" in record:
        return [date.fromisoformat(record["date"])]
    day, until = date.fromisoformat(record["from"]), date.fromisoformat(record["until"])
    step = timedelta(weeks=record["every_weeks"])
    days = []
    while day <= until:
        days.append(day)
        day += step
    return days


def _expand(record: dict, station_id: int) -> list[dict]:
    """One seed record as session rows: a single day, or a repeat every N weeks."""
    services = [WindowService(s).value for s in record["services"]]
    return [
        {
            "station_id": station_id,
            "starts_at": clock.at_local(day, record["opens"]),
            "ends_at": clock.at_local(day, record["closes"]),
            "services": services,
            "note": record.get("note", ""),
            "is_sample": record["sample"],
        }
        for day in _days(record)
    ]


async def import_window_sessions(records: list[dict]) -> ImportCounts:
    """Sessions keyed by station and start; times in the seed are Taiyuan wall-clock.

    Counts are per seed record (a repeating schedule is one record, however many sessions
    it holds): created when all its sessions are new, updated when any is new or changed.
    """
    stations = dict(await Station.all().values_list("code", "id"))
    expanded = [_expand(r, stations[r["station"]]) for r in records]
    existing = {
        (row["station_id"], row["starts_at"]): row
        for row in await MobileWindowSession.filter(
            station_id__in=list({r["station_id"] for rows in expanded for r in rows})
        ).values(*SESSION_FIELDS)
    }
    counts = ImportCounts()
    new = []
    for rows in expanded:
        created = changed = 0
        for row in rows:
            have = existing.get((row["station_id"], row["starts_at"]))
            if have is None:
                new.append(MobileWindowSession(**row))
                created += 1
            elif differences := {k: v for k, v in row.items() if have[k] != v}:
                await MobileWindowSession.filter(id=have["id"]).update(**differences)
                changed += 1
        if created == len(rows):
            counts.created += 1
        elif created or changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
    await MobileWindowSession.bulk_create(new)
    return counts
