"""Live figures for the city's dashboard: each installed domain counts its own."""

from __future__ import annotations

import asyncio

import strawberry

from cityhub.schema.context import Info
from cityhub.schema.registry import installed


@strawberry.type(description="A live count computed from CityHub's data (never a published one).")
class CityFigure:
    key: str = strawberry.field(description="Stable key, e.g. union.stations.")
    domain: str = strawberry.field(description="The domain counting it, e.g. union.")
    label: str = strawberry.field(description="What is counted, in your language.")
    value: int = strawberry.field(description="The count, now.")
    sample_count: int = strawberry.field(
        description="Of value, the sample records (示例, isSample), so the count says how "
        "much of it is sample data."
    )
    unit: str = strawberry.field(description="Unit, in your language.")


@strawberry.type
class FiguresQuery:
    @strawberry.field(
        description="Live counts from every service, in the portal's order (the published "
        "figures are apart, in publishedFigures)."
    )
    async def city_figures(self, info: Info) -> list[CityFigure]:
        counters = [d.figures for d in installed() if d.figures is not None]
        found = await asyncio.gather(*(count(info) for count in counters))
        return [figure for figures in found for figure in figures]
