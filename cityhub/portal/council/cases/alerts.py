"""A resident's case alerts (the public steps of the cases they follow, and new cases in
the compounds they follow) beside the cases they follow, and marking them all read."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.portal.base import csrf_protected, render
from cityhub.portal.client import run_query


async def alerts(request: Request) -> Response:
    data = await run_query(request, "council/cases/alerts.graphql")  # me: sign in first
    unread = sum(1 for a in data["viewer"]["caseAlerts"] if a["readAt"] is None)
    return await render(request, "council/cases/alerts.html", {**data, "unread": unread})


@csrf_protected
async def mark_read(request: Request) -> Response:
    await run_query(request, "council/cases/read.graphql")  # signs in first
    return RedirectResponse("/council/alerts", status_code=303)


routes = [
    Route("/council/alerts", alerts, name="council_alerts"),
    Route("/council/alerts/read", mark_read, methods=["POST"], name="council_alerts_read"),
]
