"""Mobile service windows (流动服务窗口): sessions held at stations on a schedule, where
members apply for aid or rights protection and ask questions."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from enum import StrEnum
from typing import Any

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.union.mobile_windows import MobileWindowSession
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, time_keyset_page


class WindowService(StrEnum):
    AID_APPLICATION = "aid_application"
    RIGHTS_APPLICATION = "rights_application"
    CONSULTATION = "consultation"
    MEDICAL_AID_CLAIM = "medical_aid_claim"


SESSION_FIELDS = (
    "id",
    "station_id",
    "starts_at",
    "ends_at",
    "services",
    "note",
    "note_en",
    "is_sample",
    "inferred",
)
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


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Services in a fixed order, unknown ones dropped."""
    offered = set(row["services"] or ())
    return {**row, "services": [s.value for s in WindowService if s.value in offered]}


async def list_sessions(*, since: datetime, first: int | None, after: str | None) -> Page:
    """Sessions not over by ``since``, soonest first."""
    query = MobileWindowSession.filter(ends_at__gt=since)
    page = await time_keyset_page(query, SESSION_FIELDS, "starts_at", first=first, after=after)
    page.rows = [_plain(row) for row in page.rows]
    return page


async def sessions_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return [
        row and _plain(row) for row in await rows_by_id(MobileWindowSession, SESSION_FIELDS, ids)
    ]


async def sessions_by_station(
    keys: list[tuple[int, bool, int]], now: datetime
) -> list[list[dict[str, Any]]]:
    """For (station id, upcoming, how many) keys: the station's sessions not yet over
    (soonest first) or already over (latest first). One statement per direction."""
    found: dict[tuple[int, bool], list[dict[str, Any]]] = defaultdict(list)
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
