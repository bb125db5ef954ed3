"""Revoking an API key or ending a session closes its open WebSockets (code 4403) and stops
their subscriptions: in the process that revoked, from the CLI in another process, and in
another server on the same PostgreSQL."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import time
from datetime import timedelta

import httpx
import pytest
import uvicorn
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from cityhub import clock, events
from cityhub.app import create_app
from cityhub.resolvers import accounts
from cityhub.resolvers.union.stations import STATION_UPDATED
from tests.cli_process import run_cli
from tests.conftest import SERVER_URL, make_settings
from tests.helpers import PASSWORD, count_queries, make_account
from tests.servers import other_server

PROTOCOL = ["graphql-transport-ws"]
MEMBERS = "{ members(first: 1) { nodes { name phone } } }"
ME = "{ me { username } }"
SUBSCRIBE = "subscription { stationUpdated { id } }"
SIGN_IN = "mutation($i: SignInInput!) { signIn(input: $i) { userErrors { code } } }"
END = "mutation($i: EndAccountSessionsInput!) { endAccountSessions(input: $i) { endedSessions } }"
REVOKE = "mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { revokedAt } } }"


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


@contextlib.asynccontextmanager
async def live_app(database_url, tmp_path, recheck: str):
    """The app served by uvicorn on this event loop; yields (app, ws URL, HTTP client)."""
    settings = make_settings(database_url, tmp_path, CITYHUB_SOCKET_RECHECK_SECONDS=recheck)
    app = create_app(settings)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", ws="websockets-sansio"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(1000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            yield settings, f"ws://127.0.0.1:{port}/graphql", http
    finally:
        server.should_exit = True
        await task


async def send(ws, message: dict) -> None:
    await ws.send(json.dumps(message))


async def receive(ws) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), 10))


async def opened(ws, payload: dict | None = None) -> None:
    """connection_init, a query that answers, and a subscription that listens."""
    await send(ws, {"type": "connection_init", "payload": payload or {}})
    assert (await receive(ws))["type"] == "connection_ack"
    query = MEMBERS if payload else ME
    await send(ws, {"id": "q", "type": "subscribe", "payload": {"query": query}})
    answer = await receive(ws)
    assert answer["type"] == "next" and "errors" not in answer["payload"], answer
    assert (await receive(ws))["type"] == "complete"
    await send(ws, {"id": "s", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
    for _ in range(500):
        if events.subscriber_count(STATION_UPDATED):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the subscription never started listening")


async def closed_code(ws) -> int:
    try:
        while True:
            await asyncio.wait_for(ws.recv(), 15)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else -1


async def subscriptions_stop() -> bool:
    for _ in range(200):
        if not events.subscriber_count(STATION_UPDATED):
            return True
        await asyncio.sleep(0.01)
    return False


async def test_revoking_a_key_from_the_cli_closes_its_socket(database_url, tmp_path):
    async with live_app(database_url, tmp_path, recheck="0.5") as (settings, url, _):
        _, key = await accounts.create_api_key("partner", ["members:read"])
        async with connect(url, subprotocols=PROTOCOL) as ws:
            await opened(ws, {"Authorization": f"Bearer {key}"})

            revoked = await asyncio.to_thread(run_cli, settings, "revoke-api-key", "partner")
            started = time.monotonic()
            code = await closed_code(ws)
            waited = time.monotonic() - started

        assert revoked.returncode == 0, revoked.stderr
        assert code == 4403
        assert waited < 3, f"closed {waited:.2f} s after the CLI finished"
        assert await subscriptions_stop()


async def test_ending_a_session_closes_its_socket_at_once(database_url, tmp_path):
    # The recheck is an hour away: the event on the bus closes the socket.
    async with live_app(database_url, tmp_path, recheck="3600") as (_, url, http):
        target = await make_account("clerk", "union_staff")
        await make_account("boss", "admin")
        signed = {"i": {"username": "clerk", "password": PASSWORD}}
        await http.post("/graphql", json={"query": SIGN_IN, "variables": signed})
        cookie = f"cityhub_session={http.cookies['cityhub_session']}"
        http.cookies.clear()
        admin = {"i": {"username": "boss", "password": PASSWORD}}
        await http.post("/graphql", json={"query": SIGN_IN, "variables": admin})
        async with connect(url, subprotocols=PROTOCOL, additional_headers={"Cookie": cookie}) as ws:
            await opened(ws)

            ending = {"i": {"account": global_id("Account", target["id"])}}
            started = time.monotonic()
            ended = await http.post("/graphql", json={"query": END, "variables": ending})
            code = await closed_code(ws)
            waited = time.monotonic() - started

        assert ended.json()["data"]["endAccountSessions"]["endedSessions"] == 1
        assert code == 4403
        assert waited < 1
        assert await subscriptions_stop()


async def test_an_anonymous_socket_is_not_closed_by_a_revocation(database_url, tmp_path):
    async with live_app(database_url, tmp_path, recheck="0.2") as (settings, url, _):
        await accounts.create_api_key("partner", [])
        async with connect(url, subprotocols=PROTOCOL) as ws:
            await send(ws, {"type": "connection_init"})
            assert (await receive(ws))["type"] == "connection_ack"
            await asyncio.to_thread(run_cli, settings, "revoke-api-key", "partner")
            await asyncio.sleep(0.5)
            await send(ws, {"id": "1", "type": "subscribe", "payload": {"query": "{ __typename }"}})

            assert (await receive(ws))["type"] == "next"


@pytest.mark.skipif(not SERVER_URL, reason="NOTIFY between servers needs PostgreSQL")
async def test_a_key_revoked_on_one_server_closes_its_socket_on_another(database_url, tmp_path):
    async with live_app(database_url, tmp_path, recheck="3600") as (settings, url, _):
        row, key = await accounts.create_api_key("partner", ["members:read"])
        await make_account("boss", "admin")
        with other_server(settings) as other:
            async with (
                httpx.AsyncClient(base_url=other) as http,
                connect(url, subprotocols=PROTOCOL) as ws,
            ):
                await opened(ws, {"Authorization": f"Bearer {key}"})
                admin = {"i": {"username": "boss", "password": PASSWORD}}
                await http.post("/graphql", json={"query": SIGN_IN, "variables": admin})

                revoking = {"i": {"id": global_id("ApiKey", row["id"])}}
                started = time.monotonic()
                revoked = await http.post("/graphql", json={"query": REVOKE, "variables": revoking})
                code = await closed_code(ws)
                waited = time.monotonic() - started

    assert revoked.json()["data"]["revokeApiKey"]["apiKey"]["revokedAt"]
    assert code == 4403
    assert waited < 1, f"closed {waited:.2f} s after the other server revoked the key"
    assert await subscriptions_stop()


async def test_the_recheck_asks_once_per_interval_for_all_sockets(database_url, tmp_path):
    async with live_app(database_url, tmp_path, recheck="0.25") as (_, url, _):
        keys = [(await accounts.create_api_key(f"p{n}", []))[1] for n in range(3)]
        async with contextlib.AsyncExitStack() as stack:
            for key in keys:
                ws = await stack.enter_async_context(connect(url, subprotocols=PROTOCOL))
                await send(
                    ws, {"type": "connection_init", "payload": {"Authorization": f"Bearer {key}"}}
                )
                assert (await receive(ws))["type"] == "connection_ack"
            with count_queries() as counter:
                await asyncio.sleep(1.1)

    rechecks = [s for s in counter.statements if 'FROM "api_key"' in s and " IN (" in s]
    assert 3 <= len(rechecks) <= 5, rechecks  # about one per 0.25 s, not one per socket
    params = [s.rsplit(": [", 1)[1] for s in rechecks]
    assert all(p.count(",") == 2 for p in params), "each asks about the three keys at once"


async def test_a_session_socket_closes_once_its_session_is_idle_too_long(
    database_url, tmp_path, monkeypatch
):
    async with live_app(database_url, tmp_path, recheck="0.25") as (_, url, http):
        await make_account("clerk", "union_staff")
        signed = {"i": {"username": "clerk", "password": PASSWORD}}
        await http.post("/graphql", json={"query": SIGN_IN, "variables": signed})
        cookie = f"cityhub_session={http.cookies['cityhub_session']}"
        async with connect(url, subprotocols=PROTOCOL, additional_headers={"Cookie": cookie}) as ws:
            await opened(ws)

            moment = clock.now() + timedelta(minutes=61)
            monkeypatch.setattr(clock, "now", lambda: moment)
            code = await closed_code(ws)

    assert code == 4403
    assert await subscriptions_stop()
