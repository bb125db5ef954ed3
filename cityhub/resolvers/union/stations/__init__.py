"""Worker stations: the search (filters, open at, near), amenities, imports and changes."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from cityhub import clock, events
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.stations import Amenity, Station, StationAmenity
from cityhub.resolvers import geo
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, keyset_page, offset_page
from cityhub.resolvers.union.stations import hours as station_hours

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
    "open_24h",
    "phone",
    "checkin_code",
    "inferred",
    # The district, joined into the same statement rather than loaded after it.
    "district__code",
    "district__name",
    "district__name_en",
    "district__kind",
)
STATION_UPDATED = "station.updated"
NAME_MAX = 100
ADDRESS_MAX = 200


@dataclass(frozen=True)
class StationFilter:
    district: str | None = None
    amenities: tuple[str, ...] = ()
    text: str | None = None
    kind: str | None = None
    open_at: datetime | None = None
    near: geo.Near | None = None


def _stations(where: StationFilter) -> QuerySet[Station]:
    query = Station.all()
    if where.district:
        query = query.filter(district__code=where.district)
    if where.kind:
        query = query.filter(kind=where.kind)
    for amenity in where.amenities:
        having = StationAmenity.filter(amenity=amenity).values("station_id")
        query = query.filter(id__in=Subquery(having))
    if where.text and where.text.strip():
        text = where.text.strip()
        query = query.filter(Q(name__icontains=text) | Q(address__icontains=text))
    if where.open_at is not None:
        query = query.filter(station_hours.open_at_filter(where.open_at))
    return query


async def list_stations(where: StationFilter, *, first: int | None, after: str | None) -> Page:
    """By id (keyset cursors), or nearest first when ``near`` is given (offset cursors)."""
    if where.near is None:
        return await keyset_page(_stations(where), STATION_FIELDS, first=first, after=after)
    nearest = await geo.nearest(_stations(where), where.near, STATION_FIELDS)
    return offset_page(nearest, first=first, after=after, marked=True)


async def count_stations() -> int:
    return await Station.all().count()


async def stations_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(Station, STATION_FIELDS, ids)


async def amenities_by_station_id(ids: list[int]) -> list[list[Amenity]]:
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
) -> dict[str, Any]:
    """Change a station's name, address or amenities; subscribers hear of it."""
    if problems := _check_station_changes(name, address):
        raise Rejected(*problems)
    changes: dict[str, Any] = {
        k: v.strip() for k, v in (("name", name), ("address", address)) if v is not None
    }
    changes["updated_at"] = clock.now()
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
    assert station_id is not None, "no station has a missing id: rejected above"
    (row,) = await stations_by_id([station_id])
    assert row is not None, "the station was found above"
    return row


def new_checkin_code() -> str:
    """The secret in a station's QR code: 96 random bits, URL-safe."""
    return secrets.token_urlsafe(12)


async def ensure_checkin_codes(station_ids: list[int]) -> None:
    missing = await Station.filter(id__in=station_ids, checkin_code__isnull=True).values_list(
        "id", flat=True
    )
    for station_id in missing:
        await Station.filter(id=station_id).update(checkin_code=new_checkin_code())
