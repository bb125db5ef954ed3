"""Steps 5 to 7 through GraphQL: the authorisation, the documents, the submission to the
fund centre (the simulator decides at once with the real rules), a centre that does not
answer (the application stays submitted and is retried with backoff), and the centre's
own answers through its key (the same answer twice is harmless, a contrary one refused)."""

from __future__ import annotations

import datetime as dt

import pytest

from cityhub import clock
from cityhub.models.housing.applications import RentalApplication
from cityhub.models.housing.fund_accounts import FundAccount
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.housing import fund_accounts
from cityhub.resolvers.housing.applications import centre
from cityhub.resolvers.housing.fund_accounts.centres import centre_named
from tests.helpers import codes, gql, make_key, sign_in
from tests.housing.fund_support import (
    AUTHORIZE,
    DECIDE,
    READ,
    SUBMIT,
    authorized,
    step,
    upload,
    verified,
)
from tests.housing.outage import centre_down


async def test_the_applicant_signs_the_authorisation_and_uploads(client):
    application = await verified(client, "signer")
    await sign_in(client, "signer")
    signed = await step(client, AUTHORIZE, application)
    assert signed["userErrors"] == [] and signed["application"]["state"] == "AUTHORIZED"
    assert signed["application"]["authorizationSignedAt"]
    body = await upload(client, application, kind="RESIDENCE")
    assert "errors" not in body, body
    done = body["data"]["uploadApplicationDocument"]
    (document,) = done["application"]["documents"]
    assert (document["kind"], document["filename"], document["contentType"]) == (
        "RESIDENCE",
        "身份证.pdf",
        "application/pdf",
    )
    assert len(document["sha256"]) == 64 and document["size"] > 0
    last = done["application"]["timeline"][-1]
    assert (last["action"], last["channel"], last["note"]) == (
        "upload_document",
        "ONLINE",
        "身份证.pdf",
    )


async def test_submitting_needs_a_document(client):
    application = await verified(client, "paperless")
    await step(client, AUTHORIZE, application)  # the officer, in person
    refused = await step(client, SUBMIT, application)
    assert [e["code"] for e in refused["userErrors"]] == ["DOCUMENTS_MISSING"]
    assert await RentalApplication.filter(state="authorized", is_sample=False).count() == 1


async def test_the_simulator_approves_a_clear_account(client):
    application = await authorized(client, "approved")
    done = await step(client, SUBMIT, application)
    got = done["application"]
    assert got["state"] == "APPROVED"
    handling = got["fundCentre"]
    assert handling["isSimulation"] and handling["centre"] == "simulator"
    assert handling["caseReference"] == f"SIM-{got['reference']}" and handling["decidedAt"]
    actions = [(t["action"], t["channel"]) for t in got["timeline"][-2:]]
    assert actions == [("submit_to_centre", "IN_PERSON"), ("centre_approve", "SYSTEM")]
    assert got["timeline"][-1]["actor"] == "住房公积金中心（模拟）"


async def test_the_simulator_rejects_an_account_that_changed_since_the_check(client):
    application = await authorized(client, "frozen-later")
    await FundAccount.filter(account__username="frozen-later").update(state="frozen")
    got = (await step(client, SUBMIT, application))["application"]
    assert got["state"] == "REJECTED" and got["fundCentre"]["reason"] == "公积金账户已冻结"
    assert {a["action"] for a in got["availableActions"]} == {"CHOOSE_SELF", "WITHDRAW"}


async def test_a_centre_that_does_not_answer_keeps_it_submitted_and_retries(
    client, app, monkeypatch
):
    application = await authorized(client, "patient")
    with centre_down(app, "timeout"):
        first = (await step(client, SUBMIT, application))["application"]
    assert first["state"] == "SUBMITTED"
    handling = first["fundCentre"]
    assert handling["failedAttempts"] == 1 and handling["caseReference"] is None
    assert "did not answer" in handling["lastError"]
    row = await RentalApplication.get(state="submitted", is_sample=False)
    wait = (row.centre_next_attempt_at - clock.now()).total_seconds()
    assert 25 < wait <= 30  # the first retry waits CITYHUB_FUND_CENTRE_RETRY_SECONDS
    down = centre_named("unavailable")
    assert await centre.deliver_due(down, 30.0) == 0  # not due yet: not tried
    later = row.centre_next_attempt_at + dt.timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert await centre.deliver_due(down, 30.0) == 0
    row = await RentalApplication.get(id=row.id)
    assert row.centre_attempts == 2 and row.state == "submitted"
    assert (row.centre_next_attempt_at - later).total_seconds() == 60  # doubled
    monkeypatch.setattr(clock, "now", lambda: later + dt.timedelta(seconds=61))
    assert await centre.deliver_due(centre_named("simulator"), 30.0) == 1  # back: decided
    assert (await RentalApplication.get(id=row.id)).state == "approved"


async def test_an_officer_sends_it_again_at_once(client, app):
    application = await authorized(client, "resend")
    with centre_down(app, "unavailable"):
        first = (await step(client, SUBMIT, application))["application"]
    assert first["state"] == "SUBMITTED" and first["fundCentre"]["failedAttempts"] == 1
    assert {a["action"] for a in first["availableActions"]} == {"RETRY_SUBMISSION"}
    again = (await step(client, SUBMIT, application))["application"]
    assert again["state"] == "APPROVED"
    retry = [t for t in again["timeline"] if t["action"] == "retry_submission"]
    assert len(retry) == 1


