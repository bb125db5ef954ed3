"""One pooled PostgreSQL connection per request for its reads, and no request ever holds
it while it waits for another (a transaction): more requests at once than the pool has
connections, each reading and then writing, all finish."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import SERVER_URL
from tests.helpers import gql, make_key

STATIONS = "{ stations(first: 2) { nodes { id } } }"
# The first field's answer reads (the pinned connection); the second opens a transaction.
TWICE = """
mutation($a: UpdateStationInput!, $b: UpdateStationInput!) {
  first: updateStation(input: $a) { station { name } userErrors { code } }
  second: updateStation(input: $b) { station { name } userErrors { code } }
}
"""


@pytest.mark.skipif(not SERVER_URL, reason="the pool is PostgreSQL's")
async def test_more_writers_than_pooled_connections_all_finish(client):
    key = await make_key("map app", "stations:write")
    first, second = (await gql(client, STATIONS))["data"]["stations"]["nodes"]

    async def rename(n: int) -> dict:
        names = {
            "a": {"id": first["id"], "name": f"甲{n}驿站"},
            "b": {"id": second["id"], "name": f"乙{n}驿站"},
        }
        return await gql(client, TWICE, names, key=key)

    answers = await asyncio.wait_for(asyncio.gather(*(rename(n) for n in range(12))), 60)

    assert all(a["data"]["second"]["userErrors"] == [] for a in answers), answers[0]
