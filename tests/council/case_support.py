"""Shared steps for the council-case tests: the GraphQL documents, a resident's report,
a signed-in account registering where it lives, and a grid worker of 中车社区 signed in."""

from __future__ import annotations

from typing import Any

from cityhub.models.council.communities import CommunityWorker
from tests.helpers import csrf_from, gql, make_account, sign_in

CASE_FIELDS = """
  id reference state stateLabel title description address isPublic anonymous isMine
  reporterName reporterPhone reopened rating ratingComment reopenUntil isSample following
  category { code } compound { name } community { name }
  assignee { name phone }
  attributes { code values }
  availableActions { action needsNote }
  timeline { action toState note actor isPublic channel }
  referrals { department answer }
  meetings { place minutes attendees }
  outcome { kind summary parties settlementAmount settlementPayer }
  photos { id url contentType }
"""
PAYLOAD = f"councilCase {{ {CASE_FIELDS} }} userErrors {{ code field message }}"
REPORT = (
    "mutation($input: SubmitCouncilCaseInput!) "
    f"{{ submitCouncilCase(input: $input) {{ {PAYLOAD} }} }}"
)
MOVE = (
    f"mutation($input: MoveCouncilCaseInput!) {{ moveCouncilCase(input: $input) {{ {PAYLOAD} }} }}"
)
CASE = f"query($id: ID!) {{ councilCase(id: $id) {{ {CASE_FIELDS} }} }}"
CASES = """
query($first: Int, $status: [CouncilCaseState!], $text: String, $mine: Boolean,
      $compound: ID, $category: ID) {
  councilCases(first: $first, status: $status, text: $text, mine: $mine,
               compound: $compound, category: $category) {
    totalCount nodes { id reference title state isSample reporterName }
  }
}
"""
PLACES = "{ communities { compounds { id name } } caseCategories { id code } }"


async def places(client) -> tuple[dict[str, str], dict[str, str]]:
    """(compound name -> ID, category code -> ID)."""
    data = (await gql(client, PLACES))["data"]
    compounds = {p["name"]: p["id"] for c in data["communities"] for p in c["compounds"]}
    return compounds, {c["code"]: c["id"] for c in data["caseCategories"]}


RESIDENCE = """
mutation($input: RegisterResidenceInput!) {
  registerResidence(input: $input) {
    resident { building smsAlerts compound { name } }
    userErrors { code field }
  }
}
"""


async def live_in(client, compound: str = "中车国际一期", **changes: Any) -> dict[str, Any]:
    """The signed-in account registers its residence in a compound (by name)."""
    compounds, _ = await places(client)
    data = {"compound": compounds[compound], **changes}
    return (await gql(client, RESIDENCE, {"input": data}))["data"]["registerResidence"]


async def report(client, username: str = "resident-a", **changes: Any) -> dict[str, Any]:
    """A resident (made and signed in) reports an EV-charger case in 中车国际二期."""
    await make_account(username, phone="13800000001")
    await sign_in(client, username)
    compounds, categories = await places(client)
    data = {
        "category": categories["ev_charging"],
        "compound": compounds["中车国际二期"],
        "title": "地下车库装不了充电桩",
        "description": "买了新能源车，物业说地库电力容量不够，充电桩一直装不上。",
        "address": "中车国际二期地下车库B区",
    }
    body = await gql(client, REPORT, {"input": {**data, **changes}})
    return body["data"]["submitCouncilCase"]


async def grid_worker(client, username: str = "grid-wl", name: str = "王琳") -> dict:
    account = await make_account(username, "grid_worker", phone="13900000009")
    await CommunityWorker.filter(name=name).update(account_id=account["id"])
    await sign_in(client, username)
    return account


async def move(client, case_id: str, action: str, **details: Any) -> dict[str, Any]:
    body = await gql(client, MOVE, {"input": {"case": case_id, "action": action, **details}})
    return body["data"]["moveCouncilCase"]


def error_codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def with_photos(
    client,
    data: dict[str, Any],
    files: list[tuple[str, bytes, str]],
    query: str = REPORT,
    field: str = "submitCouncilCase",
) -> dict:
    """A mutation whose input carries photos (submitCouncilCase unless told), as a GraphQL
    multipart request with a signed-in page's CSRF token."""
    import json
    import re

    html = (await client.get("/council")).text
    match = re.search(r'"x-csrf-token": "([^"]+)"', html)
    token = match.group(1) if match else csrf_from(html)
    variables = {"input": {**data, "photos": [None] * len(files)}}
    mapping = {str(i): [f"variables.input.photos.{i}"] for i in range(len(files))}
    response = await client.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps(mapping),
        },
        files={str(i): f for i, f in enumerate(files)},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code in (200, 400), response.text
    return response.json()["data"][field]
