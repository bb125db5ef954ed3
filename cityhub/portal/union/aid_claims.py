"""The medical aid claim checker: no sign-in, no JavaScript needed; each rule the schema
checks is listed with its reason."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import render
from cityhub.portal.client import enum_labels, run_query, run_query_showing_errors
from cityhub.portal.forms import AMOUNT_MAX_LENGTH, parse_amount, parse_year


def claim_form(request: Request, categories: dict[str, str]) -> tuple[dict[str, Any], str | None]:
    """The checker's fields as typed, and a message if one cannot be read."""
    params = request.query_params
    form: dict[str, Any] = {
        "year": params.get("year") or "",
        "category": params.get("category") if params.get("category") in categories else "",
        "amount": (params.get("amount") or "")[:AMOUNT_MAX_LENGTH],
        "earlier": (params.get("earlier") or "")[:AMOUNT_MAX_LENGTH],
        "enrolled": params.get("enrolled") == "yes",
        "limit_used": params.get("limit_used") == "yes",
    }
    if "amount" not in params:
        return form, None
    if not form["category"]:
        return form, N_("请选择费用类别")
    if parse_amount(form["amount"]) is None:
        return form, N_("请输入自付金额（元），例如 3000 或 3000.50")
    if form["earlier"] and parse_amount(form["earlier"]) is None:
        return form, N_("请输入此前申请的自付金额合计（元），没有请留空")
    if form["year"] and parse_year(form["year"]) is None:
        return form, N_("请选择年份")
    return form, None


def claim_input(form: dict[str, Any], categories: dict[str, str]) -> dict[str, Any]:
    return {
        "category": form["category"] or next(iter(categories)),
        "selfPaidAmount": parse_amount(form["amount"]) or "0",
        "year": parse_year(form["year"]),
        "enrolled": form["enrolled"],
        "yearlyLimitUsed": form["limit_used"],
        "earlierSelfPaidAmount": parse_amount(form["earlier"]) if form["earlier"] else None,
    }


async def claim_check(request: Request) -> Response:
    """What the checker says; input the schema refuses (a negative amount, a year with no
    program) is its message in place of the result, with a 400."""
    labels = await enum_labels(request, "ClaimRule")
    listed = await run_query(request, "union/aid_claims/categories.graphql")
    categories = {c["code"]: c["name"] for c in listed["medicalCategories"]}
    form, problem = claim_form(request, categories)
    variables = {
        "input": claim_input(form, categories),
        "asked": "amount" in request.query_params and problem is None,
    }
    name = "union/aid_claims/check.graphql"
    found = await run_query_showing_errors(request, name, variables, at="checkMedicalAidClaim")
    data, status = found.data, 422 if problem else 200
    if found.message:
        problem, status = found.message, 400
        data = await run_query(request, name, {**variables, "asked": False})
    context = {**data, "labels": labels, "categories": categories, "form": form, "problem": problem}
    return await render(
        request,
        "union/aid_claims/check.html",
        context,
        fragment="union/aid_claims/_result.html",
        status_code=status,
    )


routes = [Route("/union/aid/medical/check", claim_check, name="aid_claim_check")]
