"""Member pages: a member's own record and SMS opt-out; for union staff, the list with
search and registering a member."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import (
    csrf_protected,
    field_errors,
    is_fragment_request,
    render,
    run_query,
)
from cityhub.portal.union.aid_common import current_viewer

PAGE_SIZE = 50
STATUS_LABELS = {"ACTIVE": N_("在册"), "SUSPENDED": N_("暂停"), "LEFT": N_("已退会")}
VEHICLE_LABELS = {"CRUISING_TAXI": N_("巡游出租车"), "RIDE_HAILING": N_("网约车")}
FORM_FIELDS = ("name", "phone", "idNumber", "vehicleType", "fleet", "onHardshipRegister")


LABELS = {"status_labels": STATUS_LABELS, "vehicle_labels": VEHICLE_LABELS}


async def members_list(request: Request) -> Response:
    params = request.query_params
    filters = {
        "text": (params.get("q") or "").strip()[:30] or None,
        "fleet": params.get("fleet") or None,
        "status": params.get("status") if params.get("status") in STATUS_LABELS else None,
    }
    variables = {
        **filters,
        "first": PAGE_SIZE,
        "after": params.get("after") or None,
        "withFilters": not is_fragment_request(request),
    }
    data = await run_query(request, "union/members/index.graphql", variables)
    context = {**data, **LABELS, "filters": filters, "registered": params.get("added")}
    return await render(
        request, "union/members/index.html", context, fragment="union/members/_rows.html"
    )


@csrf_protected
async def member_new(request: Request) -> Response:
    data = await run_query(request, "union/members/new.graphql")
    context = {**data, **LABELS, "form": {}, "errors": {}}
    if request.method == "GET":
        return await render(request, "union/members/new.html", context)
    form = await request.form()
    values = {name: str(form.get(name) or "").strip() for name in FORM_FIELDS}
    vehicle = values["vehicleType"] if values["vehicleType"] in VEHICLE_LABELS else "CRUISING_TAXI"
    member_input = {
        "name": values["name"],
        "phone": values["phone"],
        "idNumber": values["idNumber"].upper(),
        "vehicleType": vehicle,
        "fleet": values["fleet"] or None,
        "onHardshipRegister": bool(values["onHardshipRegister"]),
    }
    result = await run_query(request, "union/members/register.graphql", {"input": member_input})
    payload = result["registerMember"]
    if payload["userErrors"]:
        context.update(form=values, errors=field_errors(payload["userErrors"]))
        return await render(request, "union/members/new.html", context, status_code=422)
    added = payload["member"]["memberNo"]
    return RedirectResponse(f"/union/members?{urlencode({'added': added})}", status_code=303)


@csrf_protected
async def my_membership(request: Request) -> Response:
    """A member's own record, their medical aid enrolment, and the SMS opt-out (no JS)."""
    if (await current_viewer(request)).account_id is None:
        return RedirectResponse(f"/login?{urlencode({'next': '/union/me'})}", status_code=303)
    error = None
    if request.method == "POST":
        form = await request.form()
        opt_out = str(form.get("smsOptOut") or "") == "1"
        result = await run_query(request, "union/members/opt_out.graphql", {"optOut": opt_out})
        problems = result["setSmsOptOut"]["userErrors"]
        if not problems:
            return RedirectResponse("/union/me?saved=1", status_code=303)
        error = problems[0]["message"]
    data = await run_query(request, "union/members/me.graphql")
    context = {**data, **LABELS, "saved": request.query_params.get("saved"), "error": error}
    return await render(
        request, "union/members/me.html", context, status_code=422 if error else 200
    )


EDIT_FIELDS = ("status", "phone", "vehicleType", "fleet", "onHardshipRegister")


@csrf_protected
async def member_edit(request: Request) -> Response:
    """Staff change a member's status or details (updateMember, audited)."""
    member_no = request.path_params["member_no"]
    data = await run_query(request, "union/members/edit.graphql", {"memberNo": member_no})
    found = [m for m in data["members"]["nodes"] if m["memberNo"] == member_no]
    if not found:
        raise HTTPException(404)
    member = found[0]
    form = {
        "status": member["status"],
        "phone": member["phone"],
        "vehicleType": member["vehicleType"],
        "fleet": member["fleet"]["code"] if member["fleet"] else "",
        "onHardshipRegister": member["onHardshipRegister"],
    }
    context = {**data, **LABELS, "member": member, "form": form, "errors": {}}
    if request.method == "GET":
        context["saved"] = request.query_params.get("saved")
        return await render(request, "union/members/edit.html", context)
    posted = await request.form()
    values = {name: str(posted.get(name) or "").strip() for name in EDIT_FIELDS}
    changes = {
        "id": member["id"],
        "status": values["status"] if values["status"] in STATUS_LABELS else member["status"],
        "phone": values["phone"],
        "vehicleType": values["vehicleType"]
        if values["vehicleType"] in VEHICLE_LABELS
        else member["vehicleType"],
        "fleet": values["fleet"],
        "onHardshipRegister": bool(values["onHardshipRegister"]),
    }
    result = await run_query(request, "union/members/update.graphql", {"input": changes})
    problems = result["updateMember"]["userErrors"]
    if problems:
        context.update(form={**values, "onHardshipRegister": changes["onHardshipRegister"]})
        context["errors"] = field_errors(problems)
        return await render(request, "union/members/edit.html", context, status_code=422)
    return RedirectResponse(f"/union/members/{member_no}?saved=1", status_code=303)


routes = [
    Route("/union/me", my_membership, methods=["GET", "POST"], name="union_me"),
    Route("/union/members", members_list, name="union_members"),
    Route("/union/members/new", member_new, methods=["GET", "POST"], name="union_member_new"),
    Route(
        "/union/members/{member_no}",
        member_edit,
        methods=["GET", "POST"],
        name="union_member_edit",
    ),
]
