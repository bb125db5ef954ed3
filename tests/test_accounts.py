"""Identity and access: the viewer, API keys, sessions, and who may read personal data."""

from __future__ import annotations

from tests.helpers import codes, gql, make_account, make_key, sign_in

VIEWER = "{ viewer { kind roles scopes apiKeyName account { username phone } } }"
ACCOUNTS = "{ accounts(first: 50) { totalCount nodes { id username phone roles } } }"
CREATE_KEY = """
mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { key apiKey { id name prefix scopes } userErrors { field code } }
}
"""
REVOKE_KEY = """
mutation($id: ID!) { revokeApiKey(input: {id: $id}) { apiKey { revokedAt } userErrors { code } } }
"""


async def test_anonymous_viewer(client):
    body = await gql(client, VIEWER)

    assert body["data"]["viewer"] == {
        "kind": "ANONYMOUS",
        "roles": [],
        "scopes": [],
        "apiKeyName": None,
        "account": None,
    }


async def test_api_key_viewer_shows_its_name_and_scopes(client):
    key = await make_key("高德地图", "stations:write")

    body = await gql(client, VIEWER, key=key)

    viewer = body["data"]["viewer"]
    assert viewer["kind"] == "API_KEY"
    assert viewer["apiKeyName"] == "高德地图"
    assert viewer["scopes"] == ["stations:write"]
    assert viewer["account"] is None


async def test_a_signed_in_account_sees_its_own_phone(client):
    await make_account("wanglin", "grid_worker", phone="13812345678")
    await sign_in(client, "wanglin")

    body = await gql(client, VIEWER)

    viewer = body["data"]["viewer"]
    assert viewer["kind"] == "ACCOUNT"
    assert viewer["roles"] == ["GRID_WORKER"]
    assert viewer["account"] == {"username": "wanglin", "phone": "13812345678"}


async def test_a_bad_key_is_a_401_with_a_graphql_error_not_an_anonymous_request(client):
    for authorization in ("Bearer chk_made_up", "Basic dXNlcjpwYXNz", "Bearer "):
        response = await client.post(
            "/graphql", json={"query": VIEWER}, headers={"Authorization": authorization}
        )

        assert response.status_code == 401, authorization
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert codes(response.json()) == ["UNAUTHENTICATED"]
        assert "data" not in response.json()


async def test_a_revoked_key_stops_working_at_once(client):
    await make_account("root", "admin")
    partner_key = await make_key("district office")
    keys = await gql(client, "{ viewer { kind } }", key=partner_key)
    assert keys["data"]["viewer"]["kind"] == "API_KEY"
    await sign_in(client, "root")
    listed = await gql(client, "{ apiKeys { nodes { id name } } }")
    key_id = next(
        n["id"] for n in listed["data"]["apiKeys"]["nodes"] if n["name"] == "district office"
    )

    revoked = await gql(client, REVOKE_KEY, {"id": key_id})
    response = await client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {partner_key}"}
    )

    assert revoked["data"]["revokeApiKey"]["apiKey"]["revokedAt"] is not None
    assert response.status_code == 401


async def test_admins_issue_keys_shown_once_and_stored_as_a_digest(client):
    await make_account("root", "admin")
    await sign_in(client, "root")

    created = await gql(
        client, CREATE_KEY, {"input": {"name": "住房公积金管理中心", "scopes": ["stations:write"]}}
    )
    listed = await gql(client, "{ apiKeys { nodes { name prefix scopes } } }")

    payload = created["data"]["createApiKey"]
    assert payload["userErrors"] == []
    assert payload["key"].startswith("chk_")
    assert payload["key"].startswith(payload["apiKey"]["prefix"])
    assert payload["key"] not in str(listed)
    viewer = await gql(client, VIEWER, key=payload["key"])
    assert viewer["data"]["viewer"]["apiKeyName"] == "住房公积金管理中心"


async def test_bad_key_requests_are_user_errors_and_nothing_is_created(client):
    await make_account("root", "admin")
    await make_key("taken")
    await sign_in(client, "root")

    unknown = await gql(client, CREATE_KEY, {"input": {"name": "x", "scopes": ["everything"]}})
    taken = await gql(client, CREATE_KEY, {"input": {"name": "taken", "scopes": []}})
    blank = await gql(client, CREATE_KEY, {"input": {"name": "  ", "scopes": []}})
    listed = await gql(client, "{ apiKeys { totalCount } }")

    assert unknown["data"]["createApiKey"]["userErrors"] == [
        {"field": "scopes", "code": "UNKNOWN_SCOPE"}
    ]
    assert taken["data"]["createApiKey"]["userErrors"] == [{"field": "name", "code": "NAME_TAKEN"}]
    assert blank["data"]["createApiKey"]["userErrors"] == [
        {"field": "name", "code": "INVALID_NAME"}
    ]
    assert unknown["data"]["createApiKey"]["key"] is None
    assert listed["data"]["apiKeys"]["totalCount"] == 1


