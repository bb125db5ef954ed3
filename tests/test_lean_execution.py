"""The lean execution of plain fields answers exactly as graphql-core does, errors included.

Each case runs the same document on one schema twice: with cityhub's execution context
and with strawberry's own, and compares data, errors (message, path, locations) and the
order of keys.
"""

from __future__ import annotations

import asyncio
import enum
import json
from typing import Any

import pytest
import strawberry
from strawberry import relay
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from cityhub.schema.execution import LeanExecutionContext


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Point:
    lat: float
    lng: float


@strawberry.type
class Tag:
    name: str


@strawberry.type
class Thing(relay.Node):
    id: relay.NodeID[int]
    name: str
    note: str | None
    colour: Colour
    colours: list[Colour]
    maybe_colours: list[Colour | None] | None
    point: Point
    maybe_point: Point | None
    tags: list[Tag]
    maybe_tags: list[Tag | None] | None
    count: int

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return f"later {self.name}"

    @strawberry.field
    async def broken(self) -> str:
        raise ValueError("broken on purpose")


@strawberry.type
class Other:
    name: str


def thing(pk: int, **changes: Any) -> Thing:
    values: dict[str, Any] = {
        "id": pk,
        "name": f"thing {pk}",
        "note": None,
        "colour": Colour.RED,
        "colours": [Colour.RED, Colour.BLUE],
        "maybe_colours": [Colour.BLUE, None],
        "point": Point(lat=37.87, lng=112.55),
        "maybe_point": None,
        "tags": [Tag(name="a"), Tag(name="b")],
        "maybe_tags": None,
        "count": pk,
    }
    values.update(changes)
    return Thing(**values)


CASES: dict[str, list[Any]] = {
    "plain": [thing(1), thing(2)],
    "null in a non-null leaf": [thing(1, name=None), thing(2)],
    "null in a non-null enum list": [thing(1, colours=[Colour.RED, None])],
    "not an enum value": [thing(1, colour="green")],
    "not an int": [thing(1, count="many")],
    "a list that is not a list": [thing(1, colours="RED")],
    "null object in a non-null field": [thing(1, point=None)],
    "a wrong object in a field": [thing(1, point=Other(name="x"))],
    "null in a non-null object list": [thing(1, tags=[Tag(name="a"), None])],
    "nulls in a nullable object list": [thing(1, maybe_tags=[None, Tag(name="c")])],
    "a nested null": [thing(1, tags=[Tag(name=None)])],
    "a nested null in a nullable list": [thing(1, maybe_tags=[Tag(name=None), Tag(name="d")])],
    "a missing attribute": [Other(name="not a thing")],
}

DOCUMENTS = [
    "{ things { id name note colour colours maybeColours point { lat lng } maybePoint { lat }"
    " tags { name } maybeTags { name } count } }",
    "{ things { later name tags { name } } }",
    "{ things { broken } }",
    "{ things { point { lng lat } alias: name name } }",
    "{ things { name @include(if: false) colour @skip(if: false)"
    " point @include(if: true) { lat } } }",
    "{ things { ... on Thing { name maybeTags { name } } ...F } } fragment F on Thing { count }",
    "{ things { __typename id } }",
]


def schema(execution_context_class: type | None, items: list[Any]) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def things(self) -> list[Thing]:
            return items

    return strawberry.Schema(
        query=Query, types=[Other], execution_context_class=execution_context_class
    )


def answer(result: Any) -> str:
    errors = [
        {"message": e.message, "path": e.path, "locations": [tuple(x) for x in e.locations or []]}
        for e in result.errors or []
    ]
    errors.sort(key=lambda e: json.dumps(e["path"]))
    return json.dumps({"data": result.data, "errors": errors}, ensure_ascii=False)


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("case", list(CASES))
async def test_same_answer_as_graphql_core(case: str, document: str):
    items = CASES[case]
    lean = await schema(LeanExecutionContext, items).execute(document)
    core = await schema(StrawberryGraphQLCoreExecutionContext, items).execute(document)
    assert answer(lean) == answer(core)


async def test_plain_fields_skip_the_resolver_path():
    """The lean path is taken: graphql-core's execute_field runs only for the fields that
    need it (the list itself and the resolver field), not for each plain field."""
    calls: list[str] = []

    class Counting(LeanExecutionContext):
        def execute_field(self, parent_type, source, field_details_list, path, position_context):
            calls.append(field_details_list[0].node.name.value)
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )

    document = "{ things { id name colours point { lat } tags { name } later } }"
    result = await schema(Counting, [thing(1), thing(2), thing(3)]).execute(document)
    assert result.errors is None
    assert sorted(calls) == ["later", "later", "later", "things"]
