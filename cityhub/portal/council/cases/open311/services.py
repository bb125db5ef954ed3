"""GeoReport v2 discovery, the service list (the active case categories) and a service's
definition (the category's own fields as Open311 attributes)."""

from __future__ import annotations

from typing import Any

from cityhub.portal.council.cases.open311.caller import Caller
from cityhub.portal.council.cases.open311.formats import FORMATS, Open311Error

BASE = "/open311/v2"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this facade's endpoints or their meaning last changed (discovery's changeset).
CHANGESET = "2026-12-04T00:00:00+00:00"
CONTACT = "中车社区邻里议事会 (CityHub): see /developers"
KEY_SERVICE = (
    "API keys with the council:report scope are issued by CityHub's administrators; "
    "see /developers. Reading needs no key."
)


def discovery(caller: Caller) -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": CONTACT,
        "key_service": KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": caller.absolute(BASE),
                "changeset": CHANGESET,
                "type": "production",
                "formats": [FORMATS["json"], FORMATS["xml"]],
            }
        ],
    }


def _local(caller: Caller, record: dict[str, Any], field: str) -> str:
    """The English text where the caller asked for English and it is written."""
    english = record.get(f"{field}En") if caller.english else None
    return str(english or record[field])


def _service(caller: Caller, category: dict[str, Any]) -> dict[str, Any]:
    return {
        "service_code": category["code"],
        "service_name": _local(caller, category, "name"),
        "description": _local(caller, category, "description"),
        "metadata": bool(category["attributes"]),
        "type": "realtime",
        "keywords": ",".join(category["keywords"]),
        "group": category["group"].lower(),
    }


async def _categories(caller: Caller) -> list[dict[str, Any]]:
    return list((await caller.run("services.graphql"))["caseCategories"])


async def services(caller: Caller) -> list[dict[str, Any]]:
    return [_service(caller, c) for c in await _categories(caller)]


def _attribute(caller: Caller, order: int, attribute: dict[str, Any]) -> dict[str, Any]:
    datatype = attribute["datatype"]
    label = _local(caller, attribute, "label")
    described = {
        "singlevaluelist": "Give one of the values' keys.",
        "multivaluelist": "Give one or more of the values' keys (repeat the attribute).",
    }
    return {
        "variable": True,
        "code": attribute["code"],
        "datatype": datatype,
        "required": attribute["required"],
        "datatype_description": described.get(datatype, ""),
        "order": order,
        "description": label,
        "values": [
            {"key": v["key"], "name": _local(caller, v, "name")} for v in attribute["values"]
        ],
    }


async def definition(caller: Caller, service_code: str) -> dict[str, Any]:
    """A service's attributes, in the category's order; an unknown code is a 404."""
    for category in await _categories(caller):
        if category["code"] == service_code:
            return {
                "service_code": category["code"],
                "attributes": [
                    _attribute(caller, order, attribute)
                    for order, attribute in enumerate(category["attributes"], start=1)
                ],
            }
    raise Open311Error(404, f"service_code: no service {service_code!r}")
