"""The drivers' union pages: its home, the station finder and station details."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import render, run_query
from cityhub.portal.union import aid, members, staff, stations


async def union_home(request: Request) -> Response:
    data = await run_query(request, "union/index.graphql")
    return await render(request, "union/index.html", data)


routes = [
    Route("/union", union_home, name="union"),
    *stations.routes,
    *members.routes,
    *aid.routes,
    *staff.routes,
]
