"""Districts, and the coordinate systems Chinese map apps use."""

from __future__ import annotations

from cityhub.models.geo import District
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.imports import ImportCounts, upsert

DISTRICT_FIELDS = ("id", "code", "name", "name_en", "kind")


async def list_districts() -> list[dict]:
    return await District.all().order_by("sort_order", "id").values(*DISTRICT_FIELDS)


async def districts_by_id(ids: list[int]) -> list[dict | None]:
    return await rows_by_id(District, DISTRICT_FIELDS, ids)


async def import_districts(records: list[dict]) -> ImportCounts:
    rows = [
        {**{k: r[k] for k in ("code", "name", "name_en", "kind")}, "sort_order": i}
        for i, r in enumerate(records)
    ]
    counts, _ = await upsert(District, "code", rows)
    return counts
