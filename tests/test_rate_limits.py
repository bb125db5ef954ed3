"""Rate limits: failed sign-ins per account and per address (GraphQL and the portal), and
requests per API key; counted in the database, or in Redis when CITYHUB_REDIS_URL is set."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from datetime import timedelta

import httpx
import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from cityhub import clock
from cityhub.app import create_app
from cityhub.models.ratelimits import RateLimitEntry
from cityhub.settings import SettingsError, load_settings
from tests.conftest import make_settings
from tests.helpers import PASSWORD, csrf_from, gql, make_account, make_key

REDIS_URL = "redis://127.0.0.1:6379/15"
SIGN_IN = """
mutation($input: SignInInput!) {
  signIn(input: $input) { account { username } userErrors { field code message retryAfter } }
}
"""
STATIONS = "{ stations(first: 1) { totalCount } }"
WRONG = "x" * 12


@contextlib.asynccontextmanager
async def serving(settings, address: str = "127.0.0.1"):
    """An app with its lifespan and a client that connects from ``address``."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def sign_in(client, username: str, password: str) -> dict:
    body = await gql(client, SIGN_IN, {"input": {"username": username, "password": password}})
    return body["data"]["signIn"]


def error_codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


def later(monkeypatch, delta: timedelta) -> None:
    moment = clock.now() + delta
    monkeypatch.setattr(clock, "now", lambda: moment)


async def test_after_five_wrong_passwords_the_right_one_is_refused_unchecked(
    client, monkeypatch, caplog
):
    await make_account("huang", "citizen")
    wrong = [await sign_in(client, "huang", WRONG) for _ in range(5)]
    checks: list[str] = []
    verify = PasswordHasher.verify
    monkeypatch.setattr(
        PasswordHasher, "verify", lambda self, *a: checks.append("verify") or verify(self, *a)
    )

    with caplog.at_level(logging.WARNING, logger="cityhub.security"):
        refused = await sign_in(client, "huang", PASSWORD)

    assert [error_codes(p) for p in wrong] == [["INVALID_CREDENTIALS"]] * 5
    assert refused["account"] is None and error_codes(refused) == ["RATE_LIMITED"]
    assert 0 < refused["userErrors"][0]["retryAfter"] <= 15 * 60
    assert "登录失败次数过多" in refused["userErrors"][0]["message"]
    assert checks == [], "the password is not checked while the account is limited"
    assert "cityhub_session" not in client.cookies
    (logged,) = caplog.records
    assert "sign-in refused for 'huang'" in logged.getMessage()
    assert PASSWORD not in logged.getMessage()


async def test_the_right_password_works_again_once_the_window_has_passed(client, monkeypatch):
    await make_account("huang", "citizen")
    for _ in range(5):
        await sign_in(client, "huang", WRONG)
    later(monkeypatch, timedelta(minutes=14))
    still = await sign_in(client, "huang", PASSWORD)
    later(monkeypatch, timedelta(minutes=15, seconds=1))

    passed = await sign_in(client, "huang", PASSWORD)

    assert error_codes(still) == ["RATE_LIMITED"]
    assert still["userErrors"][0]["retryAfter"] <= 60
    assert passed == {"account": {"username": "huang"}, "userErrors": []}


async def test_a_success_clears_the_account_s_failures(client):
    await make_account("huang", "citizen")
    for _ in range(4):
        await sign_in(client, "huang", WRONG)
    await sign_in(client, "huang", PASSWORD)
    for _ in range(4):
        await sign_in(client, "huang", WRONG)

    again = await sign_in(client, "huang", PASSWORD)

    assert again["account"] == {"username": "huang"}


async def test_parallel_wrong_guesses_cannot_pass_the_limit_together(client):
    await make_account("huang", "citizen")

    answers = await asyncio.gather(*(sign_in(client, "huang", WRONG) for _ in range(10)))

    found = sorted(error_codes(a)[0] for a in answers)
    assert found == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"] * 5


async def test_the_portal_answers_429_with_retry_after_and_a_form_message(client):
    await make_account("huang", "citizen")
    page = await client.get("/login")
    form = {"username": "huang", "password": WRONG, "csrf_token": csrf_from(page.text)}
    wrong = [(await client.post("/login", data=form)).status_code for _ in range(5)]

    refused = await client.post("/login", data={**form, "password": PASSWORD})
    english = await client.post("/login?lang=en", data={**form, "password": PASSWORD})
    account = await client.get("/account")

    assert wrong == [422] * 5
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert "登录失败次数过多，请 15 分钟后再试" in refused.text
    assert english.status_code == 429 and "Too many failed sign-ins" in english.text
    assert account.status_code == 303, "not signed in"


async def test_failures_from_one_address_count_across_usernames(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path, CITYHUB_LOGIN_LIMIT_PER_ADDRESS="3 per hour")
    async with serving(settings, "203.0.113.7") as attacker:
        await make_account("huang", "citizen")
        for name in ("li", "wang", "zhao"):
            await sign_in(attacker, name, WRONG)
        refused = await sign_in(attacker, "huang", PASSWORD)
    async with serving(settings, "198.51.100.2") as elsewhere:
        welcome = await sign_in(elsewhere, "huang", PASSWORD)

    assert error_codes(refused) == ["RATE_LIMITED"]
    assert welcome["account"] == {"username": "huang"}


async def test_ipv6_addresses_count_by_their_64_bit_block(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path, CITYHUB_LOGIN_LIMIT_PER_ADDRESS="3 per hour")
    for number, name in enumerate(("li", "wang", "zhao"), start=1):
        async with serving(settings, f"2001:db8::{number}") as hopping:
            await sign_in(hopping, name, WRONG)
    async with serving(settings, "2001:db8::99") as same_block:
        await make_account("huang", "citizen")
        refused = await sign_in(same_block, "huang", PASSWORD)
    async with serving(settings, "2001:db8:0:1::1") as next_block:
        welcome = await sign_in(next_block, "huang", PASSWORD)

    assert error_codes(refused) == ["RATE_LIMITED"]
    assert welcome["account"] == {"username": "huang"}


