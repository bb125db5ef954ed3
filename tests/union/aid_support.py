"""Shared steps for the aid tests: members, multipart uploads, review, documents."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx

from cityhub.models.union.aid_applications import AidApplication, AidAttachment
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.union.members import link_account
from tests.helpers import csrf_from, gql, make_account, sign_in

PDF = b"%PDF-1.4\n% invoice\n" + b"0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
APPLY = """
mutation($input: ApplyForAidInput!) {
  applyForAid(input: $input) {
    aidApplication {
      id reference state childName school channel category { code name } selfPaidAmount hospital
      attachments { filename contentType size }
      timeline { action toState isPublic }
    }
    userErrors { field code message }
  }
}
"""
REVIEW = """
mutation($input: ReviewAidApplicationInput!) {
  reviewAidApplication(input: $input) {
    aidApplication {
      id state decisionReason approvedAmount paidAmount availableActions { action }
      timeline { action fromState toState isPublic note }
    }
    userErrors { field code }
  }
}
"""
PROGRAM = "query($code: String) { aidProgram(code: $code) { id } }"
MEDICAL = {
    "category": "hospitalisation",
    "selfPaidAmount": "4200.00",
    "treatmentStartedOn": "2024-10-08",
    "treatmentEndedOn": "2024-10-15",
    "hospital": "山西省人民医院",
}
STUDENT = {
    "childName": "潘一诺",
    "school": "太原理工大学",
    "admissionYear": 2024,
    "channel": "NON_HARDSHIP",
}


async def as_member(client: httpx.AsyncClient, member_no: str) -> None:
    username = member_no.lower()
    account = await make_account(username, "member")
    await link_account(member_no, account["id"])
    await sign_in(client, username)


async def as_staff(client: httpx.AsyncClient, username: str = "staff") -> None:
    await make_account(username, "union_staff")
    await sign_in(client, username)


async def program_id(client: httpx.AsyncClient, code: str) -> str:
    return (await gql(client, PROGRAM, {"code": code}))["data"]["aidProgram"]["id"]


async def csrf(client: httpx.AsyncClient) -> str:
    """The session's CSRF token, from the hx-headers every signed-in page carries."""
    html = (await client.get("/union/aid")).text
    match = re.search(r'"x-csrf-token": "([^"]+)"', html)
    return match.group(1) if match else csrf_from(html)


async def upload(
    client: httpx.AsyncClient,
    variables: dict[str, Any],
    files: list[tuple[str, bytes, str]],
    *,
    token: str | None = None,
    query: str = APPLY,
) -> dict[str, Any]:
    """applyForAid as a GraphQL multipart request, files at input.invoices."""
    variables["input"]["invoices"] = [None] * len(files)
    operations = json.dumps({"query": query, "variables": variables})
    mapping = {str(i): [f"variables.input.invoices.{i}"] for i in range(len(files))}
    headers = {"X-CSRF-Token": token} if token else {}
    response = await client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps(mapping)},
        files={str(i): f for i, f in enumerate(files)},
        headers=headers,
    )
    assert response.status_code in (200, 400), response.text
    return response.json()


async def apply_medical(client: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    token = await csrf(client)
    variables = {"input": {"program": await program_id(client, "medical-2024"), "medical": MEDICAL}}
    variables["input"]["medical"] = {**MEDICAL, **changes}
    return await upload(client, variables, [("发票.pdf", PDF, "application/pdf")], token=token)


async def review(client: httpx.AsyncClient, application: str, action: str, **extra: Any) -> dict:
    body = await gql(
        client, REVIEW, {"input": {"application": application, "action": action, **extra}}
    )
    return body["data"]["reviewAidApplication"]


async def written() -> tuple[int, int, int]:
    """Applications, attachments and timeline entries in the database."""
    return (
        await AidApplication.all().count(),
        await AidAttachment.all().count(),
        await TimelineEntry.all().count(),
    )


def stored_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "uploads"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
