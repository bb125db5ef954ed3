"""The SMS relay with the real Tencent Cloud SDK against a local fake of its API: hand-over
with the gateway's reference, sample members never handed over, delivery reports, retries
with backoff, failures recorded, one relay at a time (a lease in the database or Redis),
in the server's lifespan and from `cityhub sms-relay`."""

from __future__ import annotations

import asyncio
import secrets
import time

import httpx
import pytest
from click.testing import CliRunner

from cityhub import leases, relay
from cityhub.app import create_app
from cityhub.cli import main
from cityhub.models.union.members import Member
from tests.conftest import SECRET, make_settings
from tests.fake_sms_gateway import SECRET_ID, FakeTencentSms, serve
from tests.helpers import gql, make_account, sign_in
from tests.union.test_broadcasts import SEND, send_input

REAL = ["TYDS0001", "TYDS0002", "TYDS0003"]  # made real members: their copies are queued
STATE = """
query($id: ID!) {
  broadcast(id: $id) {
    queued handedOver delivered failed heldSample handedOverAt finishedAt
    deliveries(first: 60) {
      nodes {
        status attempts gateway gatewayReference errorCode errorMessage nextAttemptAt
        handedOverAt deliveredAt failedAt member { memberNo }
      }
    }
  }
}
"""

BY_STATUS = """
query($id: ID!, $status: BroadcastDeliveryStatus) {
  broadcast(id: $id) { deliveries(status: $status) { totalCount } }
}
"""


@pytest.fixture
def fake():
    gateway = FakeTencentSms()
    server = serve(gateway)
    yield gateway
    server.should_exit = True
    server.thread.join(timeout=5)
    server.listener.close()


def gateway_env(fake: FakeTencentSms, **extra: str) -> dict[str, str]:
    return {
        "CITYHUB_SMS_GATEWAY": "tencent",
        "CITYHUB_SMS_ENDPOINT": fake.url,
        "CITYHUB_SMS_SECRET_ID": SECRET_ID,
        "CITYHUB_SMS_SECRET_KEY": "fake-secret-key",
        "CITYHUB_SMS_APP_ID": "1400000000",
        "CITYHUB_SMS_SIGN_NAME": "太原工会",
        "CITYHUB_SMS_TEMPLATE_ID": "100001",
        "CITYHUB_SMS_RELAY_IN_SERVER": "false",
        "CITYHUB_SMS_RETRY_BASE": "0",
        **extra,
    }


async def started(settings):
    application = create_app(settings)
    context = application.router.lifespan_context(application)
    await context.__aenter__()
    transport = httpx.ASGITransport(app=application)
    return context, httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def queue_broadcast(client) -> str:
    """A broadcast to every active member, three of them real: its global ID."""
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    await Member.filter(member_no__in=REAL).update(is_sample=False)
    body = await gql(client, SEND, send_input())
    return body["data"]["sendBroadcast"]["broadcast"]["id"]


async def state(client, broadcast_id: str) -> dict:
    return (await gql(client, STATE, {"id": broadcast_id}))["data"]["broadcast"]


def real_deliveries(found: dict) -> list[dict]:
    nodes = found["deliveries"]["nodes"]
    return sorted((n for n in nodes if n["member"]["memberNo"] in REAL), key=str)


@pytest.fixture
async def relayed(database_url, tmp_path, fake, request):
    """(client, settings, broadcast ID) with the gateway set, three copies queued."""
    extra = getattr(request, "param", {})
    settings = make_settings(database_url, tmp_path, **gateway_env(fake, **extra))
    context, client = await started(settings)
    try:
        yield client, settings, await queue_broadcast(client)
    finally:
        await client.aclose()
        await context.__aexit__(None, None, None)


async def one_pass(settings):
    return await relay.Relay(settings, relay.gateway_for(settings)).once()


