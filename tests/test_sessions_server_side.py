"""Sessions live on the server: a copied cookie stops working once its session ends
(sign-out, a new sign-in, the idle timeout, the absolute lifetime)."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import timedelta

import httpx
import pytest

from cityhub import clock
from cityhub.models.sessions import AccountSession
from cityhub.settings import SettingsError, load_settings
from tests.helpers import count_queries, csrf_from, gql, make_account, sign_in

WHO = "{ viewer { kind account { username } } }"
STAFF_PAGE = "/union/members"


def replay(app, cookie: str) -> httpx.AsyncClient:
    """Another client that sends a copy of ``cookie`` (as an attacker with a stolen one)."""
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    client.cookies.set("cityhub_session", cookie)
    return client


def later(monkeypatch, delta: timedelta) -> None:
    moment = clock.now() + delta
    monkeypatch.setattr(clock, "now", lambda: moment)


def cookie_token(cookie: str) -> str:
    """The session token inside the signed cookie (base64 JSON, then the signature)."""
    data = cookie.split(".")[0]
    return json.loads(base64.b64decode(data + "=" * (-len(data) % 4)))["sid"]


async def test_a_cookie_copied_before_logout_no_longer_reads_staff_pages(app, client):
    await make_account("clerk", "union_staff")
    await sign_in(client, "clerk")
    copied = client.cookies["cityhub_session"]
    before = await client.get(STAFF_PAGE)

    page = await client.get("/account")
    await client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    async with replay(app, copied) as attacker:
        after = await attacker.get(STAFF_PAGE)
        who = await gql(attacker, WHO)

    assert before.status_code == 200
    assert after.status_code == 303 and after.headers["location"].startswith("/login")
    assert who["data"]["viewer"] == {"kind": "ANONYMOUS", "account": None}
    assert await AccountSession.filter(end_reason="signed_out").count() == 1


async def test_a_sign_in_rotates_the_token_and_ends_the_one_before(app, client):
    await make_account("clerk", "union_staff")
    await sign_in(client, "clerk")
    first = client.cookies["cityhub_session"]

    await sign_in(client, "clerk")
    second = client.cookies["cityhub_session"]
    async with replay(app, first) as old, replay(app, second) as new:
        old_who, new_who = await gql(old, WHO), await gql(new, WHO)

    assert cookie_token(first) != cookie_token(second)
    assert old_who["data"]["viewer"]["kind"] == "ANONYMOUS"
    assert new_who["data"]["viewer"]["account"] == {"username": "clerk"}


async def test_only_the_token_s_digest_is_stored(client):
    await make_account("clerk", "union_staff")
    await sign_in(client, "clerk")
    token = cookie_token(client.cookies["cityhub_session"])

    rows = await AccountSession.all().values("token_hash")

    assert rows == [{"token_hash": hashlib.sha256(token.encode()).hexdigest()}]


async def test_an_idle_session_ends(client, monkeypatch):
    await make_account("clerk", "union_staff")
    await sign_in(client, "clerk")

    later(monkeypatch, timedelta(minutes=59))
    still = await gql(client, WHO)
    later(monkeypatch, timedelta(minutes=61))
    idle = await client.get(STAFF_PAGE)

    assert still["data"]["viewer"]["kind"] == "ACCOUNT"
    assert idle.status_code == 303
    assert await AccountSession.filter(end_reason="idle").count() == 1


async def test_a_session_in_use_still_ends_after_its_lifetime(client, monkeypatch):
    await make_account("clerk", "union_staff")
    await sign_in(client, "clerk")
    kinds = []

    for _ in range(25):  # every 30 minutes for 12.5 hours
        later(monkeypatch, timedelta(minutes=30))
        kinds.append((await gql(client, WHO))["data"]["viewer"]["kind"])

    assert kinds[:23] == ["ACCOUNT"] * 23
    assert kinds[23:] == ["ANONYMOUS", "ANONYMOUS"]
    assert await AccountSession.filter(end_reason="expired").count() == 1


async def test_last_seen_is_written_at_most_once_a_minute(client, monkeypatch):
    await make_account("clerk", "union_staff")
    await sign_in(client, "clerk")

    with count_queries() as soon:
        for _ in range(5):
            await gql(client, WHO)
    later(monkeypatch, timedelta(minutes=2))
    with count_queries() as after_a_while:
        await gql(client, WHO)
        await gql(client, WHO)

    updates = [s for s in soon.statements if s.lstrip().upper().startswith("UPDATE")]
    later_updates = [s for s in after_a_while.statements if s.lstrip().upper().startswith("UPDATE")]
    assert updates == []
    assert len(later_updates) == 1


async def test_the_login_form_still_gets_a_csrf_token_without_a_session(client):
    page = await client.get("/login")

    assert csrf_from(page.text)
    assert await AccountSession.all().count() == 0


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"CITYHUB_SESSION_IDLE_MINUTES": "0"}, "CITYHUB_SESSION_IDLE_MINUTES"),
        (
            {"CITYHUB_SESSION_IDLE_MINUTES": "600", "CITYHUB_SESSION_MAX_HOURS": "2"},
            "CITYHUB_SESSION_IDLE_MINUTES",
        ),
        ({"CITYHUB_SESSION_MAX_HOURS": "0"}, "CITYHUB_SESSION_IDLE_MINUTES"),
        ({"CITYHUB_SOCKET_RECHECK_SECONDS": "0"}, "CITYHUB_SOCKET_RECHECK_SECONDS"),
    ],
)
def test_session_settings_that_cannot_work_are_refused(environ, variable):
    with pytest.raises(SettingsError, match=variable):
        load_settings(environ).check()
