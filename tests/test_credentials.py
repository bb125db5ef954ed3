"""Changing a password or roles, and ending sessions (GraphQL and the CLI): each ends the
account's sessions at once; bad input is a coded userError and changes nothing."""

from __future__ import annotations

import base64

import httpx
import pytest

from cityhub.models.accounts import Account
from cityhub.models.audit import AuditEntry
from cityhub.models.sessions import AccountSession
from tests.cli_process import run_cli
from tests.helpers import PASSWORD, codes, gql, make_account, make_key

SIGN_IN = """
mutation($input: SignInInput!) {
  signIn(input: $input) { account { username } userErrors { code } }
}
"""
WHO = "{ viewer { kind account { username roles } } }"
CHANGE = """
mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) { account { username } userErrors { field code message } }
}
"""
SET_ROLES = """
mutation($input: SetAccountRolesInput!) {
  setAccountRoles(input: $input) { account { username roles } userErrors { field code } }
}
"""
END = """
mutation($input: EndAccountSessionsInput!) {
  endAccountSessions(input: $input) { account { username } endedSessions userErrors { code } }
}
"""
NEW_PASSWORD = "a new and longer one"


def global_id(account: dict) -> str:
    return base64.b64encode(f"Account:{account['id']}".encode()).decode()


@pytest.fixture
async def browser(app):
    """Another browser: its own cookies, the same app."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def signed_in(client, username: str, password: str = PASSWORD) -> None:
    body = await gql(client, SIGN_IN, {"input": {"username": username, "password": password}})
    assert body["data"]["signIn"]["userErrors"] == [], body


async def kind(client) -> str:
    return (await gql(client, WHO))["data"]["viewer"]["kind"]


async def test_changing_a_password_ends_the_other_sessions_and_renews_this_one(client, browser):
    await make_account("driver", "member")
    await signed_in(client, "driver")
    await signed_in(browser, "driver")
    cookie_before = client.cookies["cityhub_session"]

    changed = await gql(
        client, CHANGE, {"input": {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}}
    )

    assert changed["data"]["changePassword"] == {
        "account": {"username": "driver"},
        "userErrors": [],
    }
    assert await kind(client) == "ACCOUNT"
    assert client.cookies["cityhub_session"] != cookie_before
    assert await kind(browser) == "ANONYMOUS"
    old = await gql(browser, SIGN_IN, {"input": {"username": "driver", "password": PASSWORD}})
    assert [e["code"] for e in old["data"]["signIn"]["userErrors"]] == ["INVALID_CREDENTIALS"]
    await signed_in(browser, "driver", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("current", "new", "field", "code"),
    [
        ("not the password", NEW_PASSWORD, "currentPassword", "WRONG_PASSWORD"),
        (PASSWORD, "short", "newPassword", "WEAK_PASSWORD"),
    ],
)
async def test_a_refused_password_change_changes_nothing(
    client, browser, current, new, field, code
):
    await make_account("driver", "member")
    await signed_in(client, "driver")
    await signed_in(browser, "driver")
    hash_before = (await Account.get(username="driver")).password_hash

    refused = await gql(client, CHANGE, {"input": {"currentPassword": current, "newPassword": new}})

    (error,) = refused["data"]["changePassword"]["userErrors"]
    assert (error["field"], error["code"]) == (field, code) and error["message"]
    assert (await Account.get(username="driver")).password_hash == hash_before
    assert await kind(client) == await kind(browser) == "ACCOUNT"


async def test_only_a_signed_in_account_changes_its_password(client):
    key = await make_key("partner")
    variables = {"input": {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}}

    anonymous = await gql(client, CHANGE, variables)
    with_key = await gql(client, CHANGE, variables, key=key)

    assert codes(anonymous) == codes(with_key) == ["UNAUTHENTICATED"]


async def test_an_admin_s_role_change_ends_the_account_s_sessions_and_is_audited(client, browser):
    await make_account("boss", "admin")
    target = await make_account("driver", "member")
    await signed_in(client, "boss")
    await signed_in(browser, "driver")

    changed = await gql(
        client, SET_ROLES, {"input": {"account": global_id(target), "roles": ["union_staff"]}}
    )

    assert changed["data"]["setAccountRoles"] == {
        "account": {"username": "driver", "roles": ["UNION_STAFF"]},
        "userErrors": [],
    }
    assert await kind(browser) == "ANONYMOUS"
    (entry,) = await AuditEntry.filter(action="account.set_roles").values("actor_label", "changes")
    assert entry == {"actor_label": "Boss", "changes": {"roles": [["member"], ["union_staff"]]}}


@pytest.mark.parametrize(
    ("roles", "code"), [(["member", "emperor"], "UNKNOWN_ROLE"), ([], "NO_ROLE")]
)
async def test_a_refused_role_change_changes_nothing(client, browser, roles, code):
    await make_account("boss", "admin")
    target = await make_account("driver", "member")
    await signed_in(client, "boss")
    await signed_in(browser, "driver")

    refused = await gql(
        client, SET_ROLES, {"input": {"account": global_id(target), "roles": roles}}
    )

    assert [e["code"] for e in refused["data"]["setAccountRoles"]["userErrors"]] == [code]
    assert (await Account.get(username="driver")).roles == ["member"]
    assert await kind(browser) == "ACCOUNT"
    assert await AuditEntry.filter(subject_type="account").count() == 0


async def test_an_admin_ends_every_session_of_an_account(client, browser):
    await make_account("boss", "admin")
    target = await make_account("driver", "member")
    await signed_in(client, "boss")
    await signed_in(browser, "driver")
    await signed_in(browser, "driver")  # the first of these ended when the second began

    ended = await gql(client, END, {"input": {"account": global_id(target)}})

    assert ended["data"]["endAccountSessions"] == {
        "account": {"username": "driver"},
        "endedSessions": 1,
        "userErrors": [],
    }
    assert await kind(browser) == "ANONYMOUS"
    assert await kind(client) == "ACCOUNT"
    assert await AuditEntry.filter(action="account.end_sessions").count() == 1


async def test_only_admins_change_roles_or_end_sessions_and_unknown_accounts_are_refused(
    client, browser
):
    target = await make_account("driver", "member")
    await make_account("clerk", "union_staff")
    await make_account("boss", "admin")
    await signed_in(browser, "driver")
    await signed_in(client, "clerk")
    ours = {"account": global_id(target)}

    forbidden = [
        await gql(client, SET_ROLES, {"input": {**ours, "roles": ["admin"]}}),
        await gql(client, END, {"input": ours}),
    ]
    await signed_in(client, "boss")
    nobody = {"account": global_id({"id": 999_999})}
    missing = [
        await gql(client, SET_ROLES, {"input": {**nobody, "roles": ["admin"]}}),
        await gql(client, END, {"input": nobody}),
    ]

    assert [codes(body) for body in forbidden] == [["FORBIDDEN"], ["FORBIDDEN"]]
    assert missing[0]["data"]["setAccountRoles"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert missing[1]["data"]["endAccountSessions"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert await kind(browser) == "ACCOUNT"
    assert (await Account.get(username="driver")).roles == ["member"]


async def test_the_cli_sets_a_password_and_ends_the_account_s_sessions(settings, client):
    await make_account("driver", "member")
    await signed_in(client, "driver")

    weak = run_cli(settings, "set-password", "driver", "--password-stdin", input="short\n")
    still = await kind(client)
    done = run_cli(settings, "set-password", "driver", "--password-stdin", input=NEW_PASSWORD)

    assert weak.returncode == 1 and "at least 10" in weak.stderr
    assert still == "ACCOUNT"
    assert done.returncode == 0, done.stderr
    assert "ended 1 session" in done.stdout
    assert await kind(client) == "ANONYMOUS"
    await signed_in(client, "driver", NEW_PASSWORD)


async def test_the_cli_sets_roles_and_ends_sessions(settings, client, browser):
    await make_account("driver", "member")
    await signed_in(client, "driver")

    unknown = run_cli(settings, "set-roles", "driver", "--roles", "member,emperor")
    kept = await kind(client)
    changed = run_cli(settings, "set-roles", "driver", "--roles", "member,union_staff")
    after_roles = await kind(client)
    await signed_in(browser, "driver")
    ended = run_cli(settings, "end-sessions", "driver")

    assert unknown.returncode == 1 and "emperor" in unknown.stderr
    assert kept == "ACCOUNT"
    assert changed.returncode == 0, changed.stderr
    assert after_roles == "ANONYMOUS"
    assert (await Account.get(username="driver")).roles == ["member", "union_staff"]
    assert ended.returncode == 0 and "Ended 1 session" in ended.stdout
    assert await kind(browser) == "ANONYMOUS"
    assert await AccountSession.filter(ended_at__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("set-password", "nobody", "--password-stdin"), NEW_PASSWORD),
        (("set-roles", "nobody", "--roles", "member"), None),
        (("end-sessions", "nobody"), None),
    ],
)
async def test_the_cli_refuses_an_unknown_account(settings, client, args, stdin):
    result = run_cli(settings, *args, input=stdin)

    assert result.returncode == 1
    assert "No such account" in result.stderr
    assert await AuditEntry.filter(subject_type="account").count() == 0
