"""Shared steps for the fund-payment tests: an application brought to a given step, the
GraphQL documents of steps 5 to 8, and document uploads as multipart requests."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import httpx

from cityhub.models.housing.fund_accounts import FundAccount
from tests.helpers import csrf_from, make_account, sign_in
from tests.housing.test_applications import FIELDS, available_unit, reserve, step
from tests.housing.test_applications_verify import CHOOSE, SIGN, VERIFY

SELECTION = """
  id reference state monthlyRent authorizationSignedAt
  availableActions { action }
  fundCentre { centre isSimulation caseReference failedAttempts nextAttemptAt lastError
    decidedAt reason }
  documents { id kind filename downloadName contentType size sha256 }
  transfers { periodStart months amount status reference isSimulation }
  timeline { action channel toState note actor }
"""
FUND_FIELDS = f"application {{ {SELECTION} }} userErrors {{ code field message }}"
AUTHORIZE = (
    "mutation($input: ApplicationStepInput!) "
    f"{{ signFundAuthorization(input: $input) {{ {FUND_FIELDS} }} }}"
)
SUBMIT = (
    "mutation($input: ApplicationStepInput!) "
    f"{{ submitToFundCentre(input: $input) {{ {FUND_FIELDS} }} }}"
)
UPLOAD = (
    "mutation($input: UploadApplicationDocumentInput!) "
    f"{{ uploadApplicationDocument(input: $input) {{ {FUND_FIELDS} }} }}"
)
DECIDE = (
    "mutation($input: RecordFundCentreDecisionInput!) "
    "{ recordFundCentreDecision(input: $input) { reference state userErrors { code message } } }"
)
TRANSFER = (
    f"mutation($input: TransferRentInput!) {{ transferRent(input: $input) {{ {FUND_FIELDS} }} }}"
)
READ = f"query($id: ID!) {{ node(id: $id) {{ ... on RentalApplication {{ {SELECTION} }} }} }}"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


async def verified(client: httpx.AsyncClient, name: str, **account: Any) -> str:
    """An application of ``name`` at VERIFIED (checked by ``name``-officer, who is signed
    in after); the fund account as given (normal, 12 months and 20,000 yuan by default)."""
    person = await make_account(name, "citizen")
    fields = {"consecutive_months": 12, "balance": Decimal("20000.00"), **account}
    await FundAccount.create(account_id=person["id"], monthly_deposit=Decimal("800.00"), **fields)
    await sign_in(client, name)
    application = (await reserve(client, await available_unit()))["application"]["id"]
    await step(client, SIGN, application)
    await step(client, CHOOSE, application, method="FUND")
    await make_account(f"{name}-officer", "housing_officer")
    await sign_in(client, f"{name}-officer")
    done = await step(client, VERIFY, application)
    assert done["application"]["state"] == "VERIFIED", done
    return application


async def csrf(client: httpx.AsyncClient) -> str:
    html = (await client.get("/housing")).text
    match = re.search(r'"x-csrf-token": "([^"]+)"', html)
    return match.group(1) if match else csrf_from(html)


async def upload(
    client: httpx.AsyncClient,
    application: str,
    file: tuple[str, bytes, str] = ("身份证.pdf", PDF, "application/pdf"),
    kind: str = "ID_CARD",
) -> dict[str, Any]:
    """uploadApplicationDocument as a GraphQL multipart request."""
    variables = {"input": {"application": application, "kind": kind, "file": None}}
    operations = json.dumps({"query": UPLOAD, "variables": variables})
    response = await client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": file},
        headers={"X-CSRF-Token": await csrf(client)},
    )
    assert response.status_code in (200, 400), response.text
    return response.json()


async def authorized(client: httpx.AsyncClient, name: str, **account: Any) -> str:
    """At AUTHORIZED with one document, signed in as ``name``-officer."""
    application = await verified(client, name, **account)
    await sign_in(client, name)
    assert (await step(client, AUTHORIZE, application))["application"]["state"] == "AUTHORIZED"
    body = await upload(client, application)
    assert body["data"]["uploadApplicationDocument"]["userErrors"] == [], body
    await sign_in(client, f"{name}-officer")
    return application


async def approved(client: httpx.AsyncClient, name: str, **account: Any) -> str:
    application = await authorized(client, name, **account)
    done = await step(client, SUBMIT, application)
    assert done["application"]["state"] == "APPROVED", done
    return application


__all__ = ["FIELDS", "step"]
