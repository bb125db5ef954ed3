"""Seed import of the council's area tree, the community's organisation chain and its
workers."""

from __future__ import annotations

from typing import Any

from cityhub.models.council.communities import AreaKind, CommunityWorker, CouncilArea, Duty, OrgUnit
from cityhub.models.geo import District
from cityhub.seeding.imports import ImportCounts, upsert

# The kind an area's parent is (a street hangs from a district, not from an area).
PARENT_KIND = {
    AreaKind.STREET: None,
    AreaKind.COMMUNITY: AreaKind.STREET,
    AreaKind.COMPOUND: AreaKind.COMMUNITY,
    AreaKind.GRID: AreaKind.COMPOUND,
}
LEVELS = range(1, 5)


def _checked_tree(records: list[dict[str, Any]]) -> dict[str, str | None]:
    """Each area's community code (None for a street), checking every parent's kind."""
    kinds = {r["code"]: AreaKind(r["kind"]) for r in records}
    parents = {r["code"]: r.get("parent") for r in records}
    community: dict[str, str | None] = {}
    for code in kinds:
        wanted, parent = PARENT_KIND[kinds[code]], parents[code]
        if parent and parent not in community:
            raise ValueError(f"area {code}: its parent {parent} must come before it")
        if (kinds[parent] if parent else None) != wanted:
            raise ValueError(f"area {code}: a {kinds[code]} hangs from a {wanted}, not {parent}")
        if kinds[code] == AreaKind.STREET:
            community[code] = None
        elif kinds[code] == AreaKind.COMMUNITY:
            community[code] = code
        else:
            community[code] = community[str(parent)]
    return community


def _area_row(
    r: dict[str, Any], ids: dict[str, int], districts: dict[str, int], community: str | None
) -> dict[str, Any]:
    is_street = r["kind"] == AreaKind.STREET
    if is_street != bool(r.get("district")):
        raise ValueError(f"area {r['code']}: a street, and only a street, names its district")
    return {
        "code": r["code"],
        "kind": AreaKind(r["kind"]).value,
        "name": r["name"],
        "name_en": r.get("name_en", ""),
        "parent_id": ids[r["parent"]] if r.get("parent") else None,
        "district_id": districts[r["district"]] if is_street else None,
        # A community is its own: set once its row exists (below), kept on a re-run.
        "community_id": ids.get(community) if community else None,
        "lat": r.get("lat"),
        "lng": r.get("lng"),
        "sort_order": r.get("sort_order", 0),
        "is_sample": r["sample"],
    }


async def import_areas(records: list[dict[str, Any]]) -> ImportCounts:
    """Areas keyed by code, written a kind at a time from the street down."""
    community = _checked_tree(records)
    districts = dict(await District.all().values_list("code", "id"))
    codes = [r["code"] for r in records]
    ids = dict(await CouncilArea.filter(code__in=codes).values_list("code", "id"))
    counts = ImportCounts()
    for kind in PARENT_KIND:
        rows = [
            _area_row(r, ids, districts, community[r["code"]]) for r in records if r["kind"] == kind
        ]
        added, found = await upsert(CouncilArea, "code", rows)
        ids.update(found)
        counts += added
        if kind == AreaKind.COMMUNITY:
            for area_id in found.values():
                await CouncilArea.filter(id=area_id, community_id=None).update(community_id=area_id)
    return counts


def _checked_units(records: list[dict[str, Any]]) -> None:
    levels = {(r["community"], r["name"]): r["level"] for r in records}
    if len(levels) != len(records):
        raise ValueError("an organisation unit's name is unique within its community")
    for r in records:
        if r["level"] not in LEVELS:
            raise ValueError(f"{r['name']}: the chain has levels 1 to 4, not {r['level']}")
        parent = levels.get((r["community"], r["parent"])) if r.get("parent") else None
        if (r["level"] == 1) != (parent is None) or (parent and parent >= r["level"]):
            raise ValueError(f"{r['name']}: under a unit of a lower level (level 1 under none)")


async def _unit_rows(
    records: list[dict[str, Any]], areas: dict[str, int], community_id: int
) -> list[dict[str, Any]]:
    """Rows for one community's units; written a level at a time, so parents exist."""
    units = dict(await OrgUnit.filter(community_id=community_id).values_list("name", "id"))
    return [
        {
            "community_id": community_id,
            "level": r["level"],
            "name": r["name"],
            "name_en": r.get("name_en", ""),
            "area_id": areas[r["area"]] if r.get("area") else None,
            "parent_id": units[r["parent"]] if r.get("parent") else None,
            "is_sample": r["sample"],
        }
        for r in records
    ]


async def import_org_units(records: list[dict[str, Any]]) -> ImportCounts:
    """Units keyed by name within their community, level by level."""
    _checked_units(records)
    areas = dict(await CouncilArea.all().values_list("code", "id"))
    counts = ImportCounts()
    for code in dict.fromkeys(r["community"] for r in records):
        scope = {"community_id": areas[code]}
        for level in LEVELS:
            here = [r for r in records if r["community"] == code and r["level"] == level]
            rows = await _unit_rows(here, areas, areas[code])
            added, _ = await upsert(OrgUnit, "name", rows, scope=scope)
            counts += added
    return counts


def _worker_row(r: dict[str, Any], areas: dict[str, tuple[int, str, int | None]]) -> dict[str, Any]:
    community_id, kind, _ = areas[r["community"]]
    if kind != AreaKind.COMMUNITY:
        raise ValueError(f"worker {r['code']}: {r['community']} is not a community")
    grid = areas[r["grid"]] if r.get("grid") else None
    if grid and (grid[1] != AreaKind.GRID or grid[2] != community_id):
        raise ValueError(f"worker {r['code']}: {r['grid']} is not a grid of {r['community']}")
    return {
        "code": r["code"],
        "community_id": community_id,
        "grid_id": grid[0] if grid else None,
        "name": r["name"],
        "name_en": r.get("name_en", ""),
        "duty": Duty(r["duty"]).value,
        "phone": r.get("phone", ""),
        "office_hours": r.get("office_hours", ""),
        "is_sample": r["sample"],
    }


async def import_workers(records: list[dict[str, Any]]) -> ImportCounts:
    """Workers keyed by code; the account a worker is tied to is left as it is."""
    rows = await CouncilArea.all().values_list("code", "id", "kind", "community_id")
    areas = {code: (area_id, kind, community) for code, area_id, kind, community in rows}
    counts, _ = await upsert(CommunityWorker, "code", [_worker_row(r, areas) for r in records])
    return counts
