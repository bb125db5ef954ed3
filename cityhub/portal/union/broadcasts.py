"""The union staff dashboard (/union/staff): compose a broadcast, confirm its audience
size on a second page (inline with htmx), and the broadcasts with the state each copy
reached. The page includes the consultation log and its chart (consultations.py)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, is_fragment_request, render
from cityhub.portal.client import run_query
from cityhub.portal.formatting import iso_date
from cityhub.portal.forms import Form, is_global_id, text_values
from cityhub.portal.union import consultations

BROADCASTS_PAGE = 10
COMPOSE_FIELDS = ("kind", "program", "fleet", "station", "since", "text", "request_key")
# The form's fields under each kind's choice on the page (as _compose.html lays them out);
# those under another choice are not sent. Which of them a kind needs is the schema's.
KIND_FIELDS = {
    "ALL_ACTIVE": (),
    "PROGRAM_ENROLLED": ("program",),
    "FLEET": ("fleet",),
    "STATION_VISITORS": ("station", "since"),
}
# userError fields of the API, as the form's field names.
API_FIELDS = {
    "segment.program": "program",
    "segment.fleet": "fleet",
    "segment.station": "station",
    "segment.since": "since",
    "segment": "kind",
    "requestKey": "_",
    "expectedRecipients": "_",
}


def _form_field(path: str | None) -> str:
    return API_FIELDS.get(path or "_", path or "_")


def compose_values(data: Mapping[str, Any], kinds: dict[str, str]) -> dict[str, str]:
    """The compose form's values (the first kind when none is chosen), with a fresh request
    key when it has none."""
    values = text_values(data, COMPOSE_FIELDS)
    values["kind"] = values["kind"] if values["kind"] in kinds else next(iter(kinds))
    values["request_key"] = values["request_key"] or secrets.token_urlsafe(16)
    return values


def _segment_value(name: str, value: str) -> tuple[Any, str | None]:
    """A segment field as the schema takes it, or why it cannot be read."""
    if name in ("program", "station") and not is_global_id(value):
        return None, N_("请从列表中选择")
    if name == "since":
        day = iso_date(value)
        return (day.isoformat(), None) if day else (None, N_("日期格式应为 2024-04-30"))
    return value, None


def segment_form(data: Mapping[str, Any], kinds: dict[str, str]) -> Form:
    """The segment part of the compose form as `BroadcastSegmentInput`."""
    form = Form(values=compose_values(data, kinds))
    kind = form.values["kind"]
    if str(data.get("kind") or "").strip() != kind:  # a hand-edited kind must not mean all
        form.errors["kind"] = N_("请选择发给谁")
    segment: dict[str, Any] = {"kind": kind}
    for name in KIND_FIELDS.get(kind, ()):
        if not form.values[name]:
            continue  # the schema says which are needed
        value, problem = _segment_value(name, form.values[name])
        if problem:
            form.errors[name] = problem
        else:
            segment[name] = value
    form.variables = {"segment": segment}
    return form


def compose_form(data: Mapping[str, Any], kinds: dict[str, str]) -> Form:
    """The whole compose form as `SendBroadcastInput`, with the audience size confirmed
    (the confirmation page's `expected_recipients`) when there is one."""
    form = segment_form(data, kinds)
    if not form.values["text"]:
        form.errors["text"] = N_("请填写短信内容")
    segment = form.variables["segment"]
    text, key = form.values["text"], form.values["request_key"]
    expected = str(data.get("expected_recipients") or "")
    form.values["expected_recipients"] = expected
    form.variables = {"input": {"text": text, "segment": segment, "requestKey": key}}
    if expected.isdigit():
        form.variables["input"]["expectedRecipients"] = int(expected)
    return form


async def segment_kinds(request: Request) -> dict[str, str]:
    """The kinds of segment, from a document only union staff may run (the compose forms'
    gate: others sign in first or get a 403)."""
    data = await run_query(request, "union/broadcasts/form.graphql")
    return data["labels"]["BroadcastSegmentKind"]


async def show_dashboard(
    request: Request,
    *,
    compose: Form | None = None,
    log: Form | None = None,
    audience: dict | None = None,
    notice: dict | None = None,
    status_code: int = 200,
) -> Response:
    """The dashboard, with forms as typed when one is shown again; a chart range the
    schema refuses is its message over the last 30 days, with a 400."""
    variables = {"after": request.query_params.get("after") or None, "first": BROADCASTS_PAGE}
    data, range_error = await consultations.with_stats(
        request, "union/broadcasts/dashboard.graphql", variables
    )
    kinds = data["labels"]["BroadcastSegmentKind"]
    context = {
        **data,
        **consultations.chart_context(data["consultationStats"]),
        "compose": compose or Form(values=compose_values({}, kinds)),
        "log": log or consultations.empty_log(),
        "audience": audience,
        "notice": notice,
        "range_error": range_error,
        "hotline_figures": [
            f for f in data["publishedFigures"]["nodes"] if f["key"].startswith("union.hotline.")
        ],
        "sample_range": consultations.SAMPLE_RANGE,
        "sent_id": request.query_params.get("sent"),
        "logged": request.query_params.get("logged"),
    }
    status = 400 if range_error and status_code == 200 else status_code
    return await render(request, "union/broadcasts/dashboard.html", context, status_code=status)


async def _audience(request: Request, form: Form) -> dict | None:
    if form.errors:
        return None
    variables = form.variables.get("input", form.variables)  # a whole form: its segment
    data = await run_query(
        request, "union/broadcasts/audience.graphql", {"segment": variables["segment"]}
    )
    found = data["broadcastAudience"]
    form.add_api_errors(found["userErrors"], _form_field)
    return None if found["userErrors"] else found


async def _preview(request: Request, data: Mapping[str, Any]) -> Response:
    form = segment_form(data, await segment_kinds(request))
    found = await _audience(request, form)
    status = 422 if form.errors else 200
    return await show_dashboard(request, compose=form, audience=found, status_code=status)


async def dashboard(request: Request) -> Response:
    if request.query_params.get("preview"):
        return await _preview(request, request.query_params)
    return await show_dashboard(request)


async def audience(request: Request) -> Response:
    """The compose form's audience preview (htmx); the whole dashboard without htmx."""
    if not is_fragment_request(request):
        query = urlencode([*request.query_params.multi_items(), ("preview", "1")])
        return RedirectResponse(f"/union/staff?{query}#compose", status_code=303)
    form = segment_form(request.query_params, await segment_kinds(request))
    found = await _audience(request, form)
    context = {"compose": form, "audience": found}
    return await render(request, "union/broadcasts/_audience.html", context)


async def _confirm(request: Request, form: Form, problem: str | None = None) -> Response:
    """The second page: how many members it goes to, and a button that says so."""
    found = await _audience(request, form)
    if form.errors or found is None:
        return await show_dashboard(request, compose=form, status_code=422)
    context = {"compose": form, "audience": found, "problem": problem}
    if is_fragment_request(request):
        return await render(request, "union/broadcasts/_confirm.html", context)
    return await render(request, "union/broadcasts/confirm.html", context)


async def _sent(request: Request, form: Form) -> Response:
    payload = (await run_query(request, "union/broadcasts/send.graphql", form.variables))[
        "sendBroadcast"
    ]
    changed = [e for e in payload["userErrors"] if e["code"] == "AUDIENCE_CHANGED"]
    if changed:  # shown the new size, to confirm again
        return await _confirm(request, form, changed[0]["message"])
    form.add_api_errors(payload["userErrors"], _form_field)
    if form.errors:
        return await show_dashboard(request, compose=form, status_code=422)
    # A send that stopped half-way fails loudly; the same confirmation finishes it (the
    # request key is the same), and no member gets it twice.
    sent = payload["broadcast"]
    return RedirectResponse(f"/union/staff?{urlencode({'sent': sent['id']})}#broadcasts", 303)


@csrf_protected
async def send(request: Request) -> Response:
    """Preview, send (which asks for confirmation first), edit again, or confirm."""
    data = await request.form()
    action = data.get("action") or "send"
    if action == "preview":
        return await _preview(request, data)
    form = compose_form(data, await segment_kinds(request))
    if action == "edit" or form.errors:
        return await show_dashboard(request, compose=form, status_code=422 if form.errors else 200)
    if action == "confirm":
        return await _sent(request, form)
    return await _confirm(request, form)


routes = [
    Route("/union/staff", dashboard, name="union_staff"),
    Route("/union/staff/audience", audience, name="union_staff_audience"),
    Route("/union/staff/broadcasts", send, methods=["POST"], name="union_staff_send"),
]
