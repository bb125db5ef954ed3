"""Staff review: the queue with its filters, and the action forms (with htmx, the queue's
row is replaced in place; without, the page is shown again or the form goes back)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_, translate
from cityhub.portal.base import csrf_protected, is_fragment_request, page_locale, render
from cityhub.portal.client import enum_labels, run_query
from cityhub.portal.forms import global_id_or_404, is_global_id, parse_amount, same_site
from cityhub.portal.union.aid_applications import application_path, show_application

PAGE_SIZE = 25


NEEDS_ACTION, ALL = "needs_action", "all"


def queue_filters(request: Request, states: dict[str, str]) -> dict:
    """The queue's filters: by default what waits for the reviewer's action (oldest
    first), or every state (all), or one; a state the schema does not list, or a
    malformed program id, is dropped."""
    params = request.query_params
    chosen = (params.get("state") or NEEDS_ACTION).lower()
    program = params.get("program") or None
    return {
        "program": program if is_global_id(program) else None,
        "state": chosen.upper() if chosen.upper() in states else None,
        "needsMyAction": chosen == NEEDS_ACTION,
        "choice": chosen if chosen in (NEEDS_ACTION, ALL) or chosen.upper() in states else ALL,
    }


async def queue(request: Request) -> Response:
    labels = await enum_labels(request, "AidApplicationState")
    filters = queue_filters(request, labels["AidApplicationState"])
    variables = {
        "program": filters["program"],
        "state": filters["state"],
        "needsMyAction": filters["needsMyAction"],
        "first": PAGE_SIZE,
        "after": request.query_params.get("after") or None,
        "withFilters": not is_fragment_request(request),
    }
    data = await run_query(request, "union/aid_applications/review.graphql", variables)
    context = {
        **data,
        "labels": labels,
        "filters": filters,
        "back": request.url.path + "?" + request.url.query,
    }
    return await render(
        request,
        "union/aid_applications/review.html",
        context,
        fragment="union/aid_applications/_queue_rows.html",
    )


def review_input(form, application_id: str, actions: dict[str, str]) -> tuple[dict | None, str]:
    """`ReviewAidApplicationInput` from an action form, or why it cannot be read. The
    reason goes as typed: its limit is the schema's to say."""
    action = str(form.get("action") or "").upper()
    if action not in actions:
        return None, N_("未知操作")
    review = {"application": application_id, "action": action}
    reason = str(form.get("reason") or "").strip()
    if reason:
        review["reason"] = reason
    amount_text = str(form.get("amount") or "").strip()
    if amount_text:
        amount = parse_amount(amount_text)
        if amount is None:
            return None, N_("请输入正确的金额")
        review["amount"] = amount
    return review, ""


async def _row(request: Request, application_id: str, error: str | None = None) -> Response:
    """The queue's row for htmx, with the message when the action was refused (a 422)."""
    row = await run_query(
        request, "union/aid_applications/queue_row.graphql", {"id": application_id}
    )
    if not row["node"]:
        raise HTTPException(404)
    context = {**row, "a": row["node"], "row_error": error}
    return await render(
        request,
        "union/aid_applications/_queue_row.html",
        context,
        status_code=422 if error else 200,
    )


async def _refused(request: Request, application_id: str, message: str) -> Response:
    """The row (htmx) or the application's page again, with the message, as a 422."""
    if is_fragment_request(request):
        return await _row(request, application_id, message)
    return await show_application(request, application_id, error=message, status_code=422)


@csrf_protected
async def review(request: Request) -> Response:
    application_id = global_id_or_404(request)
    form = await request.form()
    back = same_site(str(form.get("next") or ""), application_path(application_id))
    labels = await enum_labels(request, "AidApplicationAction")
    review, wrong = review_input(form, application_id, labels["AidApplicationAction"])
    if review is None:
        return await _refused(request, application_id, translate(page_locale(request), wrong))
    result = await run_query(
        request, "union/aid_applications/review_mutation.graphql", {"input": review}
    )
    payload = result["reviewAidApplication"]
    if payload["userErrors"]:
        return await _refused(request, application_id, payload["userErrors"][0]["message"])
    if is_fragment_request(request):
        return await _row(request, application_id)
    return RedirectResponse(back, status_code=303)


routes = [
    Route("/union/aid/review", queue, name="aid_review_queue"),
    Route("/union/aid/applications/{id}/review", review, methods=["POST"], name="aid_review"),
]
