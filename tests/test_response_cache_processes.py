"""No stale answer across processes: two servers on one database, a write through one and
a read through the other at once, and a CLI write while a server runs (PostgreSQL:
NOTIFY from the tables' triggers; SQLite: PRAGMA data_version and the trigger counts)."""

from __future__ import annotations

import asyncio

import httpx

from cityhub.cache.http import CACHE_HEADER
from tests.cli_process import run_cli
from tests.helpers import PASSWORD, make_account, make_key
from tests.servers import other_server

NAME = "query($first: Int) { stations(first: $first) { nodes { id name } } }"
RENAME = """
mutation($input: UpdateStationInput!) {
  updateStation(input: $input) { station { name } userErrors { code } }
}
"""
SIGN_IN = "mutation($i: SignInInput!) { signIn(input: $i) { userErrors { code } } }"
ACCOUNTS = "{ accounts { totalCount } }"
ROUNDS = 20


async def first_station(http: httpx.AsyncClient) -> dict:
    response = await http.post("/graphql", json={"query": NAME, "variables": {"first": 1}})
    return response.json()["data"]["stations"]["nodes"][0] | {
        "cache": response.headers.get(CACHE_HEADER)
    }


async def test_a_write_through_one_server_is_seen_at_once_through_the_other(app, settings):
    key = await make_key("map app", "stations:write")
    with other_server(settings) as one, other_server(settings) as two:
        async with (
            httpx.AsyncClient(base_url=one) as writer,
            httpx.AsyncClient(base_url=two) as reader,
        ):
            station = await first_station(reader)
            stale, hits = 0, 0
            for round_ in range(ROUNDS):
                await first_station(reader)  # warm: the old name is kept in ``two``
                hits += (await first_station(reader))["cache"] == "hit"
                name = f"第{round_}次改名驿站"
                renamed = await writer.post(
                    "/graphql",
                    json={
                        "query": RENAME,
                        "variables": {"input": {"id": station["id"], "name": name}},
                    },
                    headers={"Authorization": f"Bearer {key}"},
                )
                assert renamed.json()["data"]["updateStation"]["userErrors"] == []
                seen = await asyncio.gather(first_station(reader), first_station(writer))
                stale += sum(answer["name"] != name for answer in seen)

    assert hits == ROUNDS, "the reader served the repeated read from its cache"
    assert stale == 0


async def test_a_cli_write_is_seen_at_once_by_a_running_server(app, settings):
    await make_account("cacheboss", "admin")
    with other_server(settings) as server:
        async with httpx.AsyncClient(base_url=server) as http:
            signed = {"i": {"username": "cacheboss", "password": PASSWORD}}
            await http.post("/graphql", json={"query": SIGN_IN, "variables": signed})
            before = (await http.post("/graphql", json={"query": ACCOUNTS})).json()
            again = await http.post("/graphql", json={"query": ACCOUNTS})

            made = await asyncio.to_thread(
                run_cli,
                settings,
                "create-user",
                "clinewcomer",
                "--role",
                "citizen",
                "--password",
                "a-long-password-1",
            )
            after = (await http.post("/graphql", json={"query": ACCOUNTS})).json()

    assert made.returncode == 0, made.stderr
    assert again.headers[CACHE_HEADER] == "hit"
    total = before["data"]["accounts"]["totalCount"]
    assert after["data"]["accounts"]["totalCount"] == total + 1
