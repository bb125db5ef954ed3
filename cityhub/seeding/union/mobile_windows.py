"""Seed import of the mobile service windows' schedules (Taiyuan wall-clock times)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from cityhub import clock
from cityhub.models.union.mobile_windows import MobileWindowSession
from cityhub.models.union.stations import InferredFact, Station
from cityhub.resolvers.union.mobile_windows import SESSION_FIELDS, WindowService
from cityhub.seeding.imports import ImportCounts


def _days(record: dict[str, Any]) -> list[date]:
    if "date" in record:
        return [date.fromisoformat(record["date"])]
    day, until = date.fromisoformat(record["from"]), date.fromisoformat(record["until"])
    step = timedelta(weeks=record["every_weeks"])
    days = []
    while day <= until:
        days.append(day)
        day += step
    return days


def _expand(record: dict[str, Any], station_id: int) -> list[dict[str, Any]]:
    """One seed record as session rows: a single day, or a repeat every N weeks."""
    services = [WindowService(s).value for s in record["services"]]
    return [
        {
            "station_id": station_id,
            "starts_at": clock.at_local(day, record["opens"]),
            "ends_at": clock.at_local(day, record["closes"]),
            "services": services,
            "note": record.get("note", ""),
            "note_en": record.get("note_en", ""),
            "is_sample": record["sample"],
            "inferred": ",".join(InferredFact(name) for name in record.get("inferred", [])),
        }
        for day in _days(record)
    ]


async def import_window_sessions(records: list[dict[str, Any]]) -> ImportCounts:
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
