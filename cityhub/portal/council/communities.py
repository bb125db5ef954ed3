"""The council's community page: the area tree, the organisation chain, the grid workers
and how to reach them, the facilities on a map, the case catalogue, and what the source
published (passages and figures, with their source)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import render
from cityhub.portal.client import run_query
from cityhub.portal.maps import map_view


def compound_ids(communities: list[dict[str, Any]]) -> set[str]:
    """The IDs of the compounds a form offers (``communities { compounds { id } }``)."""
    return {p["id"] for c in communities for p in c["compounds"]}


async def community(request: Request) -> Response:
    data = await run_query(request, "council/index.graphql")
    facilities = [f for c in data["communities"] for f in c["facilities"]]
    places = [{"id": f["code"], "name": f["name"], "location": f["location"]} for f in facilities]
    context = {**data, "map": map_view(places, None, None) if places else None}
    return await render(request, "council/index.html", context)


routes = (Route("/council", community, name="council"),)
