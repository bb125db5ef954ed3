"""Seed import of Taiyuan's districts, which every domain's places refer to."""

from __future__ import annotations

from typing import Any

from cityhub.models.geo import District
from cityhub.seeding.imports import ImportCounts, upsert


async def import_districts(records: list[dict[str, Any]]) -> ImportCounts:
    rows = [
        {**{k: r[k] for k in ("code", "name", "name_en", "kind")}, "sort_order": i}
        for i, r in enumerate(records)
    ]
    counts, _ = await upsert(District, "code", rows)
    return counts
