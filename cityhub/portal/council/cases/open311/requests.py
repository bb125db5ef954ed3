"""GeoReport v2 service requests: the council cases the caller may see, as the API shows
them to the caller. councilCases picks them (the window, the service, the states, or the
reference numbers named) newest first; of the newest ``open311Max``, ``page_size`` at a
time. A call reads at most ``open311Max`` cases (of each service asked), never them all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhub.portal.council.cases.open311.caller import Caller
from cityhub.portal.council.cases.open311.filters import OPEN_STATES, Filters
from cityhub.portal.council.cases.open311.formats import Open311Error

CASES_PAGE = 100  # councilCases' largest page, and the most references it takes
REFERENCE_MAX = 24  # the longest reference a case has: a longer one names none
# The end date is inclusive; councilCases' submittedBefore is not.
JUST_AFTER = dt.timedelta(microseconds=1)


def utc(value: str) -> str:
    """An API DateTime as W3C, to the second, in UTC."""
    moment = dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    return moment.isoformat(timespec="seconds")


def as_request(caller: Caller, case: dict[str, Any]) -> dict[str, Any]:
    def local(record: dict[str, Any], field: str = "name") -> str:
        return str((caller.english and record.get(f"{field}En")) or record[field])

    location = case["location"] or {}
    photos = case["photos"]
    return {
        "service_request_id": case["reference"],
        "status": "open" if case["state"] in OPEN_STATES else "closed",
        "status_notes": case["stateLabel"],
        "service_name": local(case["category"]),
        "service_code": case["category"]["code"],
        "description": case["description"],
        "agency_responsible": local(case["community"]),
        "service_notice": "",
        "requested_datetime": utc(case["submittedAt"]),
        "updated_datetime": utc(case["updatedAt"]),
        "expected_datetime": "",
        "address": case["address"] or local(case["compound"]),
        "address_id": "",
        "zipcode": "",
        "lat": location.get("lat", ""),
        "long": location.get("lng", ""),
        "media_url": caller.absolute(photos[0]["url"]) if photos else "",
    }


def _just_after(moment: dt.datetime) -> str | None:
    """submittedBefore for an inclusive end; none at the calendar's end."""
    try:
        return (moment + JUST_AFTER).isoformat()
    except OverflowError:
        return None


def _window(where: Filters) -> dict[str, Any]:
    return {
        "categories": list(where.categories.values()) or None,
        "status": where.states and list(where.states),
        "submittedAfter": where.start.isoformat(),
        "submittedBefore": _just_after(where.end),
    }


async def _cases(
    caller: Caller, variables: dict[str, Any], count: int, after: str | None = None
) -> list[dict[str, Any]]:
    """Up to ``count`` cases from after ``after``, a page of councilCases at a time."""
    found: list[dict[str, Any]] = []
    while len(found) < count:
        asked = {**variables, "first": min(CASES_PAGE, count - len(found)), "after": after}
        page = (await caller.run("requests.graphql", asked))["councilCases"]
        found += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return found


async def _skipped(caller: Caller, variables: dict[str, Any], count: int) -> tuple[bool, Any]:
    """Whether more follow the first ``count`` cases, and the cursor after them (only
    their positions are read)."""
    after = None
    while count > 0:
        asked = {**variables, "first": min(CASES_PAGE, count), "after": after}
        info = (await caller.run("requests_skipped.graphql", asked))["councilCases"]["pageInfo"]
        if not info["hasNextPage"]:
            return False, None
        after, count = info["endCursor"], count - asked["first"]
    return True, after


async def _newest(caller: Caller, where: Filters, skip: int, take: int) -> list[dict[str, Any]]:
    """The ``take`` newest after the ``skip`` newest, of any of the services asked."""
    variables = _window(where)
    more, after = await _skipped(caller, variables, skip)
    return await _cases(caller, variables, take, after) if more else []


async def _by_reference(caller: Caller, references: tuple[str, ...]) -> list[dict[str, Any]]:
    """The cases named, in the order named; those the caller may not see are left out."""
    named = [r for r in dict.fromkeys(references) if len(r) <= REFERENCE_MAX and "\x00" not in r]
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(named), CASES_PAGE):
        asked = {"references": named[start : start + CASES_PAGE], "first": CASES_PAGE}
        for case in (await caller.run("requests.graphql", asked))["councilCases"]["nodes"]:
            found[case["reference"]] = case
    return [found[r] for r in named if r in found]


async def service_requests(caller: Caller, where: Filters) -> list[dict[str, Any]]:
    if where.references:
        cases = await _by_reference(caller, where.references)
        return [as_request(caller, c) for c in cases]
    skip = (where.page - 1) * where.page_size
    take = min(where.page_size, where.most - skip)
    cases = await _newest(caller, where, skip, take) if take > 0 else []
    return [as_request(caller, c) for c in cases]


async def one_request(caller: Caller, reference: str) -> list[dict[str, Any]]:
    """One request, as a one-element list (the spec's shape); unknown is a 404."""
    found = await _by_reference(caller, (reference,))
    if not found:
        raise Open311Error(404, f"service_request_id: no request {reference!r}")
    return [as_request(caller, found[0])]
