"""GeoReport v2 service requests: the council cases the caller may see, as the API shows
them to the caller. councilCases has no date filter and lists oldest first, so the dates
are applied here, to every page of the (category- and state-filtered) list; the newest
``open311Max`` in the window are answered, newest first, ``page_size`` at a time."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from strawberry import relay

from cityhub.portal.council.cases.open311.caller import Caller
from cityhub.portal.council.cases.open311.filters import OPEN_STATES, Filters
from cityhub.portal.council.cases.open311.formats import Open311Error

CASES_PAGE = 100  # councilCases' largest page
NODES_MAX = 100  # nodes(ids:) at most
# A live case's reference numbers its row (YS<year>-<id>): looked up as that node first.
LIVE_REFERENCE = re.compile(r"^YS\d{4}-(\d{6,})$")


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


async def _every_case(
    caller: Caller, category: str | None = None, states: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Every page of councilCases, of one category and some states if asked."""
    variables = {"first": CASES_PAGE, "category": category, "status": states and list(states)}
    found: list[dict[str, Any]] = []
    after = None
    while True:
        data = await caller.run("requests.graphql", {**variables, "after": after})
        page = data["councilCases"]
        found += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


async def _live(caller: Caller, references: list[str]) -> dict[str, dict[str, Any]]:
    """The live cases named (their reference numbers the node), by reference."""
    ids = []
    for reference in references:
        live = LIVE_REFERENCE.match(reference)
        if live:
            ids.append(str(relay.GlobalID("CouncilCase", str(int(live.group(1))))))
    found: dict[str, dict[str, Any]] = {}
    for first in range(0, len(ids), NODES_MAX):
        batch = {"ids": ids[first : first + NODES_MAX]}
        for node in (await caller.run("requests_by_id.graphql", batch))["nodes"]:
            if node and node.get("reference") in references:
                found[node["reference"]] = node
    return found


async def _by_reference(caller: Caller, references: tuple[str, ...]) -> list[dict[str, Any]]:
    """The cases named, in the order named; those the caller may not see are left out.
    A seeded case (numbered apart from its row), or an unknown one, is looked for in the
    whole list."""
    named = list(dict.fromkeys(references))
    found = await _live(caller, named)
    if len(found) < len(named):
        for case in await _every_case(caller):
            if case["reference"] in named:
                found.setdefault(case["reference"], case)
    return [found[r] for r in named if r in found]


def _submitted(case: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(case["submittedAt"])


async def service_requests(caller: Caller, where: Filters) -> list[dict[str, Any]]:
    if where.references:
        cases = await _by_reference(caller, where.references)
        return [as_request(caller, c) for c in cases]
    codes = set(where.categories)
    only = list(where.categories.values())
    cases = [
        c
        for c in await _every_case(caller, only[0] if len(only) == 1 else None, where.states)
        if (not codes or c["category"]["code"] in codes)
        and where.start <= _submitted(c) <= where.end
    ]
    cases.sort(key=lambda c: (_submitted(c), c["reference"]), reverse=True)
    first = (where.page - 1) * where.page_size
    shown = cases[: where.most][first : first + where.page_size]
    return [as_request(caller, c) for c in shown]


async def one_request(caller: Caller, reference: str) -> list[dict[str, Any]]:
    """One request, as a one-element list (the spec's shape); unknown is a 404."""
    found = await _by_reference(caller, (reference,))
    if not found:
        raise Open311Error(404, f"service_request_id: no request {reference!r}")
    return [as_request(caller, found[0])]
