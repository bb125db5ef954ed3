"""Aid pages: the programs, a program's rules and figures, the claim checker, my applications."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import render, run_query
from cityhub.portal.union import aid_apply, aid_review
from cityhub.portal.union.aid_common import (
    AMOUNT_MAX_LENGTH,
    CATEGORY_LABELS,
    LABELS,
    current_viewer,
    parse_amount,
    with_local_times,
)


async def programs(request: Request) -> Response:
    data = await run_query(request, "union/aid/index.graphql")
    return await render(request, "union/aid/index.html", {**data, **LABELS})


async def program(request: Request) -> Response:
    code = request.path_params["code"][:40]
    data = await run_query(request, "union/aid/program.graphql", {"code": code})
    if data["aidProgram"] is None:
        raise HTTPException(404)
    return await render(request, "union/aid/program.html", {**data, **LABELS})


def claim_form(request: Request) -> tuple[dict[str, Any], str | None]:
    """The checker's fields as typed, and a message if the amount is not a number."""
    params = request.query_params
    form = {
        "year": params.get("year") or "",
        "category": params.get("category") if params.get("category") in CATEGORY_LABELS else "",
        "amount": (params.get("amount") or "")[:AMOUNT_MAX_LENGTH],
        "enrolled": params.get("enrolled") == "yes",
        "chronic_used": params.get("chronic_used") == "yes",
    }
    if "amount" not in params:
        return form, None
    if not form["category"]:
        return form, N_("请选择费用类别")
    if parse_amount(form["amount"]) is None:
        return form, N_("请输入自付金额（元），例如 3000 或 3000.50")
    if form["year"] and not form["year"].isdigit():
        return form, N_("请选择年份")
    return form, None


async def claim_check(request: Request) -> Response:
    form, problem = claim_form(request)
    asked = "amount" in request.query_params and problem is None
    claim = {
        "category": form["category"] or "HOSPITALISATION",
        "selfPaidAmount": parse_amount(form["amount"]) or "0",
        "year": int(form["year"]) if form["year"].isdigit() else None,
        "enrolled": form["enrolled"],
        "chronicOutpatientUsedThisYear": form["chronic_used"],
    }
    status = 200 if problem is None else 422
    try:
        data = await run_query(request, "union/aid/check.graphql", {"input": claim, "asked": asked})
    except HTTPException as refused:
        if refused.status_code != 400:
            raise
        data = await run_query(request, "union/aid/check.graphql", {"input": claim, "asked": False})
        problem, status = refused.detail, 400
    context = {**data, **LABELS, "form": form, "problem": problem}
    return await render(
        request,
        "union/aid/check.html",
        context,
        fragment="union/aid/_check_result.html",
        status_code=status,
    )


async def mine(request: Request) -> Response:
    if (await current_viewer(request)).account_id is None:
        return RedirectResponse(f"/login?{urlencode({'next': '/union/aid/mine'})}", 303)
    data = await run_query(request, "union/aid/mine.graphql")
    with_local_times(data["me"]["aidApplications"]["nodes"])
    context = {**data, **LABELS, "applied": request.query_params.get("applied")}
    return await render(request, "union/aid/mine.html", context)


routes = [
    Route("/union/aid", programs, name="aid_programs"),
    Route("/union/aid/medical/check", claim_check, name="aid_claim_check"),
    Route("/union/aid/mine", mine, name="aid_mine"),
    *aid_review.routes,
    Route("/union/aid/{code}/apply", aid_apply.apply, methods=["GET", "POST"], name="aid_apply"),
    Route("/union/aid/{code}", program, name="aid_program"),
]
