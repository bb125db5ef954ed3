"""Aid applications on the portal: a member's own applications with their timelines, an
application's page (for its applicant and union staff), and its invoices; the forms to
apply (apply.py) and the staff's review (review.py)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import render
from cityhub.portal.client import run_query
from cityhub.portal.files import serve_stored
from cityhub.portal.forms import global_id_or_404


def application_path(application_id: str) -> str:
    return f"/union/aid/applications/{application_id}"


async def show_application(
    request: Request, application_id: str, *, error: str | None = None, status_code: int = 200
) -> Response:
    """An application's page, with a message over it when an action was refused; a 404
    when it is not the visitor's to see."""
    data = await run_query(request, "union/aid_applications/detail.graphql", {"id": application_id})
    if not data["node"]:
        raise HTTPException(404)
    context = {
        **data,
        "application": data["node"],
        "errors": {"_": error} if error else {},
        "back": application_path(application_id),
    }
    return await render(
        request, "union/aid_applications/detail.html", context, status_code=status_code
    )


async def application(request: Request) -> Response:
    return await show_application(request, global_id_or_404(request))


async def mine(request: Request) -> Response:
    data = await run_query(request, "union/aid_applications/mine.graphql")  # me: sign in
    context = {**data, "applied": request.query_params.get("applied")}
    return await render(request, "union/aid_applications/mine.html", context)


async def attachment(request: Request) -> Response:
    """An invoice, for its applicant and union staff only (the node is null for others)."""
    data = await run_query(
        request, "union/aid_applications/file.graphql", {"id": global_id_or_404(request)}
    )
    return serve_stored(request, data["node"])


routes = [
    Route("/union/aid/mine", mine, name="aid_mine"),
    Route("/union/aid/applications/{id}", application, name="aid_application"),
    Route("/union/aid/files/{id}", attachment, name="aid_file"),
]
