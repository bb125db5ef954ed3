"""GeoReport v2 POST requests: a partner app (an API key with council:report) relays a
resident's report through submitCouncilCase, on their behalf (channel SYSTEM). Besides the
spec's parameters it takes ``compound``, the compound's code (e.g. zc-2), as every case
is about one; ``media_url`` is ignored (photos come only as uploads through GraphQL)."""

from __future__ import annotations

import math
import re
from typing import Any

from starlette.datastructures import FormData

from cityhub.portal.council.cases.open311.caller import Caller
from cityhub.portal.council.cases.open311.formats import bad_request

TITLE = (4, 60)
ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _coordinate(form: FormData, name: str, bound: float) -> float:
    try:
        value = float(_text(form, name))
    except ValueError:
        raise bad_request(f"{name}: a number from -{bound:g} to {bound:g}") from None
    if not math.isfinite(value) or abs(value) > bound:
        raise bad_request(f"{name}: a number from -{bound:g} to {bound:g}")
    return value


def _location(form: FormData) -> dict[str, Any]:
    """lat and long (both), or address_string: one of them is required."""
    address = _text(form, "address_string")
    given = [name for name in ("lat", "long") if _text(form, name)]
    if len(given) == 1:
        raise bad_request("lat, long: give both, or neither")
    if not given and not address:
        raise bad_request("lat, long or address_string: one is required")
    if not given:
        return {"address": address}
    return {
        "address": address,
        "lat": _coordinate(form, "lat", 90),
        "lng": _coordinate(form, "long", 180),
    }


def title_of(description: str, service_name: str) -> str:
    """The description's first line, at most 60 characters; a line too short for a title
    is put after the service's name."""
    line = description.strip().splitlines()[0].strip() if description.strip() else ""
    least, most = TITLE
    if len(line) < least:
        line = f"{service_name}：{line}" if line else service_name
    return line[:most].strip()


def _attributes(form: FormData) -> list[dict[str, Any]]:
    """attribute[code]=value, repeated (or attribute[code][]) for a multivaluelist."""
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        match = ATTRIBUTE.match(key)
        if match and isinstance(value, str) and value.strip():
            values.setdefault(match.group(1), []).append(value.strip())
    return [{"code": code, "values": given} for code, given in values.items()]


def _named(lookup: dict[str, Any], form: FormData) -> tuple[dict[str, Any], str]:
    """The category the service_code names, and the ID of the compound ``compound`` names."""
    code, compound = _text(form, "service_code"), _text(form, "compound")
    if not code:
        raise bad_request("service_code: required")
    category = next((c for c in lookup["caseCategories"] if c["code"] == code), None)
    if category is None:
        raise bad_request(f"service_code: no service {code!r}")
    if not compound:
        raise bad_request("compound: required, the compound's code (e.g. zc-2)")
    compounds = {p["code"]: p["id"] for c in lookup["communities"] for p in c["compounds"]}
    if compound not in compounds:
        raise bad_request(f"compound: no compound {compound!r}")
    return category, compounds[compound]


def report_input(lookup: dict[str, Any], form: FormData) -> dict[str, Any]:
    """SubmitCouncilCaseInput from the form; the API checks the rest (lengths, attributes,
    the resident's name) and answers any problem as a userError."""
    category, compound = _named(lookup, form)
    description = _text(form, "description")
    name = " ".join(n for n in (_text(form, "first_name"), _text(form, "last_name")) if n)
    return {
        "category": category["id"],
        "compound": compound,
        "title": title_of(description, category["name"]),
        "description": description,
        **_location(form),
        "attributes": _attributes(form),
        "onBehalf": {
            "name": name or _text(form, "email"),
            "phone": _text(form, "phone"),
            "channel": "SYSTEM",
        },
    }


async def post_request(caller: Caller, form: FormData) -> list[dict[str, Any]]:
    if caller.viewer is None:
        raise bad_request("api_key: required to post a request")
    lookup = await caller.run("lookup.graphql")
    payload = (await caller.run("report.graphql", {"input": report_input(lookup, form)}))[
        "submitCouncilCase"
    ]
    if payload["userErrors"]:
        raise bad_request(*(f"{e['code']}: {e['message']}" for e in payload["userErrors"]))
    case = payload["councilCase"]
    return [
        {
            "service_request_id": case["reference"],
            "service_notice": case["stateLabel"],
            "account_id": None,
        }
    ]
