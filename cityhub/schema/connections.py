"""Relay conventions: cursor connections with a bounded `first`, and page info."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.relay.types import GlobalIDValueError

from cityhub.resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, row_id
from cityhub.schema.inputs import at_most, max_length

T = TypeVar("T")

FIRST_DESCRIPTION = (
    f"How many to return: {DEFAULT_PAGE_SIZE} when omitted, at most {MAX_PAGE_SIZE}."
)
AFTER_DESCRIPTION = "Return items after this cursor (from pageInfo.endCursor)."
First = Annotated[int | None, strawberry.argument(description=FIRST_DESCRIPTION)]
After = Annotated[
    str | None, strawberry.argument(description=AFTER_DESCRIPTION, directives=max_length(200))
]


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item; pass as `after`."
    )


@strawberry.type(description="An item and its cursor.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque position of the item in the list.")


@strawberry.type(description="One page of a list, with cursors to fetch the next.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items with their cursors.")
    nodes: list[T] = strawberry.field(description="The items alone, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more pages exist, and cursors.")
    _count: strawberry.Private[Callable[[], Awaitable[int]]]
    _sample_count: strawberry.Private[Callable[[], Awaitable[int]] | None] = None

    @strawberry.field(description="How many items match, across all pages.")
    async def total_count(self) -> int:
        return await self._count()

    @strawberry.field(
        description="Of totalCount, how many are sample data (示例, isSample), across all "
        "pages; null for lists whose items are never sample data."
    )
    async def sample_count(self) -> int | None:
        return await self._sample_count() if self._sample_count else None


def node_pk(global_id: relay.GlobalID, type_name: str) -> int | None:
    """The database id inside a global ID of ``type_name``, or None if it is not one; a
    number no id column holds is BAD_USER_INPUT (pagination.row_id)."""
    if global_id.type_name != type_name:
        return None
    return row_id(global_id.node_id)


def node_pks(node_ids: Iterable[str]) -> list[int | None]:
    """Database ids from the node ids strawberry passes to ``resolve_nodes``."""
    return [row_id(n) for n in node_ids]


async def resolve_global_ids(info: Any, ids: list[relay.GlobalID]) -> list[relay.Node | None]:
    """Objects for global IDs in order, one batch per type; unknown types give null."""
    at_most(ids, MAX_PAGE_SIZE, "TOO_MANY_IDS")
    found: dict[tuple[str, str], relay.Node | None] = {}
    for type_name in dict.fromkeys(i.type_name for i in ids):
        try:
            node_type = relay.GlobalID(type_name, "0").resolve_type(info)
        except GlobalIDValueError:
            continue
        wanted = list(dict.fromkeys(i.node_id for i in ids if i.type_name == type_name))
        resolving = node_type.resolve_nodes(info=info, node_ids=wanted)
        assert inspect.isawaitable(resolving), f"{type_name}.resolve_nodes is async"
        nodes = await resolving
        found.update(((type_name, n), node) for n, node in zip(wanted, nodes, strict=True))
    return [found.get((i.type_name, i.node_id)) for i in ids]


def connection(page: Page, nodes: list[T]) -> Connection[T]:
    """Wrap a resolver's page with the schema objects built from its rows, in order."""
    return Connection(
        edges=[Edge(node=n, cursor=c) for n, c in zip(nodes, page.cursors, strict=True)],
        nodes=nodes,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        _count=page.count,
        _sample_count=page.sample_count,
    )


def selects(info: Any, *names: str) -> bool:
    """Whether the current field's selection asks, at any depth, for one of ``names``
    (GraphQL names): lists load a relation for all their items only when it is wanted."""
    wanted = set(names)
    pending = list(info.selected_fields)
    while pending:
        node = pending.pop()
        if getattr(node, "name", None) in wanted:
            return True
        pending.extend(getattr(node, "selections", None) or ())
    return False


async def nodes_of(info: Any, type_name: str, pks: list[int]) -> list[Any]:
    """Objects of the Node type named ``type_name`` by database id, in order (None where
    unknown or not the viewer's to see), through that type's own `resolve_nodes`: a type
    refers to another without importing its module (GraphQL types refer in circles)."""
    node_type = relay.GlobalID(type_name, "0").resolve_type(info)
    resolving = node_type.resolve_nodes(info=info, node_ids=[str(pk) for pk in pks])
    assert inspect.isawaitable(resolving), f"{type_name}.resolve_nodes is async"
    return list(await resolving)
