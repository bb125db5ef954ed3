"""Seed import of the case catalogue (Open311's services)."""

from __future__ import annotations

from typing import Any

from cityhub.models.council.categories import CaseCategory, CategoryGroup
from cityhub.models.council.residents import Skill
from cityhub.seeding.imports import ImportCounts, upsert

# Open311 GeoReport v2's attribute datatypes; the list ones carry their values.
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
LISTS = {"singlevaluelist", "multivaluelist"}


def _attribute(category: str, a: dict[str, Any]) -> dict[str, Any]:
    if a["datatype"] not in DATATYPES:
        raise ValueError(f"{category}.{a['code']}: no Open311 datatype {a['datatype']}")
    values = [{"key": v["key"], "name": v["name"], "name_en": v["name_en"]} for v in a["values"]]
    if bool(values) != (a["datatype"] in LISTS) or len({v["key"] for v in values}) < len(values):
        raise ValueError(f"{category}.{a['code']}: a list, and only a list, has distinct values")
    return {
        "code": a["code"],
        "datatype": a["datatype"],
        "required": bool(a.get("required", False)),
        "label": a["label"],
        "label_en": a["label_en"],
        "values": values,
    }


def _category_row(r: dict[str, Any]) -> dict[str, Any]:
    if not r["keywords"]:
        raise ValueError(f"category {r['code']}: keywords point reports to it")
    attributes = [_attribute(r["code"], a) for a in r.get("attributes", [])]
    if len({a["code"] for a in attributes}) < len(attributes):
        raise ValueError(f"category {r['code']}: an attribute code appears twice")
    return {
        "code": r["code"],
        "name": r["name"],
        "name_en": r["name_en"],
        "description": r.get("description", ""),
        "description_en": r.get("description_en", ""),
        "group": CategoryGroup(r["group"]).value,
        "keywords": list(dict.fromkeys(r["keywords"])),
        "skills": [Skill(s).value for s in r.get("skills", [])],
        "attributes": attributes,
        "sort_order": r.get("sort_order", 0),
        "is_active": r.get("active", True),
        "is_sample": r["sample"],
    }


async def import_categories(records: list[dict[str, Any]]) -> ImportCounts:
    """Categories keyed by code (all sample: the catalogue is CityHub's own)."""
    counts, _ = await upsert(CaseCategory, "code", [_category_row(r) for r in records])
    return counts
