"""Published figures: what a source said, with its date, never mixed with live counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cityhub.models.facts import PublishedFigure
from cityhub.resolvers.imports import ImportCounts, upsert

FIGURE_FIELDS = (
    "id",
    "key",
    "domain",
    "label",
    "label_en",
    "value",
    "unit",
    "unit_en",
    "as_of",
    "source_title",
    "source_publisher",
    "source_date",
)


async def published_figures(domain: str | None = None) -> list[dict]:
    query = PublishedFigure.all() if domain is None else PublishedFigure.filter(domain=domain)
    return await query.order_by("domain", "sort_order", "id").values(*FIGURE_FIELDS)


async def import_figures(records: list[dict]) -> ImportCounts:
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
