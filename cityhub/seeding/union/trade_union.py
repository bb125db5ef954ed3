"""Seed import of the union itself: its name, registered drivers and policy numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

from cityhub.models.union.trade_union import TradeUnion
from cityhub.seeding.imports import ImportCounts, upsert


async def import_union(records: list[dict[str, Any]]) -> ImportCounts:
    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "registered_drivers": r["registered_drivers"],
            "registered_drivers_note": r.get("registered_drivers_note", ""),
            "name_en": r.get("name_en", ""),
            "registered_drivers_note_en": r.get("registered_drivers_note_en", ""),
            "founded_on": date.fromisoformat(r["founded_on"]) if r.get("founded_on") else None,
        }
        for r in records
    ]
    counts, _ = await upsert(TradeUnion, "code", rows)
    return counts
