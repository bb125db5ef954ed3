"""Published figures: what a source said, with its date, never mixed with live counts."""

from __future__ import annotations

from typing import Any

from cityhub.domains import INSTALLED_DOMAINS
from cityhub.models.facts import PublishedFigure, Source, SourceExcerpt
from cityhub.resolvers.batching import rows_by_id

FIGURE_FIELDS = (
    "id",
    "key",
    "domain",
    "source_id",
    "label",
    "label_en",
    "value",
    "unit",
    "unit_en",
    "precision",
    "as_written",
    "quote",
    "as_of",
)
EXCERPT_FIELDS = ("id", "key", "domain", "source_id", "topic", "topic_en", "quote")
SOURCE_FIELDS = ("id", "key", "title", "title_kind", "byline", "published_on", "retrieved_on")


def _in_domain_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """By domain in the installed order (the portal's), keeping the order within each."""
    order = {name: i for i, name in enumerate(INSTALLED_DOMAINS)}
    return sorted(rows, key=lambda row: order.get(row["domain"], len(order)))


async def published_figures(domain: str | None = None) -> list[dict[str, Any]]:
    """By domain in the installed order, then as the source ordered them."""
    query = PublishedFigure.all() if domain is None else PublishedFigure.filter(domain=domain)
    return _in_domain_order(await query.order_by("sort_order", "id").values(*FIGURE_FIELDS))


async def source_excerpts(domain: str | None = None) -> list[dict[str, Any]]:
    query = SourceExcerpt.all() if domain is None else SourceExcerpt.filter(domain=domain)
    return _in_domain_order(await query.order_by("sort_order", "id").values(*EXCERPT_FIELDS))


async def sources_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(Source, SOURCE_FIELDS, ids)