async def test_the_relay_hands_queued_copies_to_the_gateway_and_holds_sample_ones(relayed, fake):
    client, settings, broadcast = relayed
    phones = await Member.filter(member_no__in=REAL).values_list("phone", flat=True)

    counts = await one_pass(settings)

    assert counts.handed_over == 3
    assert sorted(p for p, _, _ in fake.sent) == sorted(f"+86{p}" for p in phones)
    assert {text for _, text, _ in fake.sent} == {send_input()["input"]["text"]}
    found = await state(client, broadcast)
    assert (found["queued"], found["handedOver"], found["heldSample"]) == (0, 3, 47)
    assert found["handedOverAt"] and found["finishedAt"] is None
    copies = real_deliveries(found)
    assert {c["status"] for c in copies} == {"HANDED_OVER"}
    assert {c["gateway"] for c in copies} == {"tencent"} and all(c["handedOverAt"] for c in copies)
    assert sorted(c["gatewayReference"] for c in copies) == sorted(s for _, _, s in fake.sent)
    handed = await gql(client, BY_STATUS, {"id": broadcast, "status": "HANDED_OVER"})
    held = await gql(client, BY_STATUS, {"id": broadcast, "status": "HELD_SAMPLE"})
    assert handed["data"]["broadcast"]["deliveries"]["totalCount"] == 3
    assert held["data"]["broadcast"]["deliveries"]["totalCount"] == 47


async def test_delivery_reports_mark_copies_delivered_or_failed(relayed, fake):
    client, settings, broadcast = relayed
    fake.report = True
    lost = (await Member.get(member_no="TYDS0002")).phone
    fake.undelivered = {f"+86{lost}"}

    await one_pass(settings)

    found = await state(client, broadcast)
    assert (found["handedOver"], found["delivered"], found["failed"]) == (0, 2, 1)
    assert found["finishedAt"]
    failed = next(c for c in found["deliveries"]["nodes"] if c["status"] == "FAILED")
    assert failed["member"]["memberNo"] == "TYDS0002"
    assert (failed["errorCode"], failed["errorMessage"]) == ("FAIL", "MK:0001")
    assert failed["failedAt"] and failed["deliveredAt"] is None


@pytest.mark.parametrize("relayed", [{"CITYHUB_SMS_RETRY_BASE": "0.6"}], indirect=True)
async def test_a_gateway_failure_is_retried_with_backoff_and_its_code_kept(relayed, fake):
    client, settings, broadcast = relayed
    fake.fail_calls = ["InternalError.Timeout"]

    first = await one_pass(settings)
    waiting = real_deliveries(await state(client, broadcast))
    early = await one_pass(settings)
    await asyncio.sleep(0.7)
    retried = await one_pass(settings)

    assert (first.handed_over, first.retrying, early.handed_over) == (0, 3, 0)
    assert {(c["status"], c["attempts"], c["errorCode"]) for c in waiting} == {
        ("QUEUED", 1, "InternalError.Timeout")
    }
    assert all(c["nextAttemptAt"] for c in waiting)
    assert retried.handed_over == 3 and len(fake.sent) == 3
    copies = real_deliveries(await state(client, broadcast))
    assert {(c["status"], c["attempts"]) for c in copies} == {("HANDED_OVER", 2)}


@pytest.mark.parametrize("relayed", [{"CITYHUB_SMS_MAX_ATTEMPTS": "2"}], indirect=True)
async def test_a_copy_out_of_attempts_fails_with_the_gateway_s_code(relayed, fake):
    client, settings, broadcast = relayed
    fake.fail_calls = ["InternalError", "InternalError"]

    await one_pass(settings)
    await one_pass(settings)
    again = await one_pass(settings)

    found = await state(client, broadcast)
    assert (found["queued"], found["failed"], again.handed_over) == (0, 3, 0)
    assert {(c["attempts"], c["errorCode"]) for c in real_deliveries(found)} == {
        (2, "InternalError")
    }
    assert fake.sent == []


async def test_a_number_the_gateway_refuses_fails_for_good_and_is_not_retried(relayed, fake):
    client, settings, broadcast = relayed
    phone = (await Member.get(member_no="TYDS0003")).phone
    fake.refuse = {f"+86{phone}": "InvalidParameterValue.IncorrectPhoneNumber"}

    await one_pass(settings)
    await one_pass(settings)

    found = await state(client, broadcast)
    assert (found["handedOver"], found["failed"], len(fake.sent)) == (2, 1, 2)
    refused = next(c for c in found["deliveries"]["nodes"] if c["status"] == "FAILED")
    assert (refused["errorCode"], refused["attempts"]) == (
        "InvalidParameterValue.IncorrectPhoneNumber",
        1,
    )


def redis_env() -> dict[str, str]:
    return {
        "CITYHUB_REDIS_URL": "redis://127.0.0.1:6379/0",
        "CITYHUB_REDIS_KEY_PREFIX": f"cityhub-test-{secrets.token_hex(4)}",
    }


