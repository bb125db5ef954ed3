"""Aid applications on the portal: a member's own applications with their timelines, an
application's page (for its applicant and union staff), and its invoices; the forms to
apply (apply.py) and the staff's review (review.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from cityhub.portal.base import render
from cityhub.portal.client import run_query
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


def stored_path(folder: Path, storage_key: str) -> Path | None:
    """The file behind a storage key, or None if missing or outside the uploads folder."""
    root = folder.resolve()
    path = (root / storage_key).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def content_disposition(name: str) -> str:
    """A download under ``name`` (RFC 6266): the name itself percent-encoded as UTF-8, and
    an ASCII fallback with quotes, backslashes and anything non-ASCII replaced."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\%;' else "_" for c in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def attachment(request: Request) -> Response:
    """An invoice, for its applicant and union staff only (the node is null for others)."""
    data = await run_query(
        request, "union/aid_applications/file.graphql", {"id": global_id_or_404(request)}
    )
    found = data["node"]
    if not found:
        raise HTTPException(404)
    path = stored_path(request.app.state.settings.data_dir / "uploads", found["storageKey"])
    if path is None:
        raise HTTPException(404)
    headers = {
        "Content-Disposition": content_disposition(found["downloadName"]),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return FileResponse(path, media_type=found["contentType"], headers=headers)


routes = [
    Route("/union/aid/mine", mine, name="aid_mine"),
    Route("/union/aid/applications/{id}", application, name="aid_application"),
    Route("/union/aid/files/{id}", attachment, name="aid_file"),
]
