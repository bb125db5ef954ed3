"""The station finder (filters, open now, near me or a typed place, list and map) and
station details (hours, open-now badge, mobile windows, navigation buttons)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub import clock
from cityhub.i18n import N_
from cityhub.portal.base import is_fragment_request, render, run_query
from cityhub.portal.union import station_checkins
from cityhub.portal.union.station_common import is_union_staff, station_id_or_404
from cityhub.portal.union.station_graphics import map_view
from cityhub.resolvers.geo import wgs84_to_gcj02
from cityhub.schema.union.stations import Amenity

PAGE_SIZE = 20
RADII_KM = (1, 3, 5, 10, 20, 50)
DEFAULT_RADIUS_KM = 5
PLACE_MAX = 50


def _number(text: str | None, low: float, high: float) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and low <= value <= high else None


def station_filters(request: Request) -> dict:
    """The finder's filters from the query string; unknown values are dropped."""
    params = request.query_params
    known = {a.name for a in Amenity}
    amenities = [a.upper() for a in params.getlist("amenity") if a.upper() in known]
    radius = _number(params.get("radius"), 0, 50)
    return {
        "district": params.get("district") or None,
        "amenities": list(dict.fromkeys(amenities)),
        "text": (params.get("q") or "").strip()[:50] or None,
        "open": params.get("open") == "1",
        "place": (params.get("place") or "").strip(),
        "lat": params.get("lat") or "",
        "lng": params.get("lng") or "",
        "radius": int(radius) if radius in RADII_KM else DEFAULT_RADIUS_KM,
    }


async def _near(request: Request, filters: dict) -> tuple[dict | None, str | None]:
    """Where to search around: a typed place (looked up offline), else the browser's GPS
    fix (WGS-84, converted to GCJ-02). Returns the point and a problem message."""
    if filters["place"]:
        if len(filters["place"]) > PLACE_MAX:
            return None, N_("地点名称最多 50 个字")
        data = await run_query(request, "union/station_places.graphql", {"text": filters["place"]})
        found = data["places"]["nodes"]
        if not found:
            return None, N_("没有找到这个地点，请换个说法，例如“太原南站”“柳巷”或街道名")
        place = found[0]
        return {**place["location"], "name": place["name"], "nameEn": place["nameEn"]}, None
    if not (filters["lat"] or filters["lng"]):
        return None, None
    lat = _number(filters["lat"], -90, 90)
    lng = _number(filters["lng"], -180, 180)
    if lat is None or lng is None:
        return None, N_("位置坐标无效，请重新定位或输入地点")
    lng, lat = wgs84_to_gcj02(lng, lat)
    return {"lat": lat, "lng": lng, "name": None, "nameEn": None}, None


async def stations(request: Request) -> Response:
    filters = station_filters(request)
    here, problem = await _near(request, filters)
    variables = {
        "district": filters["district"],
        "amenities": filters["amenities"],
        "text": filters["text"],
        "openAt": clock.now().isoformat() if filters["open"] else None,
        "near": here and {"lat": here["lat"], "lng": here["lng"], "radiusKm": filters["radius"]},
        "first": PAGE_SIZE,
        "after": request.query_params.get("after") or None,
        "withFilters": not is_fragment_request(request),
    }
    data = await run_query(request, "union/stations.graphql", variables)
    nodes = data["stations"]["nodes"]
    context = {
        **data,
        "filters": filters,
        "amenities": [a.name for a in Amenity],
        "radii": RADII_KM,
        "here": here,
        "problem": problem,
        "map": map_view(nodes, here, filters["radius"] if here else None),
    }
    return await render(
        request,
        "union/stations.html",
        context,
        fragment="union/_station_rows.html",
        status_code=422 if problem else 200,
    )


def local_sessions(sessions: list[dict]) -> list[dict[str, Any]]:
    """Session times on Taiyuan's clock for display."""
    return [
        {
            **s,
            "starts": clock.local(datetime.fromisoformat(s["startsAt"])),
            "ends": clock.local(datetime.fromisoformat(s["endsAt"])),
        }
        for s in sessions
    ]


def weekly_hours(periods: list[dict]) -> list[tuple[str, list[dict]]]:
    """Every weekday, Monday first, with its periods (none: closed that day)."""
    days = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
    return [(day, [p for p in periods if p["weekday"] == day]) for day in days]


async def station(request: Request) -> Response:
    station_id = station_id_or_404(request)
    data = await run_query(request, "union/station.graphql", {"id": station_id})
    found = data["station"]
    if found is None:
        raise HTTPException(404)
    context = {
        **data,
        "sessions": local_sessions(found["mobileWindowSessions"]),
        "week": weekly_hours(found["openingHours"]),
        "is_staff": is_union_staff(data["viewer"]),
        "checked_in": request.query_params.get("checkin"),
    }
    return await render(request, "union/station.html", context)


routes = [
    Route("/stations", stations, name="stations"),
    Route("/stations/{id}", station, name="station"),
    *station_checkins.routes,
]
