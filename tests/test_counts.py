"""totalCount stays cheap at any table size: a count is kept until a write changes its
table, and the list itself never reads a whole table (the plans, on both databases)."""

from __future__ import annotations

import ast

from tortoise import connections

from tests.helpers import count_queries, gql, make_account, settle, sign_in, write_elsewhere
from tests.union.test_members import MEMBERS, REGISTER, VALID

LIST = "query($first: Int) { members(first: $first) { totalCount nodes { memberNo } } }"
STATIONS = "query($first: Int) { stations(first: $first) { totalCount nodes { id name } } }"


def counts(statements: list[str]) -> list[str]:
    return [s for s in statements if "COUNT(" in s.upper()]


async def staff(client) -> None:
    await make_account("countstaff", "union_staff")
    await sign_in(client, "countstaff")


async def test_a_count_is_asked_once_until_a_write_changes_its_table(app, client):
    app.state.response_cache.enabled = False  # the count itself, not a kept answer
    await staff(client)
    with count_queries() as first:
        before = await gql(client, LIST, {"first": 3})
    with count_queries() as second:
        again = await gql(client, LIST, {"first": 5})
    registered = await gql(client, REGISTER, {"input": VALID})
    with count_queries() as third:
        after = await gql(client, LIST, {"first": 3})

    total = before["data"]["members"]["totalCount"]
    assert counts(first.statements) and not counts(second.statements)
    assert again["data"]["members"]["totalCount"] == total
    assert registered["data"]["registerMember"]["userErrors"] == []
    assert counts(third.statements)
    assert after["data"]["members"]["totalCount"] == total + 1


async def test_a_write_by_another_connection_is_counted(app, client, settings):
    app.state.response_cache.enabled = False
    await staff(client)
    before = (await gql(client, LIST, {"first": 1}))["data"]["members"]["totalCount"]
    await write_elsewhere(settings, "DELETE FROM member WHERE member_no = ?", "TYDS0055")
    await settle(settings)

    after = (await gql(client, LIST, {"first": 1}))["data"]["members"]["totalCount"]

    assert after == before - 1


async def _sqlite_whole_reads(statements: list[str], tables: set[str]) -> list[str]:
    """Plan steps that read a whole table: a SCAN, unless it walks the table in its key's
    order and stops at the statement's LIMIT (no temporary B-tree to sort everything)."""
    connection = connections.get("default")
    found = []
    for statement in statements:
        sql, _, params = statement.rpartition(": [")
        sql = sql or statement
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        values = ast.literal_eval("[" + params) if params else []
        _, plan = await connection.execute_query("EXPLAIN QUERY PLAN " + sql, values)
        details = [step["detail"] for step in plan]
        sorts = any("TEMP B-TREE" in detail for detail in details)
        stops = " LIMIT " in sql.upper()
        for detail in details:
            words = detail.split()
            scan = words[:1] == ["SCAN"] and words[1] in tables and "INDEX" not in detail
            if scan and (sorts or not stops):
                found.append(f"{detail}  <- {sql[:120]}")
    return found


async def _postgres_seq_scans(statements: list[str], tables: set[str]) -> list[str]:
    """Plan steps that read a whole table when the planner may use an index instead (at
    60 rows PostgreSQL prefers reading the table; at 65,000 it must not need to)."""
    connection = connections.get("default")
    found = []
    async with connection._pool.acquire() as raw:
        await raw.execute("SET enable_seqscan = off")
        for statement in statements:
            sql, _, params = statement.rpartition(": [")
            sql = sql or statement
            if not sql.lstrip().upper().startswith("SELECT") or "COUNT(" in sql.upper():
                continue
            values = ast.literal_eval("[" + params) if params else []
            for (line,) in await raw.fetch("EXPLAIN " + sql, *values):
                if "Seq Scan" in line and any(f" {t} " in f"{line} " for t in tables):
                    found.append(f"{line}  <- {sql[:120]}")
        await raw.execute("RESET enable_seqscan")
    return found


async def test_the_members_and_stations_lists_never_read_a_whole_table(app, client, settings):
    app.state.response_cache.enabled = False
    await staff(client)
    with count_queries() as counter:
        await gql(client, MEMBERS, {"first": 20})
        await gql(client, STATIONS, {"first": 20})
    lists = [s for s in counter.statements if "COUNT(" not in s.upper()]

    tables = {"member", "station", "fleet", "district"}
    if settings.is_sqlite:
        assert await _sqlite_whole_reads(lists, tables) == []
    else:
        assert await _postgres_seq_scans(lists, tables) == []
