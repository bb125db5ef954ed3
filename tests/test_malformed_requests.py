"""Malformed requests, one row each: a 400 or a coded GraphQL error, never a 500 or
INTERNAL_SERVER_ERROR, and nothing written (every table but the rate-limit counters is
compared before and after). Rows run on SQLite and PostgreSQL alike."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from tortoise import Tortoise

from tests.helpers import make_account, make_key, sign_in


@dataclass(frozen=True)
class Case:
    name: str
    status: int
    code: str | None  # the first error's extensions.code; None for a portal page
    query: str | None = None
    variables: dict[str, Any] | None = None
    body: bytes | None = None  # sent as is, application/json
    get: dict[str, str] | None = None  # GET /graphql with these parameters
    page: str | None = None  # a portal path
    shows: str | None = None  # text the portal page must show
    viewer: str = "anonymous"  # or staff, admin, key
    headers: dict[str, str] = field(default_factory=dict)


async def become(client: httpx.AsyncClient, viewer: str) -> dict[str, str]:
    """Sign the client in as ``viewer``; the headers its requests then carry."""
    if viewer in ("staff", "admin"):
        await make_account(viewer, "union_staff" if viewer == "staff" else "admin")
        await sign_in(client, viewer)
    if viewer == "key":
        return {"Authorization": f"Bearer {await make_key('partner', 'members:read')}"}
    return {}


async def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table except the rate-limit counters, in id order."""
    rows: dict[str, list[tuple]] = {}
    for app in Tortoise.apps.values():
        for name, model in sorted(app.items()):
            if name != "RateLimitEntry":
                ordered = model.all().order_by(model._meta.pk_attr)
                rows[name] = [tuple(r.values()) for r in await ordered.values()]
    return rows


async def send(client: httpx.AsyncClient, case: Case, headers: dict[str, str]) -> tuple:
    sent = {**headers, **case.headers}
    if case.page is not None:
        response = await client.get(case.page, headers=sent)
        assert case.shows is None or case.shows in response.text, response.text[-2000:]
        return response.status_code, None
    if case.body is not None:
        sent.setdefault("Content-Type", "application/json")
        response = await client.post("/graphql", content=case.body, headers=sent)
    elif case.get is not None:
        response = await client.get("/graphql", params=case.get, headers=sent)
    else:
        payload = {"query": case.query, "variables": case.variables}
        response = await client.post("/graphql", json=payload, headers=sent)
    errors = response.json().get("errors") or [{}]
    return response.status_code, errors[0].get("extensions", {}).get("code")


def gid(type_name: str, number: object) -> str:
    return base64.b64encode(f"{type_name}:{number}".encode()).decode()


def cursor(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode()


def nested(levels: int) -> bytes:
    return json.dumps({"query": "{ __typename }"}).encode()[:-1] + (
        b',"variables":{"a":' + b"[" * levels + b"]" * levels + b"}}"
    )


BAD = "BAD_USER_INPUT"
SUBSCRIPTION = "subscription { stationUpdated { id } }"

BODIES = [
    Case("body null", 400, BAD, body=b"null"),
    Case("body number", 400, BAD, body=b"123"),
    Case("body string", 400, BAD, body=b'"str"'),
    Case("body true", 400, BAD, body=b"true"),
    Case("body empty list (no batching)", 400, BAD, body=b"[]"),
    Case("body batch", 400, BAD, body=b'[{"query": "{ __typename }"}]'),
    Case("body not JSON", 400, BAD, body=b"{query"),
    Case("body empty", 400, BAD, body=b""),
    Case(
        "body invalid UTF-8",
        400,
        BAD,
        body=b'{"query": "{ stations(text: \\"\xff\\") { totalCount } }"}',
    ),
    Case("body lone surrogate byte", 400, BAD, body=b'{"query": "\xed\xa0\x80"}'),
    Case("body nested 3,000 levels", 400, BAD, body=nested(3000)),
    Case("body nested 100,000 levels", 400, BAD, body=b"[" * 100_000 + b"]" * 100_000),
    Case("query not a string", 400, BAD, body=b'{"query": 7}'),
    Case("variables not an object", 400, BAD, body=b'{"query": "{ __typename }", "variables": 1}'),
    Case("no query", 400, BAD, body=b"{}"),
    Case("GET variables not JSON", 400, BAD, get={"query": "{ __typename }", "variables": "{"}),
    Case("GET variables a number", 400, BAD, get={"query": "{ __typename }", "variables": "5"}),
    Case(
        "GET variables nested 3,000 levels",
        400,
        BAD,
        get={"query": "{ __typename }", "variables": '{"a":' + "[" * 3000 + "]" * 3000 + "}"},
    ),
]
SUBSCRIPTIONS = [
    Case("subscription over POST", 400, BAD, query=SUBSCRIPTION),
    Case("subscription over GET", 400, BAD, get={"query": SUBSCRIPTION}),
    Case(
        "subscription over POST, graphql-response+json",
        400,
        BAD,
        query=SUBSCRIPTION,
        headers={"Accept": "application/graphql-response+json"},
    ),
]
CASES = [*BODIES, *SUBSCRIPTIONS]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_malformed_request_is_refused_with_a_code(client, case: Case):
    headers = await become(client, case.viewer)
    before = await snapshot()

    found = await send(client, case, headers)

    assert found == (case.status, case.code)
    assert await snapshot() == before, "a refused request wrote to the database"


def test_the_table_covers_every_kind_of_malformed_input():
    assert len(CASES) >= 20