async def test_a_key_over_its_rate_gets_429_and_another_key_does_not(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path, CITYHUB_API_KEY_RATE_LIMIT="3 per minute")
    async with serving(settings) as client:
        busy, calm = await make_key("busy", "stations:usage"), await make_key("calm")
        allowed = [await gql(client, STATIONS, key=busy) for _ in range(3)]
        headers = {"Authorization": f"Bearer {busy}"}
        over = await client.post("/graphql", json={"query": STATIONS}, headers=headers)
        other = await gql(client, STATIONS, key=calm)

    assert all("errors" not in body for body in allowed)
    assert over.status_code == 429
    retry_after = int(over.headers["retry-after"])
    assert 0 < retry_after <= 60
    (error,) = over.json()["errors"]
    assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": retry_after}
    assert other["data"]["stations"]["totalCount"] > 0


async def test_two_apps_on_one_database_share_the_counts(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path)
    async with serving(settings) as first:
        await make_account("huang", "citizen")
        for _ in range(5):
            await sign_in(first, "huang", WRONG)
    async with serving(settings) as second:
        refused = await sign_in(second, "huang", PASSWORD)

    assert error_codes(refused) == ["RATE_LIMITED"]


async def test_expired_entries_leave_the_table(client, monkeypatch):
    for name in ("li", "wang", "zhao"):
        await sign_in(client, name, WRONG)
    before = await RateLimitEntry.all().count()
    later(monkeypatch, timedelta(hours=1))

    await sign_in(client, "li", WRONG)

    assert before == 6, "one row per failure for the account and one for the address"
    assert await RateLimitEntry.all().count() == 2


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_settings(database_url, tmp_path):
    """Settings that count in the local Redis under a prefix of this test's own."""
    if not _redis_reachable():
        pytest.skip(f"no Redis at {REDIS_URL}")
    import redis

    prefix = f"cityhub-test-{secrets.token_hex(6)}"

    def settings(**extra: str):
        return make_settings(
            database_url,
            tmp_path,
            CITYHUB_REDIS_URL=REDIS_URL,
            CITYHUB_REDIS_KEY_PREFIX=prefix,
            **extra,
        )

    yield settings
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"{prefix}*"):
        connection.delete(key)
    connection.close()


async def test_redis_counts_for_every_app_and_not_in_the_database(redis_settings):
    settings = redis_settings(CITYHUB_LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    async with serving(settings) as first:
        await make_account("huang", "citizen")
        for _ in range(2):
            await sign_in(first, "huang", WRONG)
    async with serving(settings) as second:
        refused = await sign_in(second, "huang", PASSWORD)
        rows = await RateLimitEntry.all().count()

    assert error_codes(refused) == ["RATE_LIMITED"]
    assert rows == 0, "nothing is counted in the database"


async def test_redis_forgets_failures_once_the_window_has_passed(redis_settings):
    # Redis is timed by the clock of limits' client (time.time), not the project's clock:
    # a one-second window, waited out.
    settings = redis_settings(CITYHUB_LOGIN_LIMIT_PER_ACCOUNT="2 per 1 second")
    async with serving(settings) as client:
        await make_account("huang", "citizen")
        for _ in range(2):
            await sign_in(client, "huang", WRONG)
        await asyncio.sleep(1.1)
        passed = await sign_in(client, "huang", PASSWORD)

    assert passed["account"] == {"username": "huang"}


async def test_a_key_s_requests_go_through_while_redis_is_unreachable(
    database_url, tmp_path, caplog
):
    nowhere = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there
    settings = make_settings(database_url, tmp_path, CITYHUB_REDIS_URL=nowhere)
    async with serving(settings) as client:
        key = await make_key("partner", "stations:usage")
        with caplog.at_level(logging.ERROR, logger="cityhub.security"):
            body = await gql(client, STATIONS, key=key)

    assert body["data"]["stations"]["totalCount"] > 0
    assert "rate limit not counted" in caplog.text


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CITYHUB_LOGIN_LIMIT_PER_ACCOUNT", "five"),
        ("CITYHUB_LOGIN_LIMIT_PER_ADDRESS", "0 per minute"),
        ("CITYHUB_API_KEY_RATE_LIMIT", "5 per minute; 1 per second"),
        ("CITYHUB_REDIS_URL", "memcached://127.0.0.1:11211"),
    ],
)
def test_a_rate_limit_setting_that_cannot_work_is_refused(variable, value):
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value}).check()


def test_operations_over_a_key_s_websocket_count_against_its_rate(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path, CITYHUB_API_KEY_RATE_LIMIT="2 per minute")
    with TestClient(create_app(settings)) as client:
        key = client.portal.call(make_key, "socket")
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {key}"}})
            assert ws.receive_json()["type"] == "connection_ack"
            answers = []
            for number in "123":
                ws.send_json({"id": number, "type": "subscribe", "payload": {"query": STATIONS}})
                answers.append(ws.receive_json())
                if answers[-1]["type"] == "next":
                    assert ws.receive_json()["type"] == "complete"
        over_http = client.post(
            "/graphql", json={"query": STATIONS}, headers={"Authorization": f"Bearer {key}"}
        )

    assert [a["type"] for a in answers] == ["next", "next", "error"]
    (error,) = answers[2]["payload"]
    assert error["extensions"]["code"] == "RATE_LIMITED" and error["extensions"]["retryAfter"] > 0
    assert over_http.status_code == 429
