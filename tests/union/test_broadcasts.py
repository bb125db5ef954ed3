"""Broadcast SMS through GraphQL: segments, opt-out, the confirmed audience size, retries
that never double, a send that fails half-way, and the outbox's states and log."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from cityhub import clock
from cityhub.models.sms import SmsOutbox
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.aid_programs import AidProgram
from cityhub.models.union.broadcasts import Broadcast, BroadcastDelivery
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Member, MemberStatus
from cityhub.models.union.stations import Station
from cityhub.resolvers import sms
from cityhub.resolvers.union import broadcasts
from tests.helpers import codes, gql, make_account, sign_in

SEND = """
mutation($input: SendBroadcastInput!) {
  sendBroadcast(input: $input) {
    broadcast {
      id text recipients pending queued handedOver delivered failed heldSample
      skippedOptOut optedOutWhileQueued queuedAt handedOverAt finishedAt
      createdBy { username }
      segment { kind program { code } fleet { code } station { code } since }
    }
    userErrors { field code message }
  }
}
"""
AUDIENCE = """
query($segment: BroadcastSegmentInput!) {
  broadcastAudience(segment: $segment) {
    recipients sample skippedOptOut userErrors { field code }
  }
}
"""
TEXT = "太原市总工会为您办理了2024年新业态医疗互助，详询工会热线。"
ALL = {"kind": "ALL_ACTIVE"}


def send_input(segment=None, text=TEXT, key="request-0001", expected=50) -> dict:
    segment = segment or ALL
    fields = {"text": text, "segment": segment, "requestKey": key}
    return {"input": fields | {"expectedRecipients": expected}}


async def audience_of(client, segment) -> int:
    """What the sender is shown and confirms: broadcastAudience's recipients."""
    body = await gql(client, AUDIENCE, {"segment": segment})
    return body["data"]["broadcastAudience"]["recipients"]


async def staff(client, username="staff") -> None:
    await make_account(username, "union_staff")
    await sign_in(client, username)


async def reachable(members) -> tuple[int, int]:
    """(recipients, opted out) among the active members of a member queryset."""
    active = members.filter(status=MemberStatus.ACTIVE)
    return await active.filter(sms_opt_out=False).count(), await active.filter(
        sms_opt_out=True
    ).count()


async def written() -> tuple[int, int, int]:
    return (
        await Broadcast.all().count(),
        await BroadcastDelivery.all().count(),
        await SmsOutbox.all().count(),
    )


async def test_staff_send_to_all_active_members_skipping_those_who_opted_out(client, caplog):
    await staff(client)
    recipients, opted_out = await reachable(Member.all())

    with caplog.at_level(logging.INFO, logger="cityhub.sms"):
        body = await gql(client, SEND, send_input())

    payload = body["data"]["sendBroadcast"]
    assert payload["userErrors"] == []
    sent = payload["broadcast"]
    assert (sent["recipients"], sent["skippedOptOut"]) == (recipients, opted_out) == (50, 5)
    # Every seeded member is sample data: each copy is held, none waits for a gateway.
    assert (sent["heldSample"], sent["queued"], sent["handedOver"], sent["pending"]) == (
        50,
        0,
        0,
        0,
    )
    assert sent["queuedAt"] is not None and sent["finishedAt"] is not None
    assert sent["handedOverAt"] is None
    assert sent["createdBy"] == {"username": "staff"}
    assert await written() == (1, recipients, recipients)
    opted = set(await Member.filter(sms_opt_out=True).values_list("id", flat=True))
    assert not opted & set(await BroadcastDelivery.all().values_list("member_id", flat=True))
    lines = [r.getMessage() for r in caplog.records if r.name == "cityhub.sms"]
    assert len(lines) == recipients and all("held: a sample record" in x for x in lines)
    phone = (await Member.get(member_no="TYDS0001")).phone
    assert phone not in caplog.text and f"{phone[:3]}****{phone[-4:]}" in caplog.text


async def test_copies_to_real_members_are_queued_not_sent(client):
    await staff(client)
    real = await Member.filter(member_no__in=["TYDS0001", "TYDS0002", "TYDS0003"]).update(
        is_sample=False
    )

    body = await gql(client, SEND, send_input())

    sent = body["data"]["sendBroadcast"]["broadcast"]
    assert (sent["queued"], sent["heldSample"], sent["handedOver"]) == (real, 47, 0) == (3, 47, 0)
    assert sent["queuedAt"] and sent["handedOverAt"] is None and sent["finishedAt"] is None
    queued = await SmsOutbox.filter(status="queued").values_list("phone", flat=True)
    phones = await Member.filter(is_sample=False).values_list("phone", flat=True)
    assert sorted(queued) == sorted(phones)


