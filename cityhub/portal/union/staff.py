"""The union staff dashboard: compose a broadcast (audience preview first), the sent
broadcasts with their counts, the consultation log form and the daily chart."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub import clock
from cityhub.i18n import N_
from cityhub.portal.base import context_for, csrf_protected, is_fragment_request, render, run_query
from cityhub.portal.union import staff_chart
from cityhub.portal.union.staff_forms import (
    CHANNELS,
    KINDS,
    TOPICS,
    Form,
    compose_form,
    log_form,
    new_compose,
    segment_form,
)
from cityhub.schema.union.broadcasts import BROADCASTERS

DEFAULT_DAYS = 30
MAX_DAYS = 366
BROADCASTS_PAGE = 10
# The SMS the source quotes went out on 2024-04-30 (智慧工会 platform): marked on the chart.
SOURCE_BROADCAST = {"2024-04-30": N_("报道中的短信")}
SAMPLE_RANGE = {"from": "2024-04-24", "to": "2024-05-12"}
LABELS = {
    "kind_labels": {
        "ALL_ACTIVE": N_("全部在册会员"),
        "PROGRAM_ENROLLED": N_("参加某个资助项目的会员"),
        "FLEET": N_("某车队或平台的会员"),
        "STATION_VISITORS": N_("在某驿站签到过的会员"),
    },
    "channel_labels": {
        "HOTLINE": N_("热线电话"),
        "SMS": N_("短信"),
        "WECHAT": N_("微信"),
        "WALK_IN": N_("现场"),
    },
    "topic_labels": {
        "MEDICAL_AID": N_("医疗互助"),
        "STUDENT_AID": N_("金秋助学"),
        "RIGHTS": N_("维权"),
        "STATION": N_("驿站"),
        "MEMBERSHIP": N_("入会"),
        "OTHER": N_("其他"),
    },
    "kinds": KINDS,
    "channels": CHANNELS,
    "topics": TOPICS,
}


async def _guard(request: Request) -> Response | None:
    """Union staff and admins pass; others sign in first or get a 403."""
    viewer = (await context_for(request)).viewer
    if viewer.account_id is None:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)
    if not viewer.has_role(*BROADCASTERS):
        raise HTTPException(403)
    return None


def _range(params: Any) -> tuple[date, date, str | None]:
    """The chart's days from ?from=&to=; the last 30 days when absent or unusable."""
    end = clock.today()
    default = (end - timedelta(days=DEFAULT_DAYS - 1), end, None)
    if not params.get("from") and not params.get("to"):
        return default
    try:
        start, end = date.fromisoformat(params.get("from", "")), date.fromisoformat(params["to"])
    except (KeyError, ValueError):
        return (*default[:2], N_("日期格式应为 2024-04-30"))
    if not 0 <= (end - start).days < MAX_DAYS:
        return (*default[:2], N_("结束日期须不早于开始日期，且最多 366 天"))
    return start, end, None


def shanghai(moment: str | None) -> str:
    return clock.local(datetime.fromisoformat(moment)).strftime("%Y-%m-%d %H:%M") if moment else ""


def _stats_context(stats: dict) -> dict:
    chart = staff_chart.draw(stats["days"], SOURCE_BROADCAST)
    return {"stats": stats, "chart": chart, "source_days": SOURCE_BROADCAST}


async def _page(
    request: Request,
    *,
    compose: Form | None = None,
    log: Form | None = None,
    audience: dict | None = None,
    notice: dict | None = None,
    status_code: int = 200,
) -> Response:
    start, end, range_error = _range(request.query_params)
    variables = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "after": request.query_params.get("after") or None,
        "first": BROADCASTS_PAGE,
    }
    data = await run_query(request, "union/staff/dashboard.graphql", variables)
    for row in data["broadcasts"]["nodes"]:
        row["createdAtLocal"] = shanghai(row["createdAt"])
    for row in data["consultations"]["nodes"]:
        row["atLocal"] = shanghai(row["at"])
    figures = [
        f for f in data["publishedFigures"]["nodes"] if f["key"].startswith("union.hotline.")
    ]
    context = {
        **data,
        **LABELS,
        **_stats_context(data["consultationStats"]),
        "compose": compose or Form(values=new_compose()),
        "log": log or Form(values={}),
        "audience": audience,
        "notice": notice,
        "range_error": range_error,
        "hotline_figures": figures,
        "sample_range": SAMPLE_RANGE,
        "sent_id": request.query_params.get("sent"),
        "logged": request.query_params.get("logged"),
    }
    status = 400 if range_error and status_code == 200 else status_code
    return await render(request, "union/staff/dashboard.html", context, status_code=status)


