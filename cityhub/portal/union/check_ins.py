"""Check-in pages: the page a station's QR code opens, the staff's printable code page,
and the staff's usage page (a table and a bar chart of check-ins per day)."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub import clock
from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, render
from cityhub.portal.charts import Frame, bar_chart
from cityhub.portal.client import run_query, run_query_showing_errors
from cityhub.portal.formatting import iso_date
from cityhub.portal.forms import global_id_or_404

CODE_MAX = 64
USAGE_DEFAULT_DAYS = 30
USAGE_CHART = Frame(
    width=600, height=200, left=40, right=8, top=12, bottom=30, max_labels=8, least_top=5
)


async def _check_in_page(request: Request, station_id: str, code: str) -> dict:
    variables = {"id": station_id, "code": code}
    data = await run_query(request, "union/check_ins/new.graphql", variables)
    if data["station"] is None:
        raise HTTPException(404)
    return {**data, "code": code, "problem": None}


@csrf_protected
async def check_in(request: Request) -> Response:
    """GET: a confirm form for signed-in members with the station's right code (the
    document asks for `me`: others sign in first; a wrong code is refused here, before any
    button). POST: record the visit, then go to the station's page, which says so only
    when the visit is there (a repeat within the union's window is not counted again)."""
    station_id = global_id_or_404(request)
    if request.method == "GET":
        code = (request.query_params.get("code") or "")[:CODE_MAX]
    else:
        code = str((await request.form()).get("code") or "")[:CODE_MAX]
    context = await _check_in_page(request, station_id, code)
    if context["viewer"]["member"] is None:
        context["problem"] = N_("当前账户没有关联工会会员，不能签到。请联系工会工作人员。")
        return await render(request, "union/check_ins/new.html", context, status_code=403)
    if not context["codeMatches"]:
        context["problem"] = N_("签到码不正确，请重新扫描驿站的二维码")
        return await render(request, "union/check_ins/new.html", context, status_code=422)
    if request.method == "GET":
        return await render(request, "union/check_ins/new.html", context)
    variables = {"input": {"station": station_id, "code": code}}
    done = (await run_query(request, "union/check_ins/create.graphql", variables))[
        "checkInAtStation"
    ]
    if done["userErrors"]:
        context["problem"] = done["userErrors"][0]["message"]
        return await render(request, "union/check_ins/new.html", context, status_code=422)
    outcome = "done" if done["counted"] else "repeat"
    return RedirectResponse(f"/stations/{station_id}?checkin={outcome}", status_code=303)


async def check_in_code(request: Request) -> Response:
    """Union staff print the station's check-in URL (the code is a secret)."""
    station_id = global_id_or_404(request)
    data = await run_query(request, "union/check_ins/code.graphql", {"id": station_id})
    if data["station"] is None:
        raise HTTPException(404)
    query = urlencode({"code": data["station"]["checkinCode"]})
    url = f"{request.url_for('station_check_in', id=station_id)}?{query}"
    return await render(request, "union/check_ins/code.html", {**data, "check_in_url": url})


def asked_days(request: Request) -> tuple[date, date, str | None]:
    """The days asked for (default: the last 30, today included), and a message when a
    date is not one. Whether the range is allowed is the schema's to say."""
    params = request.query_params
    end = clock.today()
    start = end - timedelta(days=USAGE_DEFAULT_DAYS - 1)
    typed = iso_date(params.get("to")) if params.get("to") else end
    if typed is None:
        return start, end, N_("日期格式应为 年-月-日，例如 2024-05-06")
    first = iso_date(params.get("from")) if params.get("from") else typed - (end - start)
    if first is None:
        return start, end, N_("日期格式应为 年-月-日，例如 2024-05-06")
    return first, typed, None


def usage_chart(days: list[dict]):
    """Check-ins per day, the distinct members at the foot of each bar."""
    stacks = [
        (
            d["date"],
            d["date"][5:],
            [("members", d["distinctMembers"]), ("repeats", d["checkIns"] - d["distinctMembers"])],
        )
        for d in days
    ]
    return bar_chart(stacks, USAGE_CHART)


async def usage(request: Request) -> Response:
    """The staff's usage page; a range the schema refuses (backwards, too long) is its
    message beside the form, with a 422."""
    station_id = global_id_or_404(request)
    start, end, problem = asked_days(request)
    variables = {"id": station_id, "from": start.isoformat(), "to": end.isoformat()}
    found = await run_query_showing_errors(
        request, "union/check_ins/usage.graphql", variables, at="station.usage"
    )
    if found.data["station"] is None:
        raise HTTPException(404)
    problem = problem or found.message
    days = [] if problem else found.data["station"]["usage"]
    context = {
        **found.data,
        "start": start,
        "end": end,
        "problem": problem,
        "chart": usage_chart(days) if days else None,
        "totals": {
            "checkIns": sum(d["checkIns"] for d in days),
            "sampleCheckIns": sum(d["sampleCheckIns"] for d in days),
            "busiest": max(days, key=lambda d: d["checkIns"], default=None),
        },
    }
    status = 422 if problem else 200
    return await render(request, "union/check_ins/usage.html", context, status_code=status)


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
