"""Site search: each installed domain answers for its own records, as one section."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry import relay

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.schema.context import Info
from cityhub.schema.registry import installed

TEXT_MAX = 50
FIRST_MAX = 50


@strawberry.type(description="One record that matched a search.")
class SearchHit:
    title: str = strawberry.field(description="What it is called.")
    summary: str = strawberry.field(description="One line about it, in your language.")
    path: str = strawberry.field(description="Its page on the portal, e.g. /stations/U3RhdGlvbjox.")
    is_sample: bool = strawberry.field(description="Sample data, not an official record.")
    node: relay.Node | None = strawberry.field(description="The record itself.")


@strawberry.type(description="What one domain found, e.g. the worker stations.")
class SearchSection:
    domain: str = strawberry.field(description="The domain, e.g. union.")
    label: str = strawberry.field(description="What was searched, in your language.")
    total_count: int = strawberry.field(description="How many records match in all.")
    sample_count: int = strawberry.field(
        description="Of totalCount, the sample records (示例, isSample)."
    )
    hits: list[SearchHit] = strawberry.field(description="The first matches.")


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Search every service by name or address; one section per domain, in the "
        "portal's order, each with its first matches."
    )
    async def search(
        self,
        info: Info,
        text: Annotated[str, strawberry.argument(description="1-50 characters.")],
        first: Annotated[int, strawberry.argument(description="Matches per section, 0-50.")] = 20,
    ) -> list[SearchSection]:
        text = text.strip()
        if not 0 < len(text) <= TEXT_MAX:
            raise BadInput(
                N_("搜索词须为 1-{max} 个字"), argument="text", code="BAD_USER_INPUT", max=TEXT_MAX
            )
        if not 0 <= first <= FIRST_MAX:
            raise BadInput(
                N_("first 必须在 0 到 {max} 之间"),
                argument="first",
                code="PAGE_SIZE_OUT_OF_RANGE",
                max=FIRST_MAX,
            )
        searchers = [d.search for d in installed() if d.search is not None]
        return list(await asyncio.gather(*(search(info, text, first) for search in searchers)))
