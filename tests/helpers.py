"""Helpers for tests that speak to CityHub through its public surfaces."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from typing import Any

import httpx
from tortoise import connections

from cityhub.resolvers import accounts

PASSWORD = "correct horse battery"
TEST_HASHING = "fast"  # CITYHUB_PASSWORD_HASHING in tests: argon2 at its lowest cost


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST a GraphQL document; returns the decoded body (data and/or errors)."""
    sent = dict(headers or {})
    if key:
        sent["Authorization"] = f"Bearer {key}"
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=sent
    )
    assert response.status_code in (200, 400), response.text
    return response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


async def make_account(username: str, *roles: str, phone: str | None = None) -> dict:
    # Made without an app (a browser test makes its account before the live server starts),
    # so set the cost the tests' settings ask for (tests/conftest.py make_settings) here too.
    accounts.configure_hashing(TEST_HASHING)
    return await accounts.create_account(username, PASSWORD, list(roles), username.title(), phone)


async def make_key(name: str, *scopes: str) -> str:
    _, raw_key = await accounts.create_api_key(name, list(scopes))
    return raw_key


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


async def sign_in(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> None:
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 303, response.text


class QueryCounter(logging.Handler):
    """Counts the SQL statements Tortoise sends while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries():
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)


def forget_kept_answers(client: httpx.AsyncClient) -> None:
    """Drop what the app behind ``client`` keeps (answers, counts)."""
    app = getattr(client._transport, "app", None)
    cache = getattr(getattr(app, "state", None), "response_cache", None)
    if cache is not None:
        cache.store.clear()
        cache.versions.counts.clear()


async def count_statements(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **kw: Any
) -> tuple[int, dict[str, Any]]:
    """One GraphQL request: the SQL statements it sent, and its data (it must not fail).
    Query-count tests pin this number for a short and a long list, as computed afresh:
    nothing kept by the response cache or the count cache answers it."""
    forget_kept_answers(client)
    with count_queries() as counter:
        body = await gql(client, query, variables, **kw)
    assert "errors" not in body, body["errors"]
    return counter.count, body["data"]


async def full_scans(statements: list[str], tables: set[str]) -> list[str]:
    """SQLite's plan steps that read every row of one of ``tables``, for logged statements
    (``SQL: [params]``, as Tortoise logs them)."""
    import ast

    from tortoise import connections

    found = []
    connection = connections.get("default")
    for statement in statements:
        sql, _, params = statement.rpartition(": [")
        sql = sql or statement
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        try:
            values = ast.literal_eval("[" + params) if params else []
        except ValueError:  # datetimes: the plan does not depend on the values
            values = [None] * sql.count("?")
        _, plan = await connection.execute_query("EXPLAIN QUERY PLAN " + sql, values)
        for step in plan:
            detail = step["detail"]
            words = detail.split()
            if words[:1] == ["SCAN"] and words[1] in tables and "INDEX" not in detail:
                found.append(f"{detail}  <- {sql[:120]}")
    return found


async def write_elsewhere(settings, sql: str, *values: object) -> None:
    """Write as the CLI or a second server would: through a connection of its own."""
    if settings.is_sqlite:
        import sqlite3

        with sqlite3.connect(settings.database_url.removeprefix("sqlite://")) as other:
            other.execute(sql, values)
        return
    import asyncpg

    other = await asyncpg.connect(settings.database_url)
    try:
        numbered = sql
        for index in range(1, len(values) + 1):
            numbered = numbered.replace("?", f"${index}", 1)
        await other.execute(numbered, *values)
    finally:
        await other.close()


async def settle(settings) -> None:
    """PostgreSQL delivers NOTIFY asynchronously, in commit order: send a marker after the
    write and wait until this process's listener has read it (so the write's, too)."""
    if settings.is_sqlite:
        return
    import asyncio
    import uuid

    from cityhub.cache import clients
    from cityhub.cache.triggers import CHANNEL

    marker = f"settle-{uuid.uuid4().hex}"
    await connections.get("default").execute_query("SELECT pg_notify($1, $2)", [CHANNEL, marker])
    for _ in range(500):
        if clients.VERSIONS.deps([marker])[1][0][1]:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the response cache's listener did not hear the marker in 5 s")
