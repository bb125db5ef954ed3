"""The station finder (filters, open now, near me or a typed place, list and map) and a
station's page (hours, open-now badge, mobile windows, navigation buttons, staff tools)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub import clock
from cityhub.i18n import N_
from cityhub.portal.base import is_fragment_request, render
from cityhub.portal.client import enum_labels, run_query, run_query_showing_errors
from cityhub.portal.forms import global_id_or_404
from cityhub.portal.maps import map_view

PAGE_SIZE = 20
RADII_KM = (1, 3, 5, 10, 20, 50)
DEFAULT_RADIUS_KM = 5
TEXT_MAX = 50


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def station_filters(request: Request, amenities: dict[str, str]) -> dict:
    """The finder's filters from the query string; amenities the schema does not list are
    dropped."""
    params = request.query_params
    chosen = [a.upper() for a in params.getlist("amenity") if a.upper() in amenities]
    radius = _number(params.get("radius"))
    return {
        "district": params.get("district") or None,
        "amenities": list(dict.fromkeys(chosen)),
        "text": (params.get("q") or "").strip()[:TEXT_MAX] or None,
        "open": params.get("open") == "1",
        "place": (params.get("place") or "").strip(),
        "lat": params.get("lat") or "",
        "lng": params.get("lng") or "",
        "radius": int(radius) if radius in RADII_KM else DEFAULT_RADIUS_KM,
    }


async def _place(request: Request, text: str) -> tuple[dict | None, str | None]:
    """A typed place, looked up offline by the schema: the point, or why there is none."""
    found = await run_query_showing_errors(
        request, "union/stations/places.graphql", {"text": text}, at="places"
    )
    if found.message:
        return None, found.message
    if not found.data["places"]["nodes"]:
        return None, N_("没有找到这个地点，请换个说法，例如“太原南站”“柳巷”或街道名")
    place = found.data["places"]["nodes"][0]
    return {**place["location"], "name": place["name"], "nameEn": place["nameEn"]}, None


async def _near(request: Request, filters: dict) -> tuple[dict | None, str | None]:
    """The `near` input: around a typed place (GCJ-02), else around the browser's GPS fix
    (WGS-84: the schema converts it). Returns the input and a problem message."""
    near = {"radiusKm": filters["radius"]}
    if filters["place"]:
        here, problem = await _place(request, filters["place"])
        return (here and {**near, "lat": here["lat"], "lng": here["lng"], "here": here}), problem
    if not (filters["lat"] or filters["lng"]):
        return None, None
    lat, lng = _number(filters["lat"]), _number(filters["lng"])
    if lat is None or lng is None:
        return None, N_("位置坐标无效，请重新定位或输入地点")
    return {**near, "lat": lat, "lng": lng, "datum": "WGS84"}, None


def _variables(request: Request, filters: dict, near: dict | None) -> dict:
    fix = near if near is not None and "here" not in near else None  # a GPS fix
    return {
        "district": filters["district"],
        "amenities": filters["amenities"],
        "text": filters["text"],
        "openAt": clock.now().isoformat() if filters["open"] else None,
        "near": near and {k: v for k, v in near.items() if k != "here"},
        "gps": fix is not None,
        "gpsLat": fix["lat"] if fix else 0,
        "gpsLng": fix["lng"] if fix else 0,
        "first": PAGE_SIZE,
        "after": request.query_params.get("after") or None,
        "withFilters": not is_fragment_request(request),
    }


async def _stations(request: Request, filters: dict) -> tuple[dict, dict | None, str | None]:
    """The finder's answer, the search point (GCJ-02) and a problem: a point the schema
    refuses (say, a latitude past 90) is said so, and the list shown without it."""
    near, problem = await _near(request, filters)
    name = "union/stations/index.graphql"
    found = await run_query_showing_errors(
        request,
        name,
        _variables(request, filters, near),
        at=("stations", "stationCount", "centreCount"),
        argument="near",
    )
    if found.message is not None:
        return (
            await run_query(request, name, _variables(request, filters, None)),
            None,
            found.message,
        )
    data = found.data
    here = near and (near.get("here") or {**data["gpsPoint"], "name": None, "nameEn": None})
    return data, here, problem


async def stations(request: Request) -> Response:
    labels = await enum_labels(request, "Amenity", "InferredFact", "StationKind")
    filters = station_filters(request, labels["Amenity"])
    data, here, problem = await _stations(request, filters)
    context = {
        **data,
        "labels": labels,
        "filters": filters,
        "radii": RADII_KM,
        "here": here,
        "problem": problem,
        "map": map_view(data["stations"]["nodes"], here, filters["radius"] if here else None),
    }
    return await render(
        request,
        "union/stations/index.html",
        context,
        fragment="union/stations/_rows.html",
        status_code=422 if problem else 200,
    )


def weekly_hours(periods: list[dict], weekdays: dict[str, str]) -> list[tuple[str, list[dict]]]:
    """Every weekday in the schema's order (Monday first), with its periods (none: closed)."""
    return [(day, [p for p in periods if p["weekday"] == day]) for day in weekdays]


async def station(request: Request) -> Response:
    outcome = request.query_params.get("checkin")
    variables = {"id": global_id_or_404(request), "afterCheckIn": outcome is not None}
    data = await run_query(request, "union/stations/detail.graphql", variables)
    if data["station"] is None:
        raise HTTPException(404)
    context = {
        **data,
        "week": weekly_hours(data["station"]["openingHours"], data["labels"]["Weekday"]),
        # Only a visit the viewer really made: ?checkin= alone says nothing.
        "checked_in": outcome if data.get("myRecentCheckIn") else None,
        "checked_in_at": (data.get("myRecentCheckIn") or {}).get("checkedInAt"),
    }
    return await render(request, "union/stations/detail.html", context)


routes = [
    Route("/stations", stations, name="stations"),
    Route("/stations/{id}", station, name="station"),
]
