"""Seed import of the community facilities on the map (the five 便便屋)."""

from __future__ import annotations

from typing import Any

from cityhub.models.council.communities import AreaKind, CouncilArea
from cityhub.models.council.facilities import Facility, FacilityKind
from cityhub.seeding.imports import ImportCounts, upsert


def _facility_row(r: dict[str, Any], compounds: dict[str, int]) -> dict[str, Any]:
    if r["compound"] not in compounds:
        raise ValueError(f"facility {r['code']}: {r['compound']} is not a compound")
    return {
        "code": r["code"],
        "compound_id": compounds[r["compound"]],
        "kind": FacilityKind(r["kind"]).value,
        "name": r["name"],
        "name_en": r.get("name_en", ""),
        "description": r.get("description", ""),
        "lat": float(r["lat"]),
        "lng": float(r["lng"]),
        "is_sample": r["sample"],
    }


async def import_facilities(records: list[dict[str, Any]]) -> ImportCounts:
    """Facilities keyed by code, each in a compound."""
    query = CouncilArea.filter(kind=AreaKind.COMPOUND)
    compounds = dict(await query.values_list("code", "id"))
    rows = [_facility_row(r, compounds) for r in records]
    counts, _ = await upsert(Facility, "code", rows)
    return counts