def test_backoff_doubles_up_to_an_hour():
    assert [centre.next_wait(n, 30.0) for n in (1, 2, 3, 4)] == [30.0, 60.0, 120.0, 240.0]
    assert centre.next_wait(20, 30.0) == 3600.0


async def submitted_to_real_centre(client, app, name: str) -> str:
    """Submitted, taken by a centre that decides later (its answer comes by its key)."""

    class Later:
        name = "centre"

        async def submit(self, submission):
            return fund_accounts.Acknowledgement("TYGJJ-1", approved=None, simulated=False)

    application = await authorized(client, name)
    await step(client, SUBMIT, application)  # the simulator would decide: undo that
    row = await RentalApplication.get(reference__isnull=False, applicant__username=name)
    await RentalApplication.filter(id=row.id).update(state="submitted", centre_reference="")
    assert await centre.deliver(row.id, Later(), 30.0) == "taken"
    return application


async def test_the_centre_answers_by_its_key_and_the_same_answer_twice_is_harmless(client, app):
    application = await submitted_to_real_centre(client, app, "later")
    key = await make_key("fund-centre", "housing:fund_centre")
    answer = {"application": application, "approved": True, "caseReference": "TYGJJ-1"}
    first = await gql(client, DECIDE, {"input": answer}, key=key)
    assert first["data"]["recordFundCentreDecision"] == {
        "reference": first["data"]["recordFundCentreDecision"]["reference"],
        "state": "APPROVED",
        "userErrors": [],
    }
    entries = await TimelineEntry.filter(action="centre_approve").count()
    again = await gql(client, DECIDE, {"input": answer}, key=key)
    assert again["data"]["recordFundCentreDecision"]["state"] == "APPROVED"
    assert await TimelineEntry.filter(action="centre_approve").count() == entries  # no second
    contrary = await gql(
        client, DECIDE, {"input": {**answer, "approved": False, "reason": "x"}}, key=key
    )
    errors = contrary["data"]["recordFundCentreDecision"]["userErrors"]
    assert [e["code"] for e in errors] == ["DECISION_CONFLICT"]
    assert await RentalApplication.filter(state="approved", is_sample=False).count() == 1


async def test_a_refusal_needs_its_reason(client, app):
    application = await submitted_to_real_centre(client, app, "why-not")
    key = await make_key("fund-centre", "housing:fund_centre")
    body = await gql(
        client, DECIDE, {"input": {"application": application, "approved": False}}, key=key
    )
    assert [e["code"] for e in body["data"]["recordFundCentreDecision"]["userErrors"]] == [
        "NOTE_REQUIRED"
    ]
    answer = {"application": application, "approved": False, "reason": "单位欠缴"}
    body = await gql(client, DECIDE, {"input": answer}, key=key)
    assert body["data"]["recordFundCentreDecision"]["state"] == "REJECTED"


@pytest.mark.parametrize("who", ["anonymous", "partner", "citizen", "officer"])
async def test_only_the_centre_records_its_decision(client, app, who):
    application = await submitted_to_real_centre(client, app, f"only-{who}")
    key = None
    if who == "partner":
        key = await make_key("partner", "stations:usage")
    elif who == "anonymous":
        client.cookies.clear()
    elif who == "citizen":
        await sign_in(client, f"only-{who}")
    answer = {"application": application, "approved": True}
    body = await gql(client, DECIDE, {"input": answer}, key=key)
    assert codes(body) in (["UNAUTHENTICATED"], ["FORBIDDEN"])
    assert await RentalApplication.filter(state="submitted", is_sample=False).count() == 1


async def test_a_decision_for_an_application_never_submitted_is_refused(client):
    application = await authorized(client, "early")
    key = await make_key("fund-centre", "housing:fund_centre")
    body = await gql(
        client, DECIDE, {"input": {"application": application, "approved": True}}, key=key
    )
    assert [e["code"] for e in body["data"]["recordFundCentreDecision"]["userErrors"]] == [
        "WRONG_STATE"
    ]


async def test_read_back_by_its_applicant(client):
    application = await authorized(client, "reader")
    await sign_in(client, "reader")
    body = await gql(client, READ, {"id": application})
    assert body["data"]["node"]["state"] == "AUTHORIZED"


async def test_the_submissions_job_sends_what_is_due_in_one_process(
    client, app, settings, monkeypatch
):
    from cityhub import jobs, leases
    from cityhub.resolvers.registry import jobs as installed_jobs

    (job,) = [j for j in installed_jobs() if j.name == "housing.fund_centre_submissions"]
    application = await authorized(client, "by-the-job")
    with centre_down(app, "unavailable"):
        await step(client, SUBMIT, application)
    later = clock.now() + dt.timedelta(minutes=5)
    monkeypatch.setattr(clock, "now", lambda: later)
    lease = leases.leases_for(settings)
    first, second = leases.new_holder(), leases.new_holder()
    assert await jobs.run_once(job, lease, first) == 1  # the simulator took and decided it
    assert await jobs.run_once(job, lease, second) is None
    assert await RentalApplication.filter(state="approved", is_sample=False).count() == 1
