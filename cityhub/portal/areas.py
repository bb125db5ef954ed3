"""Landing pages of the areas whose services are still to come: what the source says."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import render, run_query

AREAS = ("housing", "council", "events")


async def area(request: Request) -> Response:
    name = request.url.path.strip("/")
    data = await run_query(request, "areas/area.graphql", {"domain": name})
    return await render(request, "areas/area.html", {**data, "area": name})


routes = [Route(f"/{name}", area, name=name) for name in AREAS]
