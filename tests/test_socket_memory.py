"""Closed subscriptions give their memory back: the bus forgets them and the Python heap
returns to about where it was before they opened (tracemalloc; no timing)."""

from __future__ import annotations

import contextlib
import gc
import time
import tracemalloc

import pytest
from starlette.testclient import TestClient

from cityhub import events
from cityhub.app import create_app
from cityhub.resolvers.union.stations import STATION_UPDATED
from tests.conftest import make_settings

SUBSCRIBE = 'subscription { stationUpdated(id: "U3RhdGlvbjox") { id name amenities } }'
SOCKETS, EACH = 8, 40


@pytest.fixture
def live(database_url, tmp_path):
    settings = make_settings(
        database_url,
        tmp_path,
        CITYHUB_WS_SUBSCRIPTIONS_PER_CONNECTION=str(EACH),
        CITYHUB_WS_SUBSCRIPTIONS_PER_VIEWER=str(SOCKETS * EACH),
    )
    with TestClient(create_app(settings)) as client:
        yield client


async def _listening() -> int:
    return events.subscriber_count(STATION_UPDATED)


def _wait(client, until, seconds=20.0):
    deadline = time.monotonic() + seconds
    while not until() and time.monotonic() < deadline:
        time.sleep(0.05)
    return until()


def _open(client, stack, count):
    for _ in range(count):
        ws = stack.enter_context(
            client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"])
        )
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        for number in range(EACH):
            payload = {"query": SUBSCRIBE}
            ws.send_json({"id": str(number), "type": "subscribe", "payload": payload})
    assert _wait(client, lambda: client.portal.call(_listening) == count * EACH)


def _traced() -> int:
    return tracemalloc.get_traced_memory()[0]


def test_closed_subscriptions_leave_no_subscribers_and_give_their_memory_back(live):
    with contextlib.ExitStack() as stack:  # once, so caches and first-use costs are paid
        _open(live, stack, 1)
    tracemalloc.start()
    try:
        _wait(live, lambda: False, seconds=1.5)
        gc.collect()  # the test's own garbage, before the baseline
        baseline = _traced()
        with contextlib.ExitStack() as stack:
            _open(live, stack, SOCKETS)
            held = _traced() - baseline
        assert _wait(live, lambda: live.portal.call(_listening) == 0)
        returned = _wait(live, lambda: _traced() - baseline < held / 10)
        left = _traced() - baseline
    finally:
        tracemalloc.stop()

    assert held > 1_000_000  # 320 subscriptions: about 18 KB each while open
    assert returned, f"{left} of {held} bytes still held after the sockets closed"
