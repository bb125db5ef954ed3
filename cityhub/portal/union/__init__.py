"""The drivers' union on the portal: its home page, and each entity's pages (stations,
check-ins, members, aid programs, claims and applications, broadcasts, consultations)."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import render
from cityhub.portal.client import run_query
from cityhub.portal.registry import Card, NavEntry, PortalDomain
from cityhub.portal.union import (
    aid_applications,
    aid_claims,
    aid_programs,
    broadcasts,
    check_ins,
    consultations,
    members,
    stations,
)
from cityhub.portal.union.aid_applications import apply, review


async def union_home(request: Request) -> Response:
    data = await run_query(request, "union/index.graphql")
    return await render(request, "union/index.html", data)


domain = PortalDomain(
    name="union",
    routes=(
        Route("/union", union_home, name="union"),
        *stations.routes,
        *check_ins.routes,
        *members.routes,
        *aid_claims.routes,
        *aid_applications.routes,
        *review.routes,
        *apply.routes,
        # Last of the aid pages: /union/aid/{code} would take /union/aid/mine.
        *aid_programs.routes,
        *broadcasts.routes,
        *consultations.routes(broadcasts.show_dashboard),
    ),
    nav=NavEntry("/union", N_("工会驿站")),
    card=Card("/stations", N_("找驿站"), N_("歇脚、充电、喝水、热饭、如厕")),
)
