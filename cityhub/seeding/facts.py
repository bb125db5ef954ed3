"""Seed import of the source page's articles (the platform's file), and of the figures they
published and the passages quoted from them (each domain ships its own files of those)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cityhub.models.facts import PublishedFigure, Source, SourceExcerpt
from cityhub.seeding.imports import ImportCounts, upsert


async def import_sources(records: list[dict[str, Any]]) -> ImportCounts:
    rows = [
        {
            **r,
            "published_on": date.fromisoformat(r["published_on"]),
            "retrieved_on": date.fromisoformat(r["retrieved_on"]),
        }
        for r in records
    ]
    counts, _ = await upsert(Source, "key", rows)
    return counts


async def _source_ids(records: list[dict[str, Any]], what: str) -> dict[str, int]:
    keys = {r["source"] for r in records}
    sources = dict(await Source.filter(key__in=keys).values_list("key", "id"))
    if missing := keys - set(sources):
        raise LookupError(f"{what} cite sources not in sources/articles.json: {sorted(missing)}")
    return sources


async def import_figures(records: list[dict[str, Any]]) -> ImportCounts:
    sources = await _source_ids(records, "figures")
    rows = [
        {
            **{name: value for name, value in r.items() if name != "source"},
            "source_id": sources[r["source"]],
            "value": Decimal(r["value"]).quantize(Decimal("0.01")),
            "as_of": date.fromisoformat(r["as_of"]),
        }
        for r in records
    ]
    counts, _ = await upsert(PublishedFigure, "key", rows)
    return counts


async def import_excerpts(records: list[dict[str, Any]]) -> ImportCounts:
    sources = await _source_ids(records, "excerpts")
    rows = [
        {
            **{name: value for name, value in r.items() if name != "source"},
            "source_id": sources[r["source"]],
        }
        for r in records
    ]
    counts, _ = await upsert(SourceExcerpt, "key", rows)
    return counts
