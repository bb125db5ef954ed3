"""Signing in and out through the schema: signIn / signOut set and clear the session
cookie, only where a cross-site page cannot post; `me` needs a signed-in account."""

from __future__ import annotations

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
