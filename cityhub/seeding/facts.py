"""Seed import of published figures (each domain ships its own file of them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cityhub.models.facts import PublishedFigure
from cityhub.seeding.imports import ImportCounts, upsert


async def import_figures(records: list[dict[str, Any]]) -> ImportCounts:
    rows = [
        {
            **r,
            "value": Decimal(r["value"]).quantize(Decimal("0.01")),
            "as_of": date.fromisoformat(r["as_of"]),
            "source_date": date.fromisoformat(r["source_date"]),
        }
        for r in records
    ]
    counts, _ = await upsert(PublishedFigure, "key", rows)
    return counts