async def test_the_outbox_holds_each_message_text_for_its_delivery(client):
    await staff(client)

    await gql(client, SEND, send_input())

    outbox = await SmsOutbox.all().values(
        "text", "phone", "subject_type", "subject_id", "batch_type", "batch_id"
    )
    deliveries = {d.id: d for d in await BroadcastDelivery.all()}
    assert {row["text"] for row in outbox} == {TEXT}
    assert {row["subject_type"] for row in outbox} == {"broadcast_delivery"}
    assert {row["batch_type"] for row in outbox} == {"broadcast"}
    assert all(row["phone"] == deliveries[row["subject_id"]].phone for row in outbox)
    assert {deliveries[row["subject_id"]].status for row in outbox} == {"outboxed"}
    assert {row["batch_id"] for row in outbox} == {d.broadcast_id for d in deliveries.values()}


async def test_a_fleet_segment_reaches_its_active_members(client):
    await staff(client)
    expected = await reachable(Member.filter(fleet__code="jinyang-taxi"))

    segment = {"kind": "FLEET", "fleet": "jinyang-taxi"}
    body = await gql(client, SEND, send_input(segment, expected=expected[0]))

    sent = body["data"]["sendBroadcast"]["broadcast"]
    assert (sent["recipients"], sent["skippedOptOut"]) == expected
    assert sent["segment"]["fleet"] == {"code": "jinyang-taxi"}
    members = await BroadcastDelivery.all().values_list("member__fleet__code", flat=True)
    assert set(members) == {"jinyang-taxi"}


async def program_id(client, code: str) -> str:
    body = await gql(client, "query($c: String) { aidProgram(code: $c) { id } }", {"c": code})
    return body["data"]["aidProgram"]["id"]


async def test_a_program_segment_reaches_the_members_enrolled_that_year(client):
    await staff(client)
    program = await AidProgram.get(code="medical-2023")
    enrolled = AidEnrolment.filter(program_id=program.id).values_list("member_id", flat=True)
    expected = await reachable(Member.filter(id__in=await enrolled))
    segment = {"kind": "PROGRAM_ENROLLED", "program": await program_id(client, "medical-2023")}

    body = await gql(client, SEND, send_input(segment, expected=expected[0]))

    sent = body["data"]["sendBroadcast"]["broadcast"]
    assert (sent["recipients"], sent["skippedOptOut"]) == expected
    assert 0 < expected[0] < 50
    assert sent["segment"]["program"] == {"code": "medical-2023"}


async def visit(member_no: str, station: Station, day: date) -> None:
    member = await Member.get(member_no=member_no)
    at = clock.at_local(day, "12:00")
    await StationCheckIn.create(station=station, member=member, checked_in_at=at, day=day)


async def station_global_id(client, code: str) -> str:
    body = await gql(client, "{ stations(first: 100) { nodes { id code } } }")
    return next(n["id"] for n in body["data"]["stations"]["nodes"] if n["code"] == code)


async def test_a_station_segment_reaches_members_who_checked_in_since_the_date(client):
    await staff(client)
    station = await Station.get(code="xd-dianzijie")
    since = clock.today() - timedelta(days=7)
    await visit("TYDS0001", station, since)  # on the day: counted
    await visit("TYDS0003", station, clock.today())
    await visit("TYDS0003", station, clock.today())  # twice, still one SMS
    await visit("TYDS0004", station, since - timedelta(days=1))  # before: not counted
    await visit("TYDS0008", station, clock.today())  # opted out
    segment = {
        "kind": "STATION_VISITORS",
        "station": await station_global_id(client, "xd-dianzijie"),
        "since": since.isoformat(),
    }

    body = await gql(client, SEND, send_input(segment, expected=2))

    sent = body["data"]["sendBroadcast"]["broadcast"]
    assert (sent["recipients"], sent["skippedOptOut"]) == (2, 1)
    assert sent["segment"]["station"] == {"code": "xd-dianzijie"}
    assert sent["segment"]["since"] == since.isoformat()
    members = await BroadcastDelivery.all().values_list("member__member_no", flat=True)
    assert sorted(members) == ["TYDS0001", "TYDS0003"]


async def test_the_audience_preview_counts_without_writing(client):
    await staff(client)

    body = await gql(client, AUDIENCE, {"segment": ALL})
    fleet = await gql(client, AUDIENCE, {"segment": {"kind": "FLEET", "fleet": "nowhere"}})

    assert body["data"]["broadcastAudience"] == {
        "recipients": 50,
        "sample": 50,
        "skippedOptOut": 5,
        "userErrors": [],
    }
    assert fleet["data"]["broadcastAudience"]["userErrors"] == [
        {"field": "segment.fleet", "code": "UNKNOWN_FLEET"}
    ]
    assert await written() == (0, 0, 0)


