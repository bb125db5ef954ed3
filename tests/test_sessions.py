"""Signing in and out through the schema: signIn / signOut set and clear the session
cookie, only where a cross-site page cannot post; `me` needs a signed-in account."""

from __future__ import annotations

import asyncio
import json

from tests.helpers import PASSWORD, codes, gql, make_account, make_key

SIGN_IN = """
mutation($input: SignInInput!) {
  signIn(input: $input) { account { username } userErrors { field code message } }
}
"""
SIGN_OUT = "mutation { signOut { signedOut } }"
WHO = "{ viewer { kind account { username } } }"


async def test_a_json_sign_in_sets_the_session_and_sign_out_ends_it(client):
    await make_account("huang", "citizen")

    signed = await gql(client, SIGN_IN, {"input": {"username": "huang", "password": PASSWORD}})
    inside = await gql(client, WHO)
    out = await gql(client, SIGN_OUT)
    after = await gql(client, WHO)

    assert signed["data"]["signIn"] == {"account": {"username": "huang"}, "userErrors": []}
    assert inside["data"]["viewer"] == {"kind": "ACCOUNT", "account": {"username": "huang"}}
    assert out["data"]["signOut"]["signedOut"] is True
    assert after["data"]["viewer"] == {"kind": "ANONYMOUS", "account": None}


async def test_a_wrong_password_is_a_user_error_that_names_no_part(client):
    await make_account("huang", "citizen")

    wrong = await gql(client, SIGN_IN, {"input": {"username": "huang", "password": "x" * 12}})
    unknown = await gql(client, SIGN_IN, {"input": {"username": "nobody", "password": "x" * 12}})
    still = await gql(client, WHO)

    for body in (wrong, unknown):
        assert body["data"]["signIn"]["account"] is None
        assert [e["code"] for e in body["data"]["signIn"]["userErrors"]] == ["INVALID_CREDENTIALS"]
    assert wrong["data"]["signIn"]["userErrors"] == unknown["data"]["signIn"]["userErrors"]
    assert still["data"]["viewer"]["kind"] == "ANONYMOUS"
    assert "cityhub_session" not in client.cookies


async def test_no_sign_in_with_an_api_key_or_from_a_cross_site_form(client):
    await make_account("huang", "citizen")
    key = await make_key("partner")
    variables = {"input": {"username": "huang", "password": PASSWORD}}

    with_key = await gql(client, SIGN_IN, variables, key=key)
    form = await client.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": SIGN_IN, "variables": {**variables, "f": None}}),
            "map": json.dumps({"0": ["variables.f"]}),
        },
        files={"0": ("a.txt", b"x", "text/plain")},
    )

    assert codes(with_key) == ["FORBIDDEN"]
    assert codes(form.json()) == ["FORBIDDEN"]
    assert (await gql(client, WHO))["data"]["viewer"]["kind"] == "ANONYMOUS"


async def test_me_is_for_signed_in_accounts_only(client):
    await make_account("huang", "citizen")
    anonymous = await gql(client, "{ me { username } }")
    await gql(client, SIGN_IN, {"input": {"username": "huang", "password": PASSWORD}})

    signed = await gql(client, "{ me { username } }")

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert signed["data"]["me"] == {"username": "huang"}


async def test_passwords_are_hashed_and_checked_off_the_event_loop(client, monkeypatch):
    # argon2 takes up to 1.5 s of CPU at the standard cost: on the loop, every other request
    # (health checks included) would wait behind each sign-in attempt.
    from argon2 import PasswordHasher

    on_loop: list[bool] = []

    def running_loop() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    for name in ("hash", "verify"):
        original = getattr(PasswordHasher, name)

        def spy(self, *args, _original=original, **kwargs):
            on_loop.append(running_loop())
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(PasswordHasher, name, spy)
    await make_account("huang", "citizen")
    await gql(client, SIGN_IN, {"input": {"username": "huang", "password": "x" * 12}})
    await gql(client, SIGN_IN, {"input": {"username": "huang", "password": PASSWORD}})

    assert len(on_loop) >= 3, "the account's hash, a failed and a good check"
    assert not any(on_loop)
