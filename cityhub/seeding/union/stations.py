"""Seed import of the worker stations with their amenities and opening hours."""

from __future__ import annotations

from typing import Any

from cityhub import clock
from cityhub.models.geo import District
from cityhub.models.union.stations import (
    InferredFact,
    Station,
    StationAmenity,
    StationKind,
)
from cityhub.resolvers.union.stations import ensure_checkin_codes
from cityhub.resolvers.union.stations.hours import WEEK, Period, replace_hours
from cityhub.seeding.imports import ImportCounts, upsert


async def import_stations(records: list[dict[str, Any]]) -> ImportCounts:
    """Stations keyed by code; amenities and opening hours end up exactly as listed.

    A station without a check-in code gets a fresh random one; an existing code is kept.
    """
    districts = dict(await District.all().values_list("code", "id"))
    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "kind": r.get("kind", StationKind.STATION),
            "district_id": districts[r["district"]],
            "address": r["address"],
            "lat": r["lat"],
            "lng": r["lng"],
            "is_sample": r["sample"],
            "open_24h": r.get("open_24h", False),
            "phone": r.get("phone", ""),
            "inferred": ",".join(InferredFact(name) for name in r.get("inferred", [])),
        }
        for r in records
    ]
    hours = {r["code"]: periods_from_seed(r.get("hours", [])) for r in records}
    counts, ids = await upsert(Station, "code", rows)
    wanted = {(ids[r["code"]], a) for r in records for a in r["amenities"]}
    await _import_amenities(list(ids.values()), wanted)
    await replace_hours({ids[code]: periods for code, periods in hours.items()})
    await ensure_checkin_codes(list(ids.values()))
    return counts


async def _import_amenities(station_ids: list[int], wanted: set[tuple[int, str]]) -> None:
    have = set(
        await StationAmenity.filter(station_id__in=station_ids).values_list("station_id", "amenity")
    )
    for station_id, amenity in have - wanted:
        await StationAmenity.filter(station_id=station_id, amenity=amenity).delete()
    await StationAmenity.bulk_create(
        [StationAmenity(station_id=s, amenity=a) for s, a in sorted(wanted - have)]
    )


def periods_from_seed(hours: list[dict[str, Any]]) -> list[Period]:
    """Seed periods ({"weekdays": [0, 1], "opens": "08:00", "closes": "20:00"}) as rows.

    A closing time at or before the opening time runs past midnight into the next day.
    """
    periods: set[Period] = set()
    for entry in hours:
        opens, closes = clock.minutes_of(entry["opens"]), clock.minutes_of(entry["closes"])
        if opens >= clock.END_OF_DAY or opens == closes:
            raise ValueError(f"not an opening period (use open_24h for all day): {entry}")
        for weekday in entry["weekdays"]:
            if weekday not in WEEK:
                raise ValueError(f"weekday must be 0 (Monday) to 6: {entry}")
            if opens < closes:
                periods.add((weekday, opens, closes))
                continue
            periods.add((weekday, opens, clock.END_OF_DAY))
            if closes:
                periods.add(((weekday + 1) % 7, 0, closes))
    return sorted(periods)
