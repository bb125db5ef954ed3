"""Published figures: what a source said, with its date, never mixed with live counts."""

from __future__ import annotations

from typing import Any

from cityhub.domains import INSTALLED_DOMAINS
from cityhub.models.facts import PublishedFigure

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


async def published_figures(domain: str | None = None) -> list[dict[str, Any]]:
    """By domain in the installed order (the portal's), then as the source ordered them."""
    query = PublishedFigure.all() if domain is None else PublishedFigure.filter(domain=domain)
    rows = await query.order_by("sort_order", "id").values(*FIGURE_FIELDS)
    order = {name: i for i, name in enumerate(INSTALLED_DOMAINS)}
    return sorted(rows, key=lambda row: order.get(row["domain"], len(order)))
