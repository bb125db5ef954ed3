"""Documents over a WebSocket that cannot be parsed: a coded `error` message each, as over
HTTP, and the socket goes on."""

from __future__ import annotations

import logging

import pytest
from starlette.testclient import TestClient

from cityhub.app import create_app
from tests.conftest import make_settings

PROTOCOL = ["graphql-transport-ws"]
TOO_LONG = "subscription { stationUpdated { id } }" + " " * 300
TOO_MANY_TOKENS = "subscription { stationUpdated { " + "id " * 48 + "} }"
MALFORMED = "subscription { stationUpdated { id }"


@pytest.fixture
def limited(database_url, tmp_path):
    settings = make_settings(
        database_url,
        tmp_path,
        CITYHUB_GRAPHQL_MAX_DOCUMENT_LENGTH="200",
        CITYHUB_GRAPHQL_MAX_TOKENS="50",
    )
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (TOO_LONG, "DOCUMENT_TOO_LARGE"),
        (TOO_MANY_TOKENS, "TOO_MANY_TOKENS"),
        (MALFORMED, "GRAPHQL_PARSE_FAILED"),
    ],
)
def test_a_document_that_cannot_be_parsed_gets_a_coded_error_message(
    limited, caplog, document, code
):
    caplog.set_level(logging.ERROR)
    with limited.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws:
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": document}})
        answer = ws.receive_json()
        ws.send_json({"type": "ping"})
        after = ws.receive_json()

    assert answer["type"] == "error" and answer["id"] == "1"
    assert [e["extensions"]["code"] for e in answer["payload"]] == [code]
    assert after == {"type": "pong"}
    assert "Exception in worker task" not in caplog.text


def test_an_oversize_document_over_http_keeps_its_code(limited):
    answer = limited.post("/graphql", json={"query": TOO_LONG.replace("subscription", "query")})

    assert answer.json()["errors"][0]["extensions"]["code"] == "DOCUMENT_TOO_LARGE"
