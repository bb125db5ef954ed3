"""Published figures in the schema: value, unit, date and source, apart from live counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.resolvers import facts
from cityhub.resolvers.pagination import offset_page
from cityhub.schema.connections import After, Connection, First, connection


@strawberry.type(description="Where a published figure comes from.")
class Source:
    title: str = strawberry.field(description="Headline of the article.")
    publisher: str = strawberry.field(description="Who published it.")
    date: dt.date = strawberry.field(description="Publication date.")


@strawberry.type(
    description="A figure as a source published it (e.g. 65,000 members), never a live count."
)
class PublishedFigure:
    key: str = strawberry.field(description="Stable key, e.g. union.members.")
    domain: str = strawberry.field(description="The domain it is about, e.g. union.")
    label: str = strawberry.field(description="What is counted, in Chinese.")
    label_en: str = strawberry.field(description="What is counted, in English.")
    value: Decimal = strawberry.field(description="The number as published.")
    unit: str = strawberry.field(description="Unit in Chinese, e.g. 人, 家, %.")
    unit_en: str = strawberry.field(description="Unit in English.")
    as_of: dt.date = strawberry.field(description="The date the figure describes.")
    source: Source = strawberry.field(description="Where it was published.")

    @classmethod
    def from_row(cls, row: dict) -> PublishedFigure:
        return cls(
            key=row["key"],
            domain=row["domain"],
            label=row["label"],
            label_en=row["label_en"],
            value=row["value"],
            unit=row["unit"],
            unit_en=row["unit_en"],
            as_of=row["as_of"],
            source=Source(
                title=row["source_title"],
                publisher=row["source_publisher"],
                date=row["source_date"],
            ),
        )


@strawberry.type
class FactsQuery:
    @strawberry.field(
        description="Figures published by sources, optionally for one domain; by domain (in "
        "the portal's order), then in the order the source gives them."
    )
    async def published_figures(
        self, domain: str | None = None, first: First = None, after: After = None
    ) -> Connection[PublishedFigure]:
        # A small table (tens of rows), ordered for reading: paged in memory.
        page = offset_page(await facts.published_figures(domain), first=first, after=after)
        return connection(page, [PublishedFigure.from_row(row) for row in page.rows])


class PublishedFiguresByDomainLoader(DataLoader[str, list[dict]]):
    def __init__(self) -> None:
        async def load(domains: list[str]) -> list[list[dict]]:
            return [await facts.published_figures(domain) for domain in domains]

        super().__init__(load_fn=load)
