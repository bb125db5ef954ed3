"""Published figures in the schema: value, unit, the article's own words and its citation,
apart from live counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.i18n import N_
from cityhub.resolvers import facts
from cityhub.resolvers.pagination import offset_page
from cityhub.schema.connections import After, Connection, First, connection
from cityhub.schema.context import Info, referenced
from cityhub.schema.inputs import max_length
from cityhub.schema.labels import labelled_enum

PERCENT = "%"


class FigurePrecision(StrEnum):
    EXACT = "exact"
    MORE_THAN = "more_than"
    NEARLY = "nearly"


labelled_enum(
    FigurePrecision,
    {
        FigurePrecision.EXACT: N_("确数"),
        FigurePrecision.MORE_THAN: N_("余、多（多于此数）"),
        FigurePrecision.NEARLY: N_("近（接近此数）"),
    },
    description="How exact the article's number is, by its own qualifier: 120余份 is "
    "MORE_THAN 120, 近5万名 is NEARLY 50,000.",
)


class SourceTitleKind(StrEnum):
    HEADLINE = "headline"
    OPENING_WORDS = "opening_words"


labelled_enum(
    SourceTitleKind,
    {SourceTitleKind.HEADLINE: N_("标题"), SourceTitleKind.OPENING_WORDS: N_("开头")},
    description="Whether a source's title is its own headline or, for an article the page "
    "prints without one, its opening words.",
)


class SourceByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=facts.sources_by_id)


@strawberry.type(
    description="The article a published figure comes from, cited only with what its page "
    "prints: the page names no newspaper, so there is no publisher."
)
class Source:
    key: str = strawberry.field(description="Stable key, e.g. taiyuan-daily-2024-11-21.union.")
    title: str = strawberry.field(
        description="The article's headlines as the page prints them (several joined by "
        '" / "), or its opening words ending in "…" when it has none (see titleKind).'
    )
    title_kind: SourceTitleKind = strawberry.field(description="Headline or opening words.")
    byline: str | None = strawberry.field(
        description="The author as the page prints it (记者 李俊华); null where it prints none."
    )
    published_on: dt.date = strawberry.field(
        description="The page's date (a Taiyuan daily's page of 2024-11-21)."
    )
    retrieved_on: dt.date = strawberry.field(
        description="When CityHub took its copy of the page; not a publication date."
    )

    @classmethod
    def from_row(cls, row: dict) -> Source:
        return cls(
            key=row["key"],
            title=row["title"],
            title_kind=SourceTitleKind(row["title_kind"]),
            byline=row["byline"],
            published_on=row["published_on"],
            retrieved_on=row["retrieved_on"],
        )


@strawberry.type(
    description="A figure as a source published it (e.g. 65,000 members), never a live count."
)
class PublishedFigure:
    key: str = strawberry.field(description="Stable key, e.g. union.members.")
    domain: str = strawberry.field(description="The domain it is about, e.g. union.")
    label: str = strawberry.field(description="What is counted, in Chinese.")
    label_en: str = strawberry.field(description="What is counted, in English.")
    value: Decimal = strawberry.field(
        description="The number in `unit`, with the places the article gave (65000, 0.5): "
        "a percentage is in percent (93 for 93%; see `fraction`)."
    )
    unit: str = strawberry.field(description="The unit in Chinese: 人, 家, 元, % ...")
    unit_en: str = strawberry.field(description="The unit in English: people, yuan, percent.")
    precision: FigurePrecision = strawberry.field(description="The article's qualifier.")
    as_written: str = strawberry.field(description="The figure in the page's words: 6.5万人.")
    quote: str = strawberry.field(description="The words of the page that give it.")
    as_of: dt.date = strawberry.field(description="The date the figure describes.")
    source_id: strawberry.Private[int | None]

    @strawberry.field(
        description="A percentage as a fraction (93% → 0.93), to set beside live rates such "
        "as membershipRate; null for other units."
    )
    def fraction(self) -> Decimal | None:
        return (self.value / 100).normalize() if self.unit == PERCENT else None

    @strawberry.field(description="The article that published it.")
    async def source(self, info: Info) -> Source:
        assert self.source_id is not None, "`cityhub seed` links every figure to its article"
        row = await info.context.loader(SourceByIdLoader).load(self.source_id)
        return Source.from_row(referenced([row], "source")[0])

    @classmethod
    def from_row(cls, row: dict) -> PublishedFigure:
        value: Decimal = row["value"]
        return cls(
            key=row["key"],
            domain=row["domain"],
            label=row["label"],
            label_en=row["label_en"],
            value=value.quantize(Decimal(1)) if value == value.to_integral_value() else value,
            unit=row["unit"],
            unit_en=row["unit_en"],
            precision=FigurePrecision(row["precision"]),
            as_written=row["as_written"],
            quote=row["quote"],
            as_of=row["as_of"],
            source_id=row["source_id"],
        )


@strawberry.type(
    description="A passage of a source's article in the page's own words, under a topic: "
    "what the source says about a service (quoted, never a live record)."
)
class SourceExcerpt:
    key: str = strawberry.field(description="Stable key, e.g. housing.how.")
    domain: str = strawberry.field(description="The domain it is about, e.g. housing.")
    topic: str = strawberry.field(description="What the passage is about, in Chinese.")
    topic_en: str = strawberry.field(description="What the passage is about, in English.")
    quote: str = strawberry.field(
        description="The page's words, verbatim (Chinese: a quotation is not translated)."
    )
    source_id: strawberry.Private[int]

    @strawberry.field(description="The article it is quoted from.")
    async def source(self, info: Info) -> Source:
        row = await info.context.loader(SourceByIdLoader).load(self.source_id)
        return Source.from_row(referenced([row], "source")[0])

    @classmethod
    def from_row(cls, row: dict) -> SourceExcerpt:
        names = ("key", "domain", "topic", "topic_en", "quote", "source_id")
        return cls(**{name: row[name] for name in names})


DomainName = Annotated[
    str | None,
    strawberry.argument(description="A domain, e.g. union.", directives=max_length(32)),
]


@strawberry.type
class FactsQuery:
    @strawberry.field(
        description="Figures published by sources, optionally for one domain; by domain (in "
        "the portal's order), then in the order the source gives them."
    )
    async def published_figures(
        self,
        domain: DomainName = None,
        first: First = None,
        after: After = None,
    ) -> Connection[PublishedFigure]:
        # A small table (tens of rows), ordered for reading: paged in memory.
        page = offset_page(await facts.published_figures(domain), first=first, after=after)
        return connection(page, [PublishedFigure.from_row(row) for row in page.rows])

    @strawberry.field(
        description="Passages quoted from sources, optionally for one domain; by domain (in "
        "the portal's order), then in the order of their articles."
    )
    async def source_excerpts(
        self, domain: DomainName = None, first: First = None, after: After = None
    ) -> Connection[SourceExcerpt]:
        page = offset_page(await facts.source_excerpts(domain), first=first, after=after)
        return connection(page, [SourceExcerpt.from_row(row) for row in page.rows])


class PublishedFiguresByDomainLoader(DataLoader[str, list[dict]]):
    def __init__(self) -> None:
        async def load(domains: list[str]) -> list[list[dict]]:
            return [await facts.published_figures(domain) for domain in domains]

        super().__init__(load_fn=load)