async def _audience(request: Request, form: Form) -> dict | None:
    if form.errors:
        return None
    data = await run_query(request, "union/staff/audience.graphql", form.variables)
    found = data["broadcastAudience"]
    form.add_api_errors(found["userErrors"])
    return None if found["userErrors"] else found


def _status(form: Form) -> int:
    return 422 if form.errors else 200


async def dashboard(request: Request) -> Response:
    if refused := await _guard(request):
        return refused
    params = request.query_params
    if not params.get("preview"):
        return await _page(request)
    form = segment_form(params)
    found = await _audience(request, form)
    return await _page(request, compose=form, audience=found, status_code=_status(form))


async def audience(request: Request) -> Response:
    """The compose form's audience preview (htmx); the whole dashboard without htmx."""
    if refused := await _guard(request):
        return refused
    if not is_fragment_request(request):
        query = urlencode([*request.query_params.multi_items(), ("preview", "1")])
        return RedirectResponse(f"/union/staff?{query}#compose", status_code=303)
    form = segment_form(request.query_params)
    found = await _audience(request, form)
    context = {"compose": form, "audience": found, **LABELS}
    return await render(request, "union/staff/_audience.html", context)


async def stats(request: Request) -> Response:
    """The chart and table for another range (htmx); the whole dashboard without htmx."""
    if refused := await _guard(request):
        return refused
    start, end, range_error = _range(request.query_params)
    if not is_fragment_request(request):
        return RedirectResponse(f"/union/staff?{request.query_params}#chart", status_code=303)
    variables = {"from": start.isoformat(), "to": end.isoformat()}
    data = await run_query(request, "union/staff/stats.graphql", variables)
    context = {**LABELS, **_stats_context(data["consultationStats"]), "range_error": range_error}
    return await render(request, "union/staff/_stats.html", context)


@csrf_protected
async def send(request: Request) -> Response:
    if refused := await _guard(request):
        return refused
    data = await request.form()
    if data.get("action") == "preview":
        form = segment_form(data)
        found = await _audience(request, form)
        return await _page(request, compose=form, audience=found, status_code=_status(form))
    form = compose_form(data)
    if form.errors:
        return await _page(request, compose=form, status_code=422)
    payload = (await run_query(request, "union/staff/send.graphql", form.variables))[
        "sendBroadcast"
    ]
    form.add_api_errors(payload["userErrors"])
    if form.errors:
        return await _page(request, compose=form, status_code=422)
    sent = payload["broadcast"]
    if sent["queued"]:
        # The sender stopped: the same form (same request key) finishes without doubling.
        message = N_("已发出 {sent} 条，还有 {queued} 条未发出。请稍后再点“发送”继续，不会重发。")
        notice = {"message": message, "params": {k: sent[k] for k in ("sent", "queued")}}
        return await _page(request, compose=form, notice=notice)
    return RedirectResponse(f"/union/staff?{urlencode({'sent': sent['id']})}#broadcasts", 303)


@csrf_protected
async def log_consultation(request: Request) -> Response:
    if refused := await _guard(request):
        return refused
    form = log_form(await request.form())
    if not form.errors:
        result = await run_query(request, "union/staff/log.graphql", form.variables)
        form.add_api_errors(result["logConsultation"]["userErrors"])
    if form.errors:
        return await _page(request, log=form, status_code=422)
    return RedirectResponse("/union/staff?logged=1#consultations", status_code=303)


routes = [
    Route("/union/staff", dashboard, name="union_staff"),
    Route("/union/staff/audience", audience, name="union_staff_audience"),
    Route("/union/staff/stats", stats, name="union_staff_stats"),
    Route("/union/staff/broadcasts", send, methods=["POST"], name="union_staff_send"),
    Route(
        "/union/staff/consultations",
        log_consultation,
        methods=["POST"],
        name="union_staff_log",
    ),
]