async def test_sending_the_same_request_twice_sends_each_member_one_message(client):
    await staff(client)

    first = await gql(client, SEND, send_input())
    again = await gql(client, SEND, send_input())

    one, two = first["data"]["sendBroadcast"], again["data"]["sendBroadcast"]
    assert two["userErrors"] == []
    assert one["broadcast"]["id"] == two["broadcast"]["id"]
    assert two["broadcast"]["heldSample"] == one["broadcast"]["recipients"] == 50
    assert await written() == (1, 50, 50)


async def test_concurrent_sends_of_the_same_request_never_double(client):
    import asyncio

    await staff(client)

    bodies = await asyncio.gather(*(gql(client, SEND, send_input()) for _ in range(3)))

    ids = {b["data"]["sendBroadcast"]["broadcast"]["id"] for b in bodies}
    assert len(ids) == 1
    assert await written() == (1, 50, 50)


async def outbox_members() -> list[int]:
    """The member behind each outbox message, through its delivery."""
    members = dict(await BroadcastDelivery.all().values_list("id", "member_id"))
    subjects = await SmsOutbox.all().values_list("subject_id", flat=True)
    return [members[subject] for subject in subjects]


class Flaky:
    """The outbox, until it fails on the given call."""

    def __init__(self, fail_on_call: int) -> None:
        self.calls, self.fail_on_call = 0, fail_on_call
        self.real = sms.Outbox.queue

    async def queue(self, outbox, messages):
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise RuntimeError("boom")
        return await self.real(outbox, messages)


async def test_a_send_failing_half_way_leaves_the_rest_pending_for_the_retry(client, monkeypatch):
    await staff(client)
    flaky = Flaky(fail_on_call=3)
    monkeypatch.setattr(broadcasts, "SEND_BATCH", 10)
    monkeypatch.setattr(sms.Outbox, "queue", lambda self, m: flaky.queue(self, m))

    stopped = await gql(client, SEND, send_input())
    assert await written() == (1, 50, 20)
    retried = await gql(client, SEND, send_input())

    assert codes(stopped) == ["INTERNAL_SERVER_ERROR"]
    done = retried["data"]["sendBroadcast"]["broadcast"]
    assert (done["heldSample"], done["pending"]) == (50, 0) and done["queuedAt"]
    assert await written() == (1, 50, 50)
    outbox = await outbox_members()
    assert len(set(outbox)) == len(outbox) == 50


async def test_a_member_who_opts_out_before_the_retry_is_not_sent_it(client, monkeypatch):
    await staff(client)
    flaky = Flaky(fail_on_call=2)
    monkeypatch.setattr(broadcasts, "SEND_BATCH", 10)
    monkeypatch.setattr(sms.Outbox, "queue", lambda self, m: flaky.queue(self, m))
    await gql(client, SEND, send_input())
    assert await BroadcastDelivery.filter(status="pending").count() == 40
    waiting = await BroadcastDelivery.filter(status="pending").order_by("-id").limit(3)
    leaving = [d.member_id for d in waiting]
    await Member.filter(id__in=leaving).update(sms_opt_out=True)

    retried = await gql(client, SEND, send_input())

    done = retried["data"]["sendBroadcast"]["broadcast"]
    assert (done["heldSample"], done["pending"], done["optedOutWhileQueued"]) == (47, 0, 3)
    assert done["queuedAt"]
    outbox = set(await outbox_members())
    assert len(outbox) == 47 and not outbox & set(leaving)


@pytest.mark.parametrize(
    ("expected", "code"), [(None, "AUDIENCE_NOT_CONFIRMED"), (49, "AUDIENCE_CHANGED")]
)
async def test_a_new_broadcast_needs_the_audience_size_it_was_confirmed_for(client, expected, code):
    await staff(client)

    body = await gql(client, SEND, send_input(expected=expected))

    payload = body["data"]["sendBroadcast"]
    assert payload["broadcast"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        ("expectedRecipients", code)
    ]
    assert await written() == (0, 0, 0)


async def test_a_retry_of_a_composed_broadcast_is_not_asked_the_size_again(client):
    await staff(client)
    first = await gql(client, SEND, send_input())
    await Member.filter(member_no="TYDS0001").update(status=MemberStatus.LEFT)

    again = await gql(client, SEND, send_input(expected=None))

    assert again["data"]["sendBroadcast"]["userErrors"] == []
    assert (
        again["data"]["sendBroadcast"]["broadcast"]["id"]
        == first["data"]["sendBroadcast"]["broadcast"]["id"]
    )
