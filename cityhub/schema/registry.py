"""What a domain brings to the schema: its root types, Viewer fields, search and figures.

Each installed domain declares a `SchemaDomain` as `domain` in its schema package;
only `cityhub/schema/__init__.py` merges what they declare.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cityhub.domains import declarations

if TYPE_CHECKING:
    from cityhub.schema.context import Info
    from cityhub.schema.figures import CityFigure
    from cityhub.schema.search import SearchSection

# (info, text, first) -> the domain's section of the site search
Searcher = Callable[["Info", str, int], Awaitable["SearchSection"]]
# (info) -> the domain's live figures for the city dashboard (the home page)
Figures = Callable[["Info"], Awaitable[list["CityFigure"]]]


@dataclass(frozen=True)
class SchemaDomain:
    queries: tuple[type, ...] = ()
    mutations: tuple[type, ...] = ()
    subscriptions: tuple[type, ...] = ()
    # Strawberry types whose fields join `Viewer` (e.g. the signed-in person's member
    # record); their resolvers read the viewer from info.context.
    viewer: tuple[type, ...] = ()
    search: Searcher | None = None
    figures: Figures | None = None


def installed() -> list[SchemaDomain]:
    found = declarations("schema")
    assert all(isinstance(d, SchemaDomain) for d in found)
    # Every one is (asserted above); the filter narrows the type.
    return [d for d in found if isinstance(d, SchemaDomain)]
