"""Bad broadcasts through GraphQL: every bad text, request key or segment is a clear
error, and nothing is written."""

from __future__ import annotations

import pytest

from tests.helpers import codes, gql
from tests.union.test_broadcasts import SEND, send_input, staff, written


async def test_a_request_key_reused_for_another_broadcast_is_refused(client):
    await staff(client)
    await gql(client, SEND, send_input())

    other_text = await gql(client, SEND, send_input(text="另一条通知"))
    other_segment = await gql(client, SEND, send_input({"kind": "FLEET", "fleet": "platform-a"}))

    for body in (other_text, other_segment):
        assert body["data"]["sendBroadcast"]["userErrors"][0]["code"] == "REQUEST_KEY_REUSED"
        assert body["data"]["sendBroadcast"]["broadcast"] is None
    assert await written() == (1, 50, 50)


async def test_bad_text_and_request_keys_are_user_errors_and_nothing_is_written(client):
    await staff(client)

    cases = [
        ("text", send_input(text="   ")),
        ("text", send_input(text="字" * 501)),
        ("requestKey", send_input(key="short")),
        ("requestKey", send_input(key="has spaces in it")),
    ]
    results = [await gql(client, SEND, variables) for _, variables in cases]
    longest = await gql(client, SEND, send_input(text="字" * 500, key="request-0500"))

    for (field, _), body in zip(cases, results, strict=True):
        errors = body["data"]["sendBroadcast"]["userErrors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, "INVALID")]
    assert longest["data"]["sendBroadcast"]["userErrors"] == []
    assert (await written())[0] == 1


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ({"kind": "FLEET"}, [("segment.fleet", "MISSING_SEGMENT_PARAMETER")]),
        ({"kind": "PROGRAM_ENROLLED"}, [("segment.program", "MISSING_SEGMENT_PARAMETER")]),
        (
            {"kind": "STATION_VISITORS"},
            [
                ("segment.station", "MISSING_SEGMENT_PARAMETER"),
                ("segment.since", "MISSING_SEGMENT_PARAMETER"),
            ],
        ),
        (
            {"kind": "ALL_ACTIVE", "fleet": "platform-a"},
            [("segment.fleet", "UNEXPECTED_SEGMENT_PARAMETER")],
        ),
        ({"kind": "FLEET", "fleet": "nowhere"}, [("segment.fleet", "UNKNOWN_FLEET")]),
        (
            {"kind": "PROGRAM_ENROLLED", "program": "QWlkUHJvZ3JhbTo5OTk5"},  # AidProgram:9999
            [("segment.program", "UNKNOWN_PROGRAM")],
        ),
        (
            {"kind": "PROGRAM_ENROLLED", "program": "U3RhdGlvbjox"},  # Station:1, wrong type
            [("segment.program", "UNKNOWN_PROGRAM")],
        ),
        (
            {"kind": "STATION_VISITORS", "station": "U3RhdGlvbjo5OTk5", "since": "2024-01-01"},
            [("segment.station", "UNKNOWN_STATION")],
        ),
        (
            {"kind": "STATION_VISITORS", "station": "U3RhdGlvbjox", "since": "2024-01-01"},
            [("segment", "EMPTY_SEGMENT")],
        ),
        (
            {"kind": "STATION_VISITORS", "station": "U3RhdGlvbjox", "since": "2999-01-01"},
            [("segment.since", "INVALID")],
        ),
    ],
)
async def test_bad_segments_are_user_errors_and_nothing_is_written(client, segment, expected):
    await staff(client)

    body = await gql(client, SEND, send_input(segment))

    errors = body["data"]["sendBroadcast"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == expected
    assert errors[0]["message"]
    assert body["data"]["sendBroadcast"]["broadcast"] is None
    assert await written() == (0, 0, 0)


async def test_an_unknown_segment_kind_is_a_bad_user_input_error(client):
    await staff(client)

    body = await gql(client, SEND, send_input({"kind": "EVERYONE"}))

    assert codes(body) == ["BAD_USER_INPUT"]
    assert await written() == (0, 0, 0)
