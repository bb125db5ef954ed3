"""The drivers' union on the portal: its home, stations, members, aid and staff pages."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import render, run_query
from cityhub.portal.registry import Card, NavEntry, PortalDomain
from cityhub.portal.union import aid, members, staff, stations


async def union_home(request: Request) -> Response:
    data = await run_query(request, "union/index.graphql")
    return await render(request, "union/index.html", data)


domain = PortalDomain(
    name="union",
    routes=(
        Route("/union", union_home, name="union"),
        *stations.routes,
        *members.routes,
        *aid.routes,
        *staff.routes,
    ),
    nav=NavEntry("/union", N_("工会驿站")),
    card=Card("/stations", N_("找驿站"), N_("歇脚、充电、喝水、热饭、如厕")),
)
