"""Who reaches a rental application's personal parts (documents, the fund centre's
handling, transfers): its applicant and housing officers; not another citizen, not a
partner key, not anyone signed out, through the API or the portal. The officers' list
costs the same number of statements for one application as for many."""

from __future__ import annotations

import pytest

from cityhub.models.housing.applications import RentalDocument
from tests.helpers import count_statements, csrf_from, gql, make_account, make_key, sign_in
from tests.housing.fund_support import (
    PNG,
    READ,
    SUBMIT,
    TRANSFER,
    approved,
    authorized,
    step,
    upload,
)
from tests.housing.test_applications_transfer import this_month

DOCUMENT = "query($id: ID!) { node(id: $id) { ... on RentalDocument { id filename sha256 } } }"
LIST = """
{ rentalApplications(first: 50) { totalCount nodes { reference state
    fundCentre { failedAttempts caseReference }
    documents { filename } transfers { amount reference }
    timeline { action } project { name } } } }
"""


async def outsider(client, who: str) -> str | None:
    """Sign in (or out) as ``who``; returns the partner key to send, if any."""
    client.cookies.clear()
    if who == "citizen":
        await make_account("nosy", "citizen")
        await sign_in(client, "nosy")
    if who == "partner":
        return await make_key("partner", "stations:usage", "members:read", "aid:read")
    return None


@pytest.mark.parametrize("who", ["anonymous", "citizen", "partner"])
async def test_outsiders_get_nothing(client, who):
    application = await authorized(client, f"private-{who}")
    document = (await gql(client, READ, {"id": application}))["data"]["node"]["documents"][0]
    path = f"/housing/documents/{document['id']}"
    assert (await client.get(path)).status_code == 200  # the officer
    key = await outsider(client, who)
    read = await gql(client, READ, {"id": application}, key=key)
    assert read["data"]["node"] is None
    doc = await gql(client, DOCUMENT, {"id": document["id"]}, key=key)
    assert doc["data"]["node"] is None
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    assert (await client.get(path, headers=headers)).status_code == 404
    page = await client.get(f"/housing/applications/{application}", headers=headers)
    assert page.status_code in (404, 303) or "身份证.pdf" not in page.text


async def test_the_applicant_fetches_their_document_under_its_checked_name(client):
    application = await authorized(client, "owner")
    await sign_in(client, "owner")
    body = await upload(client, application, ("scan.html", PNG, "text/html"), kind="OTHER")
    got = body["data"]["uploadApplicationDocument"]["application"]["documents"][-1]
    assert got["downloadName"] == "scan.png" and got["contentType"] == "image/png"
    response = await client.get(f"/housing/documents/{got['id']}")
    assert response.status_code == 200 and response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert "scan.png" in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize(
    ("file", "code"),
    [
        (("empty.pdf", b"", "application/pdf"), "EMPTY_FILE"),
        (("page.html", b"<html></html>", "application/pdf"), "UNSUPPORTED_FILE_TYPE"),
    ],
)
async def test_a_bad_file_is_refused_and_nothing_kept(client, app, file, code):
    application = await authorized(client, f"bad-{code.lower()}")
    body = await upload(client, application, file)
    errors = body["data"]["uploadApplicationDocument"]["userErrors"]
    assert [e["code"] for e in errors] == [code]
    assert await RentalDocument.all().count() == 1  # the one authorized() uploaded


async def test_too_large_and_one_too_many_are_refused(client, app):
    import dataclasses

    application = await authorized(client, "limits")
    settings = app.state.settings
    app.state.settings = dataclasses.replace(settings, upload_max_bytes=64, upload_max_files=2)
    try:
        big = await upload(client, application, ("big.png", PNG + b"\x00" * 64, "image/png"))
        assert [e["code"] for e in big["data"]["uploadApplicationDocument"]["userErrors"]] == [
            "FILE_TOO_LARGE"
        ]
        second = await upload(client, application, ("two.png", PNG, "image/png"))
        assert second["data"]["uploadApplicationDocument"]["userErrors"] == []
        third = await upload(client, application, ("three.png", PNG, "image/png"))
        assert [e["code"] for e in third["data"]["uploadApplicationDocument"]["userErrors"]] == [
            "TOO_MANY_FILES"
        ]
    finally:
        app.state.settings = settings
    assert await RentalDocument.all().count() == 2
    files = [p for p in (settings.data_dir / "uploads" / "housing").rglob("*") if p.is_file()]
    assert len(files) == 2  # nothing left behind by the refusals


async def test_after_submission_no_more_documents(client):
    application = await authorized(client, "closed")
    await step(client, SUBMIT, application)
    body = await upload(client, application)
    errors = body["data"]["uploadApplicationDocument"]["userErrors"]
    assert [e["code"] for e in errors] == ["WRONG_STATE"]


async def test_another_citizen_cannot_upload_to_it(client):
    application = await authorized(client, "theirs")
    await make_account("stranger", "citizen")
    await sign_in(client, "stranger")
    body = await upload(client, application)
    errors = body["data"]["uploadApplicationDocument"]["userErrors"]
    assert [e["code"] for e in errors] == ["NOT_FOUND"]


async def test_the_officers_list_costs_the_same_for_one_and_for_three(client):
    first = await approved(client, "listed-1")
    await step(client, TRANSFER, first, periodStart=this_month(), months=1)
    one, data = await count_statements(client, LIST)
    assert data["rentalApplications"]["totalCount"] >= 1
    await approved(client, "listed-2")
    await authorized(client, "listed-3")
    three, data = await count_statements(client, LIST)
    assert data["rentalApplications"]["totalCount"] >= 3
    assert one == three == 8


async def test_an_officer_submits_from_the_queue_and_comes_back_to_it(client):
    application = await authorized(client, "queued")
    page = await client.get("/housing/queue?state=authorized")
    assert "提交公积金中心校验" in page.text
    done = await client.post(
        f"/housing/applications/{application}/step",
        data={
            "csrf_token": csrf_from(page.text),
            "action": "submit_to_centre",
            "next": "/housing/queue?state=approved",
        },
    )
    assert done.status_code == 303 and done.headers["location"] == "/housing/queue?state=approved"
    listed = await client.get("/housing/queue?state=approved")
    assert "已受理 SIM-" in listed.text and "模拟" in listed.text


async def test_the_api_says_the_fund_centre_is_a_simulation(client):
    body = await gql(client, "{ housingFundCentre { name isSimulation } }")
    assert body["data"]["housingFundCentre"] == {"name": "simulator", "isSimulation": True}


async def test_the_queue_counts_the_samples_apart(client):
    await make_account("counter", "housing_officer")
    await sign_in(client, "counter")
    body = await gql(client, "{ rentalApplications { totalCount sampleCount } }")
    counts = body["data"]["rentalApplications"]
    assert counts["sampleCount"] >= 12 and counts["totalCount"] >= counts["sampleCount"]
    page = await client.get("/housing/queue")
    assert f"其中 {counts['sampleCount']} 份为示例数据" in page.text
