"""Subsidised rental housing on the portal: the projects (filters, list, map) beside the
operator's live and published figures, and a project's page with its units."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import render
from cityhub.portal.client import enum_labels, run_query, run_query_showing_errors
from cityhub.portal.forms import global_id_or_404
from cityhub.portal.maps import map_view

PAGE_SIZE = 20
# What a refused reservation (cityhub/portal/housing/applications.py) says on this page.
RESERVE_ERRORS = {
    "UNIT_TAKEN": N_("该房源已被预订或出租，请选择其他房源"),
    "APPLICATION_OPEN": N_("您已有一份办理中的申请，请先完成或撤回"),
    "NOT_LETTING": N_("该项目尚未运营，暂不能预订"),
    "UNKNOWN_UNIT": N_("找不到该房源"),
}
RENT_MAX_LENGTH = 12


def _choice(request: Request, key: str, allowed: dict[str, str]) -> str | None:
    """A query-string value the schema's enum lists (upper-cased), else None."""
    value = (request.query_params.get(key) or "").upper()
    return value if value in allowed else None


def _with_inferred(labels: dict) -> dict:
    """The labels, with the projects' inferred facts where the shared badge looks for them."""
    return {**labels, "InferredFact": labels["HousingInferredFact"]}


def _amount(text: str) -> bool:
    """Whether ``text`` is an amount of yuan the schema's Decimal takes (at most 2 places)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return False
    return value.is_finite() and -value.as_tuple().exponent <= 2  # type: ignore[operator]


async def projects(request: Request) -> Response:
    labels = await enum_labels(request, "HousingProjectStatus")
    filters = {
        "status": _choice(request, "status", labels["HousingProjectStatus"]),
        "district": (request.query_params.get("district") or "")[:32] or None,
        "available": request.query_params.get("available") == "1",
    }
    variables = {
        "first": PAGE_SIZE,
        "after": request.query_params.get("after") or None,
        "status": filters["status"],
        "district": filters["district"],
        "available": True if filters["available"] else None,
    }
    data = await run_query(request, "housing/index.graphql", variables)
    context = {
        **data,
        "labels": _with_inferred(data["labels"]),
        "filters": filters,
        "map": map_view(data["housingProjects"]["nodes"], None, None),
    }
    return await render(request, "housing/index.html", context)


async def project(request: Request) -> Response:
    labels = await enum_labels(request, "HousingUnitStatus", "HousingUnitLayout")
    max_rent = (request.query_params.get("max_rent") or "").strip()[:RENT_MAX_LENGTH]
    filters = {
        "status": _choice(request, "status", labels["HousingUnitStatus"]),
        "layout": _choice(request, "layout", labels["HousingUnitLayout"]),
        "max_rent": max_rent or None,
    }
    variables = {
        "id": global_id_or_404(request),
        "status": filters["status"],
        "layout": filters["layout"],
        "maxRent": filters["max_rent"],
        "after": request.query_params.get("after") or None,
    }
    name = "housing/projects/detail.graphql"
    problem = None if not max_rent or _amount(max_rent) else N_("请输入有效的金额，例如 1500")
    data = None
    if problem is None:
        found = await run_query_showing_errors(
            request, name, variables, at="housingProject.units", argument="maxRent"
        )
        data, problem = found.data, found.message
    if problem is not None:
        data = await run_query(request, name, {**variables, "maxRent": None})
    assert data is not None
    if data["housingProject"] is None:
        raise HTTPException(404)
    context = {
        **data,
        "labels": _with_inferred(data["labels"]),
        "filters": filters,
        "problem": problem,
        "reserve_error": RESERVE_ERRORS.get(request.query_params.get("reserve_error") or ""),
    }
    return await render(
        request, "housing/projects/detail.html", context, status_code=422 if problem else 200
    )


routes = [
    Route("/housing", projects, name="housing"),
    Route("/housing/projects/{id}", project, name="housing_project"),
]
