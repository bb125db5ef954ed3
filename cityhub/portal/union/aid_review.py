"""Staff review: the queue, an application's page, the action forms, invoice downloads."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route
from strawberry.relay import GlobalID
from strawberry.relay.types import GlobalIDValueError

from cityhub.i18n import N_, translate
from cityhub.portal.base import (
    csrf_protected,
    is_fragment_request,
    page_locale,
    render,
    run_query,
)
from cityhub.portal.union.aid_common import LABELS, STATE_LABELS, parse_amount, with_local_times

PAGE_SIZE = 25
ACTIONS = ("START_REVIEW", "APPROVE", "REJECT", "PAY", "WITHDRAW", "NOTE")
REASON_MAX = 2000


def global_id(request: Request, key: str = "id") -> str:
    value = request.path_params[key]
    try:
        GlobalID.from_id(value)
    except GlobalIDValueError:
        raise HTTPException(404) from None
    return value


def queue_filters(request: Request) -> dict:
    params = request.query_params
    state = (params.get("state") or "").upper()
    program = params.get("program") or None
    if program:
        try:
            GlobalID.from_id(program)
        except GlobalIDValueError:
            program = None
    return {"program": program, "state": state if state in STATE_LABELS else None}


def _same_site(target: str | None, fallback: str) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


async def queue(request: Request) -> Response:
    filters = queue_filters(request)
    variables = {
        **filters,
        "first": PAGE_SIZE,
        "after": request.query_params.get("after") or None,
        "withFilters": not is_fragment_request(request),
    }
    data = await run_query(request, "union/aid/review.graphql", variables)
    with_local_times(data["aidApplications"]["nodes"])
    context = {
        **data,
        **LABELS,
        "filters": filters,
        "back": request.url.path + "?" + request.url.query,
    }
    return await render(
        request, "union/aid/review.html", context, fragment="union/aid/_queue_rows.html"
    )


async def application(request: Request) -> Response:
    data = await run_query(request, "union/aid/application.graphql", {"id": global_id(request)})
    if not data["node"]:
        raise HTTPException(404)
    with_local_times([data["node"]])
    context = {**LABELS, "application": data["node"], "errors": {}, "back": request.url.path}
    return await render(request, "union/aid/application.html", context)


def review_input(form, application_id: str) -> tuple[dict | None, str | None]:
    action = str(form.get("action") or "").upper()
    if action not in ACTIONS:
        return None, "action"
    review = {"application": application_id, "action": action}
    reason = str(form.get("reason") or "").strip()[:REASON_MAX]
    if reason:
        review["reason"] = reason
    amount_text = str(form.get("amount") or "").strip()
    if amount_text:
        amount = parse_amount(amount_text)
        if amount is None:
            return None, "amount"
        review["amount"] = amount
    return review, None


async def _refused(request: Request, application_id: str, message: str) -> Response:
    """The row (htmx) or the application's page again, with the message, as a 422."""
    if is_fragment_request(request):
        row = await run_query(request, "union/aid/queue_row.graphql", {"id": application_id})
        if not row["node"]:
            raise HTTPException(404)
        with_local_times([row["node"]])
        context = {**LABELS, "a": row["node"], "row_error": message}
        return await render(request, "union/aid/_queue_row.html", context, status_code=422)
    data = await run_query(request, "union/aid/application.graphql", {"id": application_id})
    if not data["node"]:
        raise HTTPException(404)
    with_local_times([data["node"]])
    context = {
        **LABELS,
        "application": data["node"],
        "errors": {"_": message},
        "back": f"/union/aid/applications/{application_id}",
    }
    return await render(request, "union/aid/application.html", context, status_code=422)


@csrf_protected
async def review(request: Request) -> Response:
    application_id = global_id(request)
    form = await request.form()
    back = _same_site(str(form.get("next") or ""), f"/union/aid/applications/{application_id}")
    review, bad_field = review_input(form, application_id)
    if review is None:
        wrong = N_("请输入正确的金额") if bad_field == "amount" else N_("未知操作")
        return await _refused(request, application_id, translate(page_locale(request), wrong))
    result = await run_query(request, "union/aid/review_mutation.graphql", {"input": review})
    payload = result["reviewAidApplication"]
    if payload["userErrors"]:
        return await _refused(request, application_id, payload["userErrors"][0]["message"])
    if is_fragment_request(request):
        row = await run_query(request, "union/aid/queue_row.graphql", {"id": application_id})
        with_local_times([row["node"]])
        return await render(request, "union/aid/_queue_row.html", {**LABELS, "a": row["node"]})
    return RedirectResponse(back, status_code=303)


def stored_path(folder: Path, storage_key: str) -> Path | None:
    """The file behind a storage key, or None if missing or outside the uploads folder."""
    root = folder.resolve()
    path = (root / storage_key).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


async def attachment(request: Request) -> Response:
    """An invoice, for its applicant and union staff only (the node is null for others)."""
    data = await run_query(request, "union/aid/file.graphql", {"id": global_id(request)})
    found = data["node"]
    if not found:
        raise HTTPException(404)
    path = stored_path(request.app.state.settings.data_dir / "uploads", found["storageKey"])
    if path is None:
        raise HTTPException(404)
    return FileResponse(
        path,
        media_type=found["contentType"],
        filename=found["filename"],
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


routes = [
    Route("/union/aid/review", queue, name="aid_review_queue"),
    Route("/union/aid/applications/{id}", application, name="aid_application"),
    Route("/union/aid/applications/{id}/review", review, methods=["POST"], name="aid_review"),
    Route("/union/aid/files/{id}", attachment, name="aid_file"),
]
