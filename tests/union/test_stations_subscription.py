"""Live station updates over WebSocket (graphql-transport-ws)."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from cityhub import events
from cityhub.app import create_app
from cityhub.resolvers import accounts
from cityhub.resolvers.union.stations import STATION_UPDATED
from tests.helpers import count_queries

SUBSCRIBE = "subscription($id: ID) { stationUpdated(id: $id) { id name } }"
UPDATE = """
mutation($input: UpdateStationInput!) { updateStation(input: $input) { userErrors { code } } }
"""
FIRST_STATION = "U3RhdGlvbjox"  # Station:1
# Reads of the station and its relations (not the key check or the rate limit's rows).
STATION_TABLES = ('"station"', '"district"', '"station_amenity"', '"station_hours"')
SECOND_STATION = "U3RhdGlvbjoy"  # Station:2


@pytest.fixture
def live(settings):
    with TestClient(create_app(settings)) as client:
        key = client.portal.call(accounts.create_api_key, "editor", ["stations:write"])[1]
        yield client, {"Authorization": f"Bearer {key}"}


def _subscribe(ws, variables):
    ws.send_json({"type": "connection_init"})
    assert ws.receive_json()["type"] == "connection_ack"
    ws.send_json(
        {"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE, "variables": variables}}
    )


def _wait_until_listening(client):
    for _ in range(200):
        if client.portal.call(_listening):
            return
        time.sleep(0.01)
    raise AssertionError("the subscription never started listening")


async def _listening() -> bool:
    return events.subscriber_count(STATION_UPDATED) > 0


def test_a_subscriber_hears_each_change_to_the_station_it_follows(live):
    client, editor = live
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        _subscribe(ws, {"id": FIRST_STATION})
        _wait_until_listening(client)

        other = {"input": {"id": SECOND_STATION, "name": "不关注的驿站"}}
        followed = {"input": {"id": FIRST_STATION, "name": "电子街驿站（新）"}}
        client.post("/graphql", json={"query": UPDATE, "variables": other}, headers=editor)
        client.post("/graphql", json={"query": UPDATE, "variables": followed}, headers=editor)
        message = ws.receive_json()

        assert message["type"] == "next"
        assert message["payload"]["data"]["stationUpdated"] == {
            "id": FIRST_STATION,
            "name": "电子街驿站（新）",
        }
        ws.send_json({"id": "1", "type": "complete"})


def test_a_websocket_from_a_foreign_origin_is_refused(live):
    client, _ = live
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect(
            "/graphql",
            subprotocols=["graphql-transport-ws"],
            headers={"Origin": "https://evil.example"},
        ) as ws,
    ):
        ws.receive_json()


def test_a_bad_key_in_connection_init_is_refused(live):
    client, _ = live
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"Authorization": "Bearer nope"}})

        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()

    assert closed.value.code == 4403


def _follow(client, ws, followers):
    ws.send_json({"type": "connection_init"})
    assert ws.receive_json()["type"] == "connection_ack"
    for number in range(followers):
        payload = {"query": SUBSCRIBE, "variables": {"id": FIRST_STATION}}
        ws.send_json({"id": str(number), "type": "subscribe", "payload": payload})
    for _ in range(200):
        if client.portal.call(_count) == followers:
            return
        time.sleep(0.01)
    raise AssertionError(f"{followers} subscriptions never all started listening")


async def _count() -> int:
    return events.subscriber_count(STATION_UPDATED)


def test_a_change_is_read_once_however_many_follow_it(live):
    client, editor = live
    statements = []
    for followers in (1, 10):
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            _follow(client, ws, followers)
            change = {"input": {"id": FIRST_STATION, "name": f"电子街驿站 {followers}"}}
            with count_queries() as queries:
                client.post("/graphql", json={"query": UPDATE, "variables": change}, headers=editor)
                heard = [ws.receive_json() for _ in range(followers)]
            statements.append(
                [s for s in queries.statements if any(f"FROM {t}" in s for t in STATION_TABLES)]
            )

        assert [m["payload"]["data"]["stationUpdated"]["name"] for m in heard] == [
            f"电子街驿站 {followers}"
        ] * followers

    assert len(statements[0]) == len(statements[1]) > 0
