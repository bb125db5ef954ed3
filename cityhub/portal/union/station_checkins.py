"""Check-in pages: the page a station's QR code opens, the staff's printable code page,
and the staff's usage page (table and bar chart)."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub import clock
from cityhub.i18n import N_
from cityhub.portal.base import LoginRequired, csrf_protected, render, run_query
from cityhub.portal.union.station_common import is_union_staff, station_id_or_404
from cityhub.portal.union.station_graphics import usage_chart

CODE_MAX = 64
USAGE_DEFAULT_DAYS = 30
USAGE_MAX_DAYS = 92


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


@csrf_protected
async def check_in(request: Request) -> Response:
    """GET: a confirm form for signed-in members. POST: record the visit, then go to the
    station's page (a repeat within the union's check-in window says so instead of counting
    again)."""
    station_id = station_id_or_404(request)
    if request.method == "GET":
        code = (request.query_params.get("code") or "")[:CODE_MAX]
    else:
        code = str((await request.form()).get("code") or "")[:CODE_MAX]
    data = await run_query(request, "union/station_checkin.graphql", {"id": station_id})
    if data["viewer"]["kind"] == "ANONYMOUS":
        raise LoginRequired(_here(request))
    if data["station"] is None:
        raise HTTPException(404)
    context = {**data, "code": code, "problem": None}
    if data["viewer"]["member"] is None:
        context["problem"] = N_("当前账户没有关联工会会员，不能签到。请联系工会工作人员。")
        return await render(request, "union/station_checkin.html", context, status_code=403)
    if request.method == "GET":
        return await render(request, "union/station_checkin.html", context)
    variables = {"input": {"station": station_id, "code": code}}
    done = (await run_query(request, "union/station_checkin_submit.graphql", variables))[
        "checkInAtStation"
    ]
    if done["userErrors"]:
        context["problem"] = done["userErrors"][0]["message"]
        return await render(request, "union/station_checkin.html", context, status_code=422)
    outcome = "done" if done["counted"] else "repeat"
    return RedirectResponse(f"/stations/{station_id}?checkin={outcome}", status_code=303)


async def check_in_code(request: Request) -> Response:
    """Union staff print the station's check-in URL (the code is a secret)."""
    station_id = station_id_or_404(request)
    data = await run_query(request, "union/station_code.graphql", {"id": station_id})
    if data["station"] is None:
        raise HTTPException(404)
    query = urlencode({"code": data["station"]["checkinCode"]})
    url = f"{request.url_for('station_check_in', id=station_id)}?{query}"
    return await render(request, "union/station_code.html", {**data, "check_in_url": url})


def usage_range(request: Request) -> tuple[date, date, str | None]:
    """The days asked for (default: the last 30, today included) and a problem, if any."""
    today = clock.today()
    params = request.query_params
    try:
        end = date.fromisoformat(params["to"]) if params.get("to") else today
        start = (
            date.fromisoformat(params["from"])
            if params.get("from")
            else end - timedelta(days=USAGE_DEFAULT_DAYS - 1)
        )
    except ValueError:
        return today, today, N_("日期格式应为 年-月-日，例如 2024-05-06")
    if end < start:
        return start, end, N_("结束日期不能早于开始日期")
    if (end - start).days + 1 > USAGE_MAX_DAYS:
        return start, end, N_("一次最多查看 92 天")
    return start, end, None


async def usage(request: Request) -> Response:
    station_id = station_id_or_404(request)
    start, end, problem = usage_range(request)
    variables = {
        "id": station_id,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "withUsage": problem is None,
    }
    data = await run_query(request, "union/station_usage.graphql", variables)
    if data["station"] is None:
        raise HTTPException(404)
    if problem is not None:  # usage was not asked for, so check the viewer here
        if data["viewer"]["kind"] == "ANONYMOUS":
            raise LoginRequired(_here(request))
        if not is_union_staff(data["viewer"]):
            raise HTTPException(403)
    days = data["station"].get("usage") or []
    context = {
        **data,
        "start": start,
        "end": end,
        "problem": problem,
        "chart": usage_chart(days) if days else None,
        "totals": {
            "checkIns": sum(d["checkIns"] for d in days),
            "busiest": max(days, key=lambda d: d["checkIns"], default=None),
        },
    }
    return await render(
        request, "union/station_usage.html", context, status_code=422 if problem else 200
    )


routes = [
    Route(
        "/stations/{id}/check-in",
        check_in,
        methods=["GET", "POST"],
        name="station_check_in",
    ),
    Route("/stations/{id}/check-in-code", check_in_code, name="station_check_in_code"),
    Route("/stations/{id}/usage", usage, name="station_usage"),
]
