"""Caps on GraphQL WebSockets: subscriptions per connection and per viewer, sockets per
client address; each refusal coded, each count released when its subscription ends."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from cityhub.app import create_app
from cityhub.settings import SettingsError, load_settings
from tests.conftest import make_settings
from tests.helpers import make_key

SUBSCRIBE = "subscription { stationUpdated { id } }"
PROTOCOL = ["graphql-transport-ws"]


@pytest.fixture
def capped(database_url, tmp_path):
    settings = make_settings(
        database_url,
        tmp_path,
        CITYHUB_WS_SUBSCRIPTIONS_PER_CONNECTION="2",
        CITYHUB_WS_SUBSCRIPTIONS_PER_VIEWER="3",
        CITYHUB_WS_CONNECTIONS_PER_ADDRESS="2",
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _connect(ws, payload=None):
    ws.send_json({"type": "connection_init", "payload": payload or {}})
    assert ws.receive_json()["type"] == "connection_ack"


def _subscribe(ws, *ids):
    for number in ids:
        ws.send_json({"id": number, "type": "subscribe", "payload": {"query": SUBSCRIBE}})


def _quiet(ws):
    """Nothing was refused: the answer to a ping comes next."""
    ws.send_json({"type": "ping"})
    assert ws.receive_json() == {"type": "pong"}


def _refusal(ws, number):
    message = ws.receive_json()
    assert message["type"] == "error" and message["id"] == number
    (error,) = message["payload"]
    return error


def test_a_subscription_over_the_connection_s_cap_is_refused_and_the_socket_goes_on(capped):
    with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        _connect(ws)
        _subscribe(ws, "1", "2", "3")
        error = _refusal(ws, "3")
        ws.send_json({"id": "1", "type": "complete"})
        _subscribe(ws, "4")
        _quiet(ws)

    assert error["extensions"] == {"code": "TOO_MANY_SUBSCRIPTIONS", "limit": 2}
    assert "2" in error["message"]


def test_a_viewer_s_subscriptions_are_capped_across_its_sockets_until_they_close(capped):
    with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as first:
        _connect(first)
        _subscribe(first, "1", "2")
        _quiet(first)
        with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as second:
            _connect(second)
            _subscribe(second, "1", "2")
            error = _refusal(second, "2")
    with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as again:
        _connect(again)
        _subscribe(again, "1", "2")
        _quiet(again)

    assert error["extensions"] == {"code": "TOO_MANY_SUBSCRIPTIONS", "limit": 3}


def test_a_key_is_counted_apart_from_the_anonymous_visitors_of_its_address(capped):
    key = capped.portal.call(make_key, "watcher", "stations:write")
    with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as anonymous:
        _connect(anonymous)
        _subscribe(anonymous, "1", "2")
        with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as keyed:
            _connect(keyed, {"Authorization": f"Bearer {key}"})
            _subscribe(keyed, "1", "2")
            _quiet(keyed)


def test_a_socket_over_the_address_s_cap_is_closed_before_it_can_subscribe(capped):
    with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as first:
        _connect(first)
        with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as second:
            _connect(second)
            with (
                pytest.raises(WebSocketDisconnect) as closed,
                capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as third,
            ):
                third.receive_json()
        with capped.websocket_connect("/graphql", subprotocols=PROTOCOL) as after:
            _connect(after)
            _subscribe(after, "1")
            _quiet(after)

    assert closed.value.code == 4429


def test_the_legacy_graphql_ws_protocol_is_not_spoken(capped):
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        capped.websocket_connect("/graphql", subprotocols=["graphql-ws"]) as ws,
    ):
        ws.receive_json()

    assert closed.value.code == 4406


@pytest.mark.parametrize(
    "variable",
    [
        "CITYHUB_WS_SUBSCRIPTIONS_PER_CONNECTION",
        "CITYHUB_WS_SUBSCRIPTIONS_PER_VIEWER",
        "CITYHUB_WS_CONNECTIONS_PER_ADDRESS",
    ],
)
def test_a_socket_cap_below_one_is_refused(variable):
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: "0"}).check()
