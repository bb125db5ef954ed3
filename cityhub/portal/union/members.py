"""Member pages: a member's own record and SMS opt-out; for union staff, the list with
search, registering a member, and changing one."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.portal.base import csrf_protected, is_fragment_request, render
from cityhub.portal.client import enum_labels, run_query
from cityhub.portal.forms import field_errors, text_values

PAGE_SIZE = 50
TEXT_MAX = 30
FORM_FIELDS = ("name", "phone", "idNumber", "vehicleType", "fleet", "onHardshipRegister")
EDIT_FIELDS = ("status", "phone", "vehicleType", "fleet", "onHardshipRegister")


def _choice(value: str, allowed: dict[str, str], fallback: str) -> str:
    """``value`` if the schema lists it, else ``fallback`` (a hand-edited form)."""
    return value if value in allowed else fallback


async def members_list(request: Request) -> Response:
    params = request.query_params
    labels = await enum_labels(request, "MemberStatus", "VehicleType")
    status = params.get("status") or ""
    filters = {
        "text": (params.get("q") or "").strip()[:TEXT_MAX] or None,
        "fleet": params.get("fleet") or None,
        "status": status if status in labels["MemberStatus"] else None,
    }
    variables = {
        **filters,
        "first": PAGE_SIZE,
        "after": params.get("after") or None,
        "withFilters": not is_fragment_request(request),
    }
    data = await run_query(request, "union/members/index.graphql", variables)
    context = {**data, "labels": labels, "filters": filters, "registered": params.get("added")}
    return await render(
        request, "union/members/index.html", context, fragment="union/members/_rows.html"
    )


@csrf_protected
async def member_new(request: Request) -> Response:
    data = await run_query(request, "union/members/new.graphql")
    context = {**data, "form": {}, "errors": {}}
    if request.method == "GET":
        return await render(request, "union/members/new.html", context)
    values = text_values(await request.form(), FORM_FIELDS)
    vehicle_types = data["labels"]["VehicleType"]
    member_input = {
        "name": values["name"],
        "phone": values["phone"],
        "idNumber": values["idNumber"].upper(),
        "vehicleType": _choice(values["vehicleType"], vehicle_types, next(iter(vehicle_types))),
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


def _reveal(request: Request) -> bool:
    """The whole ID number only when asked for (?show=id): a page left open on a screen,
    or looked over a shoulder, shows the masked form."""
    return request.query_params.get("show") == "id"


@csrf_protected
async def my_membership(request: Request) -> Response:
    """A member's own record, their medical aid enrolment, and the SMS opt-out (no JS);
    the document asks for `me`, so anyone not signed in signs in first."""
    error = None
    if request.method == "POST":
        form = await request.form()
        opt_out = str(form.get("smsOptOut") or "") == "1"
        result = await run_query(request, "union/members/opt_out.graphql", {"optOut": opt_out})
        problems = result["setSmsOptOut"]["userErrors"]
        if not problems:
            return RedirectResponse("/union/me?saved=1", status_code=303)
        error = problems[0]["message"]
    data = await run_query(request, "union/members/me.graphql", {"reveal": _reveal(request)})
    context = {**data, "saved": request.query_params.get("saved"), "error": error}
    return await render(
        request, "union/members/me.html", context, status_code=422 if error else 200
    )


def _changes(member: dict, values: dict[str, str], labels: dict) -> dict:
    """`UpdateMemberInput` from the edit form; a choice the schema does not list keeps the
    member's current value."""
    return {
        "id": member["id"],
        "status": _choice(values["status"], labels["MemberStatus"], member["status"]),
        "phone": values["phone"],
        "vehicleType": _choice(values["vehicleType"], labels["VehicleType"], member["vehicleType"]),
        "fleet": values["fleet"],
        "onHardshipRegister": bool(values["onHardshipRegister"]),
    }


@csrf_protected
async def member_edit(request: Request) -> Response:
    """Staff change a member's status or details (updateMember, audited)."""
    member_no = request.path_params["member_no"]
    variables = {"memberNo": member_no, "reveal": _reveal(request)}
    data = await run_query(request, "union/members/edit.graphql", variables)
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
    context = {**data, "member": member, "form": form, "errors": {}}
    if request.method == "GET":
        context["saved"] = request.query_params.get("saved")
        return await render(request, "union/members/edit.html", context)
    values = text_values(await request.form(), EDIT_FIELDS)
    changes = _changes(member, values, data["labels"])
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
