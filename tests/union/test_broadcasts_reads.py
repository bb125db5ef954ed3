"""Reading broadcasts through GraphQL: deliveries, who may read them, newest-first lists
in constant statements, and the SMS sender setting."""

from __future__ import annotations

from datetime import date

import pytest

from cityhub.models.union.stations import Station
from tests.helpers import (
    codes,
    count_statements,
    gql,
    make_account,
    make_key,
    sign_in,
)
from tests.union.test_broadcasts import (
    ALL,
    AUDIENCE,
    SEND,
    TEXT,
    audience_of,
    program_id,
    send_input,
    staff,
    visit,
    written,
)

DELIVERIES = """
query($id: ID!, $first: Int, $status: BroadcastDeliveryStatus) {
  broadcast(id: $id) {
    recipients
    deliveries(first: $first, status: $status) {
      totalCount
      nodes {
        phone status queuedAt handedOverAt deliveredAt failedAt attempts gateway
        gatewayReference errorCode member { memberNo name phone }
      }
    }
  }
}
"""


async def test_staff_see_each_delivery_with_the_member_and_phone(client):
    await staff(client)
    segment = {"kind": "FLEET", "fleet": "longcheng-taxi"}
    sent = await gql(client, SEND, send_input(segment, expected=await audience_of(client, segment)))
    broadcast_id = sent["data"]["sendBroadcast"]["broadcast"]["id"]

    body = await gql(client, DELIVERIES, {"id": broadcast_id, "status": "HELD_SAMPLE"})

    deliveries = body["data"]["broadcast"]["deliveries"]
    chen = next(d for d in deliveries["nodes"] if d["member"]["memberNo"] == "TYDS0001")
    assert deliveries["totalCount"] == body["data"]["broadcast"]["recipients"]
    assert chen["phone"] == chen["member"]["phone"] == "17777699692"
    assert chen["member"]["name"] == "陈师傅" and chen["status"] == "HELD_SAMPLE"
    assert chen["queuedAt"] and (chen["handedOverAt"], chen["gateway"], chen["attempts"]) == (
        None,
        None,
        0,
    )


SENDERS_AND_READERS = [
    ("sendBroadcast", SEND, send_input()),
    ("broadcastAudience", AUDIENCE, {"segment": ALL}),
    ("broadcasts", "{ broadcasts { totalCount } }", None),
    ("smsRelay", "{ smsRelay { gateway relayRunning } }", None),
]


async def test_anonymous_members_and_every_api_key_are_refused(client):
    keys = [await make_key("fund centre", "members:read"), await make_key("map app")]
    await make_account("chen", "member")

    anonymous = [await gql(client, doc, v) for _, doc, v in SENDERS_AND_READERS]
    keyed = [await gql(client, doc, v, key=k) for k in keys for _, doc, v in SENDERS_AND_READERS]
    await sign_in(client, "chen")
    member = [await gql(client, doc, v) for _, doc, v in SENDERS_AND_READERS]

    assert all(codes(body) == ["UNAUTHENTICATED"] for body in anonymous)
    assert all(codes(body) == ["FORBIDDEN"] for body in keyed + member)
    assert await written() == (0, 0, 0)


async def test_only_union_staff_and_admins_can_read_a_broadcast(client):
    await staff(client)
    sent = await gql(client, SEND, send_input())
    broadcast_id = sent["data"]["sendBroadcast"]["broadcast"]["id"]
    node = "query($id: ID!) { node(id: $id) { ... on Broadcast { text } } }"
    key = await make_key("fund centre", "members:read")
    await make_account("root", "admin")
    await make_account("chen", "member")

    by_key = await gql(client, node, {"id": broadcast_id}, key=key)
    await sign_in(client, "root")
    by_admin = await gql(client, node, {"id": broadcast_id})
    await sign_in(client, "chen")
    by_member = await gql(client, node, {"id": broadcast_id})
    direct = await gql(client, DELIVERIES, {"id": broadcast_id})

    assert by_admin["data"]["node"] == {"text": TEXT}
    assert by_key["data"]["node"] is None and by_member["data"]["node"] is None
    assert codes(direct) == ["FORBIDDEN"]


LIST = """
query($first: Int) {
  broadcasts(first: $first) {
    totalCount
    nodes {
      id text recipients pending queued handedOver delivered failed heldSample skippedOptOut
      createdAt createdBy { displayName }
      segment { kind program { code name } fleet { code name } station { name } since }
    }
  }
}
"""


async def test_the_broadcasts_list_is_newest_first_in_constant_statements(client):
    await staff(client)
    program = await program_id(client, "medical-2023")
    segments = [
        {"kind": "STATION_VISITORS", "station": "U3RhdGlvbjox", "since": "2024-01-01"},
        {"kind": "PROGRAM_ENROLLED", "program": program},
        {"kind": "FLEET", "fleet": "platform-b"},
        ALL,
    ]
    await visit("TYDS0001", await Station.get(id=1), date(2024, 5, 1))
    for i in range(12):
        segment = segments[i % 4]
        expected = await audience_of(client, segment)
        body = await gql(
            client, SEND, send_input(segment, f"第{i}条", f"request-{i:04d}", expected)
        )
        assert body["data"]["sendBroadcast"]["userErrors"] == []

    async def statements(first: int) -> tuple[int, list[str]]:
        count, data = await count_statements(client, LIST, {"first": first})
        nodes = data["broadcasts"]["nodes"]
        assert len(nodes) == first
        return count, [n["text"] for n in nodes]

    (short, texts), (long, _) = await statements(4), await statements(12)

    assert texts == ["第11条", "第10条", "第9条", "第8条"]
    assert (short, long) == (10, 10)


async def test_deliveries_are_listed_in_constant_statements(client):
    await staff(client)
    sent = await gql(client, SEND, send_input())
    broadcast_id = sent["data"]["sendBroadcast"]["broadcast"]["id"]

    async def statements(first: int) -> int:
        count, data = await count_statements(
            client, DELIVERIES, {"id": broadcast_id, "first": first}
        )
        assert len(data["broadcast"]["deliveries"]["nodes"]) == first
        return count

    assert (await statements(3), await statements(50)) == (10, 10)


def test_an_unknown_sms_gateway_is_refused_at_start_up(tmp_path):
    from cityhub.app import create_app
    from cityhub.settings import SettingsError, load_settings

    settings = load_settings({"CITYHUB_SMS_GATEWAY": "aliyun", "CITYHUB_DATA_DIR": str(tmp_path)})

    with pytest.raises(SettingsError, match="CITYHUB_SMS_GATEWAY"):
        create_app(settings)
    assert load_settings({}).sms.gateway == ""
