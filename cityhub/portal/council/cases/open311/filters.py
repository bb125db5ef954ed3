"""The GET requests parameters, checked: every bad one is a 400 naming it. Without
dates, the last ``open311Days`` days; a window wider than that is refused."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from cityhub.portal.council.cases.open311.formats import bad_request

OPEN_STATES = ("RECEIVED", "ACCEPTED", "IN_CONSULTATION", "REFERRED")
CLOSED_STATES = ("RESOLVED", "MEDIATED", "CLOSED", "DECLINED", "WITHDRAWN")
STATUSES = {"open": OPEN_STATES, "closed": CLOSED_STATES}
PAGE_SIZE, PAGE_SIZE_MAX = 50, 100
UNENCODED_PLUS = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")


@dataclass(frozen=True)
class Filters:
    references: tuple[str, ...]  # service_request_id: when given, the others are ignored
    categories: dict[str, str]  # service_code -> CaseCategory ID (empty: every service)
    states: tuple[str, ...] | None
    start: dt.datetime
    end: dt.datetime
    page: int
    page_size: int
    most: int  # open311Max


def listed(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def moment(name: str, value: str) -> dt.datetime:
    """A W3C / ISO 8601 datetime; one without an offset is taken as UTC. A "+" left
    unencoded in the query string arrives as a space: it is read as the "+" it was."""
    try:
        parsed = dt.datetime.fromisoformat(UNENCODED_PLUS.sub(r"\1+\2", value.strip()))
    except ValueError:
        raise bad_request(f"{name}: not a W3C (ISO 8601) datetime: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def whole(name: str, value: str | None, default: int, most: int) -> int:
    if value is None or value == "":
        return default
    number = int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else 0
    if not 1 <= number <= most:
        raise bad_request(f"{name}: a whole number from 1 to {most}")
    return number


def window(params: QueryParams, days: int, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """start_date and end_date; one alone reaches ``days`` from it, neither: the last days."""
    span = dt.timedelta(days=days)
    start = moment("start_date", params["start_date"]) if params.get("start_date") else None
    end = moment("end_date", params["end_date"]) if params.get("end_date") else None
    try:
        if start is None:
            end = end or now
            start = end - span
        elif end is None:
            end = start + span
    except OverflowError:
        raise bad_request("start_date, end_date: not a date the calendar holds") from None
    if end < start:
        raise bad_request("end_date: before start_date")
    if end - start > span:
        raise bad_request(f"start_date, end_date: a window of at most {days} days")
    return start, end


def _states(value: str | None) -> tuple[str, ...] | None:
    asked = listed(value)
    unknown = [s for s in asked if s not in STATUSES]
    if unknown:
        raise bad_request(f"status: open or closed, not {', '.join(unknown)}")
    return tuple(s for name in STATUSES if name in asked for s in STATUSES[name]) or None


def _categories(value: str | None, known: dict[str, str]) -> dict[str, str]:
    asked = listed(value)
    unknown = [code for code in asked if code not in known]
    if unknown:
        raise bad_request(f"service_code: no service {', '.join(unknown)}")
    return {code: known[code] for code in asked}


def filters(params: QueryParams, lookup: dict[str, Any], now: dt.datetime) -> Filters:
    policy = lookup["councilPolicy"]
    most = policy["open311Max"]
    references = tuple(listed(params.get("service_request_id")))
    if len(references) > most:
        raise bad_request(f"service_request_id: at most {most}")
    start, end = window(params, policy["open311Days"], now)
    return Filters(
        references=references,
        categories=_categories(
            params.get("service_code"), {c["code"]: c["id"] for c in lookup["caseCategories"]}
        ),
        states=_states(params.get("status")),
        start=start,
        end=end,
        page=whole("page", params.get("page"), 1, 1_000_000),
        page_size=whole("page_size", params.get("page_size"), PAGE_SIZE, PAGE_SIZE_MAX),
        most=most,
    )
