"""The drivers' union: worker stations, their amenities and their changes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from cityhub import events
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.geo import District
from cityhub.models.union.stations import Amenity, Station, StationAmenity, StationKind
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.imports import ImportCounts, upsert
from cityhub.resolvers.pagination import Page, keyset_page

STATION_FIELDS = (
    "id",
    "code",
    "name",
    "kind",
    "district_id",
    "address",
    "lat",
    "lng",
    "is_sample",
)
STATION_UPDATED = "station.updated"
NAME_MAX = 100
ADDRESS_MAX = 200


@dataclass(frozen=True)
class StationFilter:
    district: str | None = None
    amenities: tuple[str, ...] = ()
    text: str | None = None


def _stations(where: StationFilter) -> QuerySet[Station]:
    query = Station.all()
    if where.district:
        query = query.filter(district__code=where.district)
    for amenity in where.amenities:
        having = StationAmenity.filter(amenity=amenity).values("station_id")
        query = query.filter(id__in=Subquery(having))
    if where.text and where.text.strip():
        text = where.text.strip()
        query = query.filter(Q(name__icontains=text) | Q(address__icontains=text))
    return query


async def list_stations(where: StationFilter, *, first: int | None, after: str | None) -> Page:
    return await keyset_page(_stations(where), STATION_FIELDS, first=first, after=after)


async def count_stations() -> int:
    return await Station.all().count()


async def stations_by_id(ids: list[int]) -> list[dict | None]:
    return await rows_by_id(Station, STATION_FIELDS, ids)


async def amenities_by_station_id(ids: list[int]) -> list[list[str]]:
    rows = await StationAmenity.filter(station_id__in=ids).values_list("station_id", "amenity")
    found: dict[int, set[str]] = defaultdict(set)
    for station_id, amenity in rows:
        found[station_id].add(amenity)
    order = list(Amenity)
    return [[a for a in order if a in found[i]] for i in ids]


def _check_station_changes(name: str | None, address: str | None) -> list[Problem]:
    problems = []
    if name is not None and not (0 < len(name.strip()) <= NAME_MAX):
        problems.append(Problem("INVALID", N_("名称须为 1-{max} 个字"), "name", {"max": NAME_MAX}))
    if address is not None and not (0 < len(address.strip()) <= ADDRESS_MAX):
        problems.append(
            Problem("INVALID", N_("地址须为 1-{max} 个字"), "address", {"max": ADDRESS_MAX})
        )
    return problems


async def update_station(
    station_id: int | None,
    *,
    name: str | None = None,
    address: str | None = None,
    amenities: list[str] | None = None,
) -> dict:
    """Change a station's name, address or amenities; subscribers hear of it."""
    if problems := _check_station_changes(name, address):
        raise Rejected(*problems)
    changes = {k: v.strip() for k, v in (("name", name), ("address", address)) if v is not None}
    changes["updated_at"] = datetime.now(UTC)
    async with in_transaction():
        if not await Station.filter(id=station_id).exists():
            raise Rejected(Problem("NOT_FOUND", N_("找不到该驿站"), "id"))
        await Station.filter(id=station_id).update(**changes)
        if amenities is not None:
            await StationAmenity.filter(station_id=station_id).delete()
            await StationAmenity.bulk_create(
                [StationAmenity(station_id=station_id, amenity=a) for a in dict.fromkeys(amenities)]
            )
    await events.publish(STATION_UPDATED, {"id": station_id})
    (row,) = await stations_by_id([station_id])
    return row


async def import_stations(records: list[dict]) -> ImportCounts:
    """Stations keyed by code; each one's amenities end up exactly as listed."""
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
        }
        for r in records
    ]
    counts, ids = await upsert(Station, "code", rows)
    wanted = {(ids[r["code"]], a) for r in records for a in r["amenities"]}
    have = set(
        await StationAmenity.filter(station_id__in=list(ids.values())).values_list(
            "station_id", "amenity"
        )
    )
    for station_id, amenity in have - wanted:
        await StationAmenity.filter(station_id=station_id, amenity=amenity).delete()
    await StationAmenity.bulk_create(
        [StationAmenity(station_id=s, amenity=a) for s, a in sorted(wanted - have)]
    )
    return counts
