"""Council cases (议事) on the portal: the board with its filters, a case's page (its
state, account, photos, timeline, referrals, meetings and outcome, with the steps the
visitor may take) and its photos; the report form (report.py), the steps and following
(steps.py) and a resident's alerts (alerts.py)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from strawberry import relay

from cityhub.portal.base import is_fragment_request, render
from cityhub.portal.client import enum_labels, run_query
from cityhub.portal.files import serve_stored
from cityhub.portal.forms import global_id_or_404, is_global_id

PAGE_SIZE = 20
ALL, NEEDS_ACTION = "all", "needs_action"
GRID_WORKER = "GRID_WORKER"
# What still waits for the community: every state before closed, declined or withdrawn.
OPEN_STATES = ["RECEIVED", "ACCEPTED", "IN_CONSULTATION", "REFERRED", "RESOLVED", "MEDIATED"]
PHOTO_ID_MAX = 18


def case_path(case_id: str) -> str:
    return f"/council/cases/{case_id}"


def board_filters(request: Request, states: dict[str, str]) -> dict[str, Any]:
    """The board's filters from its query: a malformed id or unknown state is dropped."""
    params = request.query_params
    compound, category = params.get("compound") or None, params.get("category") or None
    chosen = (params.get("status") or ALL).lower()
    if chosen.upper() in states:
        status: list[str] | None = [chosen.upper()]
    elif chosen == NEEDS_ACTION:
        status = OPEN_STATES
    else:
        chosen, status = ALL, None
    return {
        "compound": compound if is_global_id(compound) else None,
        "category": category if is_global_id(category) else None,
        "status": status,
        "choice": chosen,
        "mine": params.get("mine") == "1",
    }


async def board(request: Request) -> Response:
    labels = await enum_labels(request, "CouncilCaseState")
    filters = board_filters(request, labels["CouncilCaseState"])
    variables = {
        "first": PAGE_SIZE,
        "after": request.query_params.get("after") or None,
        "compound": filters["compound"],
        "category": filters["category"],
        "status": filters["status"],
        "mine": filters["mine"],
        "withFilters": not is_fragment_request(request),
    }
    data = await run_query(request, "council/cases/board.graphql", variables)
    context = {
        **data,
        "labels": labels,
        "filters": filters,
        "is_grid_worker": GRID_WORKER in data["viewer"]["roles"],
    }
    return await render(
        request, "council/cases/board.html", context, fragment="council/cases/_results.html"
    )


async def show_case(
    request: Request,
    case_id: str,
    *,
    error: str | None = None,
    failed: str | None = None,
    status_code: int = 200,
) -> Response:
    """A case's page, with the message of a refused step beside its form (``failed``);
    a 404 when there is no such case the visitor may see."""
    data = await run_query(request, "council/cases/detail.graphql", {"id": case_id})
    found = data["councilCase"]
    if not found:
        raise HTTPException(404)
    context = {
        **data,
        "c": found,
        "actions": found["availableActions"],
        "error": error,
        "failed": failed,
        "reported": request.query_params.get("reported") == "1",
        "is_grid_worker": GRID_WORKER in data["viewer"]["roles"],
    }
    return await render(request, "council/cases/detail.html", context, status_code=status_code)


async def case_page(request: Request) -> Response:
    return await show_case(request, global_id_or_404(request))


async def photo(request: Request) -> Response:
    """A case's photo, for whoever may see it (the node is null for anyone else)."""
    number = request.path_params["id"]
    if not (number.isascii() and number.isdigit()) or len(number) > PHOTO_ID_MAX:
        raise HTTPException(404)
    photo_id = relay.to_base64("CasePhoto", int(number))
    data = await run_query(request, "council/cases/photo.graphql", {"id": photo_id})
    return serve_stored(request, data["node"])


def routes(*before_case: Route) -> list[Route]:
    """The board, the pages under /council/cases that a case's id would take (given
    first), the case page and its photos."""
    return [
        Route("/council/cases", board, name="council_cases"),
        *before_case,
        Route("/council/cases/{id}", case_page, name="council_case"),
        Route("/council/photos/{id}", photo, name="council_photo"),
    ]