@pytest.mark.parametrize("relayed", [{}, redis_env()], indirect=True, ids=["database", "redis"])
async def test_two_relays_at_once_hand_each_copy_over_once(relayed, fake):
    client, settings, broadcast = relayed
    fake.delay = 0.3  # the first relay is still handing over when the second starts

    passes = await asyncio.gather(one_pass(settings), one_pass(settings))
    later = await one_pass(settings)

    assert sorted(p is None for p in passes) == [False, True]  # one found the lease taken
    assert len(fake.sent) == 3 and len({p for p, _, _ in fake.sent}) == 3
    assert later.handed_over == 0
    assert (await state(client, broadcast))["handedOver"] == 3


@pytest.mark.parametrize("extra", [{}, redis_env()], ids=["database", "redis"])
async def test_a_lease_not_renewed_passes_to_the_next_holder(app, settings, extra):
    lease = leases.leases_for(make_settings(settings.database_url, settings.data_dir, **extra))

    first = await lease.acquire("job", "one", 0.3)
    refused = await lease.acquire("job", "two", 0.3)
    await asyncio.sleep(0.4)
    taken = await lease.acquire("job", "two", 5)
    lost = await lease.acquire("job", "one", 5)

    assert (first, refused, taken, lost) == (True, False, True, False)
    assert await lease.holder("job") == "two"
    await lease.release("job", "one")  # not theirs: nothing happens
    assert await lease.holder("job") == "two"
    if isinstance(lease, leases.RedisLeases):
        await lease.release("job", "two")
        await lease.close()


async def test_the_server_runs_the_relay_in_its_lifespan(database_url, tmp_path, fake):
    env = gateway_env(fake, CITYHUB_SMS_RELAY_IN_SERVER="true", CITYHUB_SMS_RELAY_INTERVAL="0.1")
    settings = make_settings(database_url, tmp_path, **env, CITYHUB_SMS_LEASE_SECONDS="2")
    context, client = await started(settings)
    try:
        broadcast = await queue_broadcast(client)
        deadline = time.monotonic() + 10
        while (await state(client, broadcast))["handedOver"] < 3:
            assert time.monotonic() < deadline, "the server's relay handed nothing over"
            await asyncio.sleep(0.1)
        running = await gql(client, "{ smsRelay { gateway relayRunning } }")
    finally:
        await client.aclose()
        await context.__aexit__(None, None, None)

    assert running["data"]["smsRelay"] == {"gateway": "tencent", "relayRunning": True}
    assert len(fake.sent) == 3


def test_sms_relay_once_from_the_command_line(database_url, tmp_path, fake):
    env = gateway_env(fake) | {
        "CITYHUB_DATABASE_URL": database_url,
        "CITYHUB_DATA_DIR": str(tmp_path),
        "CITYHUB_SECRET_KEY": SECRET,
    }
    settings = make_settings(database_url, tmp_path, **gateway_env(fake))

    async def compose() -> None:
        context, client = await started(settings)
        try:
            await queue_broadcast(client)
        finally:
            await client.aclose()
            await context.__aexit__(None, None, None)

    asyncio.run(compose())

    result = CliRunner().invoke(main, ["sms-relay", "--once"], env=env, catch_exceptions=False)
    again = CliRunner().invoke(main, ["sms-relay", "--once"], env=env, catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "SMS relay pass: handed over 3, to retry 0, failed 0" in result.output
    assert "handed over 0" in again.output and len(fake.sent) == 3


def test_sms_relay_says_when_no_gateway_is_set(database_url, tmp_path):
    env = {"CITYHUB_DATABASE_URL": database_url, "CITYHUB_DATA_DIR": str(tmp_path)}

    result = CliRunner().invoke(main, ["sms-relay", "--once"], env=env)

    assert result.exit_code == 1
    assert "No SMS gateway is set (CITYHUB_SMS_GATEWAY)" in result.output


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CITYHUB_SMS_GATEWAY", "aliyun"),
        ("CITYHUB_SMS_ENDPOINT", "sms.tencentcloudapi.com"),
        ("CITYHUB_SMS_MAX_ATTEMPTS", "0"),
        ("CITYHUB_SMS_LEASE_SECONDS", "5"),
    ],
)
def test_sms_settings_that_cannot_work_are_refused_at_start_up(tmp_path, variable, value):
    from cityhub.settings import SettingsError

    settings = make_settings("sqlite://:memory:", tmp_path, **{variable: value})

    with pytest.raises(SettingsError, match="CITYHUB_SMS_"):
        create_app(settings)
