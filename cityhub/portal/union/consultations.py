"""The consultation log on the staff dashboard: logging a hotline, SMS, WeChat or walk-in
consultation, the recent ones, and the daily chart with the days broadcasts went out.
The dashboard page itself is the broadcasts' (broadcasts.py), which includes these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub import clock
from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, is_fragment_request, render
from cityhub.portal.charts import Chart, Frame, bar_chart
from cityhub.portal.client import enum_labels, run_query, run_query_showing_errors
from cityhub.portal.formatting import iso_date
from cityhub.portal.forms import Form, text_values

DEFAULT_DAYS = 30
# The SMS the source quotes went out on 2024-04-30 (智慧工会 platform): marked on the chart.
SOURCE_BROADCAST = {"2024-04-30": N_("报道中的短信")}
SAMPLE_RANGE = {"from": "2024-04-24", "to": "2024-05-12"}
LOG_FIELDS = ("channel", "topic", "at", "note")
CHART = Frame(width=720, height=260, left=44, right=12, top=22, bottom=36, max_labels=10)

# The dashboard page, given the forms to show again: see broadcasts.show_dashboard.
DashboardPage = Callable[..., Awaitable[Response]]


@dataclass(frozen=True)
class Mark:
    x: float
    date: str
    label: str  # "live" (a broadcast sent then) or "source" (the example the source quotes)
    count: int = 0


async def default_range(request: Request) -> tuple[date, date]:
    """The last 30 days; when nothing was logged in them, the 30 days up to the latest
    consultation, so the chart opens on days that have data rather than on empty bars."""
    end = clock.today()
    found = await run_query(request, "union/consultations/latest.graphql")
    latest = found["consultations"]["nodes"]
    if latest:
        day = clock.local_date(datetime.fromisoformat(latest[0]["at"]))
        if day < end - timedelta(days=DEFAULT_DAYS - 1):
            end = day
    return end - timedelta(days=DEFAULT_DAYS - 1), end


async def asked_range(request: Request) -> tuple[date, date, str | None]:
    """The chart's days from ?from=&to= (by default see default_range), and a message when
    they are not dates. Whether the range is allowed is the schema's to say."""
    params = request.query_params
    if not params.get("from") and not params.get("to"):
        return (*await default_range(request), None)
    start, end = iso_date(params.get("from")), iso_date(params.get("to"))
    if start is None or end is None:
        return (*await default_range(request), N_("日期格式应为 2024-04-30"))
    return start, end, None


async def with_stats(request: Request, name: str, variables: dict) -> tuple[dict, str | None]:
    """Run a document that asks for consultationStats(from, to) over the asked days; a
    range the schema refuses (backwards, too long) comes back as its message, and the last
    30 days are shown instead."""
    start, end, problem = await asked_range(request)
    asked = {**variables, "from": start.isoformat(), "to": end.isoformat()}
    found = await run_query_showing_errors(request, name, asked, at="consultationStats")
    if found.message is None:
        return found.data, problem
    start, end = await default_range(request)
    fallback = {**variables, "from": start.isoformat(), "to": end.isoformat()}
    return await run_query(request, name, fallback), found.message


def draw(days: list[dict]) -> tuple[Chart, list[Mark]]:
    """The days' counts stacked per channel (in the schema's order), with a mark on each
    day a broadcast went out and on the day of the SMS the source quotes."""
    stacks = [
        (d["date"], d["date"][5:], [(c["channel"], c["count"]) for c in d["counts"]]) for d in days
    ]
    chart = bar_chart(stacks, CHART)
    marks = []
    for day, column in zip(days, chart.columns, strict=True):
        if day["broadcasts"]:
            marks.append(Mark(column.centre, day["date"], "live", day["broadcasts"]))
        elif day["date"] in SOURCE_BROADCAST:
            marks.append(Mark(column.centre, day["date"], "source"))
    return chart, marks


def chart_context(stats: dict) -> dict:
    chart, marks = draw(stats["days"])
    return {"stats": stats, "chart": chart, "marks": marks, "source_days": SOURCE_BROADCAST}


def _local_time(text: str) -> datetime:
    """A datetime-local value ("2024-04-30T14:25") on Taiyuan's clock."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.SHANGHAI)


def log_form(data: Mapping[str, Any], labels: dict) -> Form:
    """The consultation form as `LogConsultationInput`; a channel or topic the schema does
    not list is a message."""
    form = Form(values=text_values(data, LOG_FIELDS))
    values = form.values
    logged: dict[str, Any] = {"note": values["note"]}
    for name, allowed in (("channel", "ConsultationChannel"), ("topic", "ConsultationTopic")):
        if values[name] in labels[allowed]:
            logged[name] = values[name]
        else:
            form.errors[name] = N_("请从列表中选择")
    if values["at"]:
        try:
            logged["at"] = _local_time(values["at"]).isoformat()
        except ValueError:
            form.errors["at"] = N_("时间格式应为 2024-04-30 14:25")
    form.variables = {"input": logged}
    return form


def empty_log() -> Form:
    return Form(values={})


async def stats(request: Request) -> Response:
    """The chart and table for another range (htmx); the whole dashboard without htmx."""
    if not is_fragment_request(request):
        return RedirectResponse(f"/union/staff?{request.query_params}#chart", status_code=303)
    data, range_error = await with_stats(request, "union/consultations/stats.graphql", {})
    context = {**data, **chart_context(data["consultationStats"]), "range_error": range_error}
    return await render(request, "union/consultations/_stats.html", context)


def routes(dashboard: DashboardPage) -> list[Route]:
    """The log's routes; a refused form comes back on ``dashboard``, the page that
    includes the log (passed in: that page includes this module, not the reverse)."""

    @csrf_protected
    async def log_consultation(request: Request) -> Response:
        labels = await enum_labels(request, "ConsultationChannel", "ConsultationTopic")
        form = log_form(await request.form(), labels)
        if not form.errors:
            result = await run_query(request, "union/consultations/log.graphql", form.variables)
            form.add_api_errors(result["logConsultation"]["userErrors"])
        if form.errors:
            return await dashboard(request, log=form, status_code=422)
        return RedirectResponse("/union/staff?logged=1#consultations", status_code=303)

    return [
        Route("/union/staff/stats", stats, name="union_staff_stats"),
        Route(
            "/union/staff/consultations",
            log_consultation,
            methods=["POST"],
            name="union_staff_log",
        ),
    ]