async def test_revoking_an_unknown_key_is_a_user_error(client):
    await make_account("root", "admin")
    await sign_in(client, "root")

    body = await gql(client, REVOKE_KEY, {"id": "QXBpS2V5Ojk5OQ=="})  # ApiKey:999

    assert body["data"]["revokeApiKey"]["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_only_admins_manage_keys(client):
    partner_key = await make_key("map app", "stations:write")
    await make_account("staff", "union_staff")

    anonymous = await gql(client, CREATE_KEY, {"input": {"name": "x", "scopes": []}})
    partner = await gql(client, CREATE_KEY, {"input": {"name": "x", "scopes": []}}, key=partner_key)
    await sign_in(client, "staff")
    staff = await gql(client, "{ apiKeys { totalCount } }")

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(partner) == ["FORBIDDEN"]
    assert codes(staff) == ["FORBIDDEN"]


async def test_anonymous_and_partner_keys_cannot_read_accounts_or_phones(client):
    owner = await make_account("owner", "citizen", phone="13900001111")
    partner_key = await make_key("partner", "stations:write")
    account_id = _global_id("Account", owner["id"])
    node = "query($id: ID!) { node(id: $id) { id ... on Account { phone } } }"

    listed_anonymously = await gql(client, ACCOUNTS)
    listed_by_partner = await gql(client, ACCOUNTS, key=partner_key)
    node_anonymously = await gql(client, node, {"id": account_id})
    node_by_partner = await gql(client, node, {"id": account_id}, key=partner_key)

    assert codes(listed_anonymously) == ["UNAUTHENTICATED"]
    assert codes(listed_by_partner) == ["FORBIDDEN"]
    assert node_anonymously["data"]["node"] is None
    assert node_by_partner["data"]["node"] is None
    for body in (listed_anonymously, listed_by_partner, node_anonymously, node_by_partner):
        assert "13900001111" not in str(body)
        assert "1111" not in str(body.get("data"))


async def test_another_account_cannot_read_yours_staff_see_it_masked_admins_in_full(client):
    owner = await make_account("owner", "citizen", phone="13900001111")
    await make_account("neighbour", "citizen")
    await make_account("gridworker", "grid_worker")
    await make_account("root", "admin")
    node = "query($id: ID!) { node(id: $id) { ... on Account { username phone } } }"
    account_id = _global_id("Account", owner["id"])

    await sign_in(client, "neighbour")
    by_neighbour = await gql(client, node, {"id": account_id})
    await sign_in(client, "owner")
    by_owner = await gql(client, node, {"id": account_id})
    await sign_in(client, "gridworker")
    by_staff = await gql(client, node, {"id": account_id})
    listed_by_staff = await gql(client, ACCOUNTS)
    await sign_in(client, "root")
    by_admin = await gql(client, ACCOUNTS)

    assert by_neighbour["data"]["node"] is None
    assert by_owner["data"]["node"] == {"username": "owner", "phone": "13900001111"}
    assert by_staff["data"]["node"] == {"username": "owner", "phone": "139****1111"}
    staff_phones = {n["username"]: n["phone"] for n in listed_by_staff["data"]["accounts"]["nodes"]}
    assert staff_phones["owner"] == "139****1111"
    admin_phones = {n["username"]: n["phone"] for n in by_admin["data"]["accounts"]["nodes"]}
    assert admin_phones["owner"] == "13900001111"


async def test_cookie_sessions_do_not_authenticate_cross_site_form_posts(client):
    await make_account("root", "admin")
    await sign_in(client, "root")

    form_post = await client.post(
        "/graphql",
        content='{"query": "{ viewer { kind } }"}',
        headers={"Content-Type": "text/plain"},
    )
    json_post = await gql(client, "{ viewer { kind } }")

    assert form_post.status_code == 400
    assert json_post["data"]["viewer"]["kind"] == "ACCOUNT"


async def test_api_scopes_are_listed_with_descriptions(client):
    body = await gql(
        client, "{ apiScopes { name description } }", headers={"Accept-Language": "en"}
    )

    assert {"name": "stations:write", "description": "Change station details"} in body["data"][
        "apiScopes"
    ]


def _global_id(type_name: str, pk: int) -> str:
    import base64

    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()
