"""The station finder and station details."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from strawberry.relay import GlobalID
from strawberry.relay.types import GlobalIDValueError

from cityhub.portal.base import is_fragment_request, render, run_query
from cityhub.schema.union.stations import Amenity

PAGE_SIZE = 20


def station_filters(request: Request) -> dict:
    """The finder's filters from the query string; unknown values are dropped."""
    params = request.query_params
    known = {a.name for a in Amenity}
    amenities = [a.upper() for a in params.getlist("amenity") if a.upper() in known]
    return {
        "district": params.get("district") or None,
        "amenities": list(dict.fromkeys(amenities)),
        "text": (params.get("q") or "").strip()[:50] or None,
    }


async def stations(request: Request) -> Response:
    filters = station_filters(request)
    variables = {
        **filters,
        "first": PAGE_SIZE,
        "after": request.query_params.get("after") or None,
        "withFilters": not is_fragment_request(request),
    }
    data = await run_query(request, "union/stations.graphql", variables)
    return await render(
        request,
        "union/stations.html",
        {**data, "filters": filters, "amenities": [a.name for a in Amenity]},
        fragment="union/_station_rows.html",
    )


async def station(request: Request) -> Response:
    station_id = request.path_params["id"]
    try:
        GlobalID.from_id(station_id)
    except GlobalIDValueError:
        raise HTTPException(404) from None
    data = await run_query(request, "union/station.graphql", {"id": station_id})
    if data["station"] is None:
        raise HTTPException(404)
    return await render(request, "union/station.html", data)


routes = [
    Route("/stations", stations, name="stations"),
    Route("/stations/{id}", station, name="station"),
]
