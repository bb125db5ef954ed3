"""Hotline and SMS consultations through GraphQL: logging, daily counts per channel on
Asia/Shanghai days, broadcasts beside them, bad input, permissions, seeds and volume."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cityhub import clock
from cityhub.models.union.consultations import Consultation
from cityhub.resolvers.union import consultations as consultation_log
from cityhub.seeding import read_seed
from cityhub.seeding.union import consultations
from cityhub.settings import PROJECT_DIR
from tests.helpers import (
    codes,
    count_queries,
    count_statements,
    gql,
    make_account,
    make_key,
    sign_in,
)

LOG = """
mutation($input: LogConsultationInput!) {
  logConsultation(input: $input) {
    consultation { id channel topic at day note isSample answeredBy { username } }
    userErrors { field code message }
  }
}
"""
STATS = """
query($from: Date!, $to: Date!) {
  consultationStats(from: $from, to: $to) {
    from to total
    byChannel { channel count }
    days { date total broadcasts counts { channel count } }
    broadcastCount broadcasts { text recipients }
  }
}
"""
LIST = """
query($first: Int, $channel: ConsultationChannel) {
  consultations(first: $first, channel: $channel) {
    totalCount
    nodes { id channel topic at note isSample answeredBy { displayName } }
  }
}
"""


async def staff(client, username="hotline") -> None:
    await make_account(username, "union_staff")
    await sign_in(client, username)


def log_input(**changes) -> dict:
    return {"input": {"channel": "HOTLINE", "topic": "MEDICAL_AID", **changes}}


def channel_counts(day: dict) -> dict[str, int]:
    return {c["channel"]: c["count"] for c in day["counts"]}


async def test_staff_log_a_consultation_answered_by_themselves_now(client):
    await staff(client)
    before = clock.now()

    body = await gql(client, LOG, log_input(note=" 询问报销材料 "))

    payload = body["data"]["logConsultation"]
    assert payload["userErrors"] == []
    logged = payload["consultation"]
    assert logged["channel"] == "HOTLINE" and logged["topic"] == "MEDICAL_AID"
    assert logged["note"] == "询问报销材料"
    assert logged["answeredBy"] == {"username": "hotline"}
    assert logged["isSample"] is False
    assert logged["day"] == clock.today().isoformat()
    at = datetime.fromisoformat(logged["at"])
    assert before - timedelta(seconds=5) <= at <= clock.now()


async def test_the_day_is_the_asia_shanghai_date_across_midnight(client):
    await staff(client)

    late = await gql(client, LOG, log_input(at="2024-05-01T23:59:00+08:00"))
    midnight = await gql(client, LOG, log_input(at="2024-05-01T16:00:00Z", channel="SMS"))
    stats = await gql(client, STATS, {"from": "2024-05-01", "to": "2024-05-02"})

    assert late["data"]["logConsultation"]["consultation"]["day"] == "2024-05-01"
    assert midnight["data"]["logConsultation"]["consultation"]["day"] == "2024-05-02"
    may1, may2 = stats["data"]["consultationStats"]["days"]
    assert channel_counts(may1)["HOTLINE"] == seeded("2024-05-01", "hotline") + 1
    assert channel_counts(may2)["SMS"] == seeded("2024-05-02", "sms") + 1


def seeded(day: str, channel: str) -> int:
    records = read_seed(PROJECT_DIR / "seeds", "union/consultations.json")
    return sum(1 for r in records if r["at"].startswith(day) and r["channel"] == channel)


async def test_a_time_without_an_offset_is_utc(client):
    await staff(client)

    body = await gql(client, LOG, log_input(at="2024-05-01T16:30:00"))

    assert body["data"]["logConsultation"]["consultation"]["day"] == "2024-05-02"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"at": "2999-01-01T00:00:00+08:00"}, "at"),
        ({"at": "1999-12-31T23:00:00Z"}, "at"),
        ({"note": "字" * 501}, "note"),
    ],
)
async def test_bad_consultations_are_user_errors_and_nothing_is_written(client, changes, field):
    await staff(client)
    before = await Consultation.all().count()

    body = await gql(client, LOG, log_input(**changes))

    payload = body["data"]["logConsultation"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, "INVALID")]
    assert payload["consultation"] is None
    assert await Consultation.all().count() == before


async def test_an_unknown_channel_or_a_bad_time_is_a_bad_user_input_error(client):
    await staff(client)
    before = await Consultation.all().count()

    channel = await gql(client, LOG, log_input(channel="FAX"))
    time = await gql(client, LOG, log_input(at="yesterday"))

    assert codes(channel) == ["BAD_USER_INPUT"] and codes(time) == ["BAD_USER_INPUT"]
    assert await Consultation.all().count() == before


async def test_the_seeded_log_shows_the_spike_after_the_sms_of_april_30(client):
    await staff(client)

    body = await gql(client, STATS, {"from": "2024-04-24", "to": "2024-05-12"})

    stats = body["data"]["consultationStats"]
    per_day = {d["date"]: d["total"] for d in stats["days"]}
    before = max(per_day[f"2024-04-{d}"] for d in range(24, 30))
    assert per_day["2024-04-30"] >= 4 * before
    assert stats["total"] == sum(per_day.values()) == 41
    assert len(stats["days"]) == 19
    assert stats["broadcasts"] == []  # the source's SMS is not a live broadcast
    assert sum(c["count"] for c in stats["byChannel"]) == 41
    assert [c["channel"] for c in stats["byChannel"]] == ["HOTLINE", "SMS", "WECHAT", "WALK_IN"]


async def test_broadcasts_sent_in_the_range_are_listed_beside_the_counts(client):
    await staff(client)
    send = """mutation($input: SendBroadcastInput!) { sendBroadcast(input: $input) {
      userErrors { code } } }"""
    await gql(
        client,
        send,
        {
            "input": {
                "text": "医疗互助报销通知",
                "segment": {"kind": "ALL_ACTIVE"},
                "requestKey": "k-00000001",
                "expectedRecipients": 50,
            }
        },
    )
    await gql(client, LOG, log_input(channel="SMS"))
    today = clock.today()

    body = await gql(
        client, STATS, {"from": (today - timedelta(days=6)).isoformat(), "to": today.isoformat()}
    )

    stats = body["data"]["consultationStats"]
    assert stats["broadcasts"] == [{"text": "医疗互助报销通知", "recipients": 50}]
    assert stats["broadcastCount"] == 1
    assert stats["days"][-1]["broadcasts"] == 1
    assert channel_counts(stats["days"][-1])["SMS"] == 1
    assert all(d["broadcasts"] == 0 for d in stats["days"][:-1])


async def test_daily_broadcast_counts_include_those_beyond_the_listed_ones(client, monkeypatch):
    monkeypatch.setattr(consultation_log, "STATS_MAX_BROADCASTS", 1)
    await staff(client)
    send = """mutation($input: SendBroadcastInput!) { sendBroadcast(input: $input) {
      userErrors { code } } }"""
    for key, text in (("k-00000001", "第一条通知"), ("k-00000002", "第二条通知")):
        segment = {"kind": "ALL_ACTIVE"}
        fields = {"text": text, "segment": segment, "requestKey": key, "expectedRecipients": 50}
        await gql(client, send, {"input": fields})
    today = clock.today()

    body = await gql(client, STATS, {"from": today.isoformat(), "to": today.isoformat()})

    stats = body["data"]["consultationStats"]
    assert stats["broadcastCount"] == 2
    assert [b["text"] for b in stats["broadcasts"]] == ["第一条通知"]
    assert stats["days"][0]["broadcasts"] == 2


@pytest.mark.parametrize(
    ("start", "end"),
    [("2024-05-02", "2024-05-01"), ("2023-05-04", "2024-05-04")],  # backwards; 367 days
)
async def test_a_backwards_or_too_long_range_is_a_bad_user_input_error(client, start, end):
    await staff(client)

    body = await gql(client, STATS, {"from": start, "to": end})

    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "to"


async def test_counting_is_one_grouped_statement_for_a_week_or_366_days(client):
    await staff(client)

    async def statements(start: str, end: str) -> list[str]:
        with count_queries() as counter:
            body = await gql(client, STATS, {"from": start, "to": end})
        assert "errors" not in body
        return counter.statements

    week = await statements("2024-04-28", "2024-05-04")
    year = await statements("2023-05-05", "2024-05-04")  # 366 days, the most allowed

    assert (len(week), len(year)) == (4, 4)
    assert sum("GROUP BY" in s.upper() for s in year) == 1


async def test_the_log_lists_newest_first_in_constant_statements(client):
    await staff(client)
    for i in range(5):
        await gql(client, LOG, log_input(note=f"第{i}次"))

    async def statements(first: int) -> tuple[int, list[dict]]:
        count, data = await count_statements(client, LIST, {"first": first})
        nodes = data["consultations"]["nodes"]
        assert len(nodes) == first
        return count, nodes

    (short, nodes), (long, _) = await statements(3), await statements(40)

    assert [n["note"] for n in nodes] == ["第4次", "第3次", "第2次"]
    assert nodes[0]["answeredBy"] == {"displayName": "Hotline"}
    assert (short, long) == (4, 4)


READERS = [
    (LOG, log_input()),
    (STATS, {"from": "2024-05-01", "to": "2024-05-02"}),
    (LIST, None),
]


async def test_anonymous_members_and_every_api_key_are_refused(client):
    keys = [await make_key("fund centre", "members:read"), await make_key("map app")]
    await make_account("chen", "member")
    before = await Consultation.all().count()

    anonymous = [await gql(client, doc, v) for doc, v in READERS]
    keyed = [await gql(client, doc, v, key=k) for k in keys for doc, v in READERS]
    await sign_in(client, "chen")
    member = [await gql(client, doc, v) for doc, v in READERS]

    assert all(codes(body) == ["UNAUTHENTICATED"] for body in anonymous)
    assert all(codes(body) == ["FORBIDDEN"] for body in keyed + member)
    assert await Consultation.all().count() == before


async def test_admins_may_log_and_read_consultations(client):
    await make_account("root", "admin")
    await sign_in(client, "root")

    logged = await gql(client, LOG, log_input(channel="WALK_IN"))
    node = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on Consultation { channel } } }",
        {"id": logged["data"]["logConsultation"]["consultation"]["id"]},
    )

    assert node["data"]["node"] == {"channel": "WALK_IN"}


async def test_seeding_again_changes_nothing(app):
    records = read_seed(PROJECT_DIR / "seeds", "union/consultations.json")

    counts = await consultations.import_consultations(records)

    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, len(records))
    assert all(r["sample"] for r in records)


async def test_generated_volume_is_the_may_day_holiday_s_and_a_second_run_adds_nothing(app):
    written = await consultations.generate_consultations(7, lambda *progress: None)
    again = await consultations.generate_consultations(7, lambda *progress: None)

    assert written > 12_000 and again == 0
    holiday = Consultation.filter(day__gte=date(2024, 5, 1), day__lte=date(2024, 5, 5))
    assert await holiday.filter(channel="hotline").count() == 2_680  # the seeded ones count
    assert await holiday.filter(channel="sms").count() == 9_868  # 9860余条
    assert await Consultation.filter(day=date(2024, 5, 6), channel="walk_in").count() == 380
    days = await Consultation.filter(note=consultations.GENERATED_NOTE).values_list(
        "day", flat=True
    )
    busiest = max(set(days), key=days.count)
    assert busiest == date(2024, 5, 1)  # the day after the notice
