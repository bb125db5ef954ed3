"""Every fund step refused where the workflow does not allow it — wrong state, wrong role,
someone else's application — with a coded error and nothing changed; and the ways out
(withdraw before the centre has it, pay the rent oneself after a refusal)."""

from __future__ import annotations

import pytest

from cityhub.models.housing.applications import RentalApplication
from cityhub.models.housing.fund_accounts import FundAccount
from cityhub.models.workflow import TimelineEntry
from tests.helpers import codes, gql, make_account, sign_in
from tests.housing.fund_support import AUTHORIZE, SUBMIT, authorized, step, verified
from tests.housing.outage import centre_down
from tests.housing.test_applications import CHOOSE, SIGN, WITHDRAW, available_unit, reserve


async def snapshot() -> tuple[list[tuple[str, str]], int]:
    states = await RentalApplication.all().order_by("id").values_list("reference", "state")
    return list(states), await TimelineEntry.filter(subject_type="rental_application").count()


async def test_authorising_before_the_account_is_checked_is_wrong_state(client):
    await make_account("early-bird", "citizen")
    await sign_in(client, "early-bird")
    application = (await reserve(client, await available_unit()))["application"]["id"]
    await step(client, SIGN, application)
    before = await snapshot()
    refused = await step(client, AUTHORIZE, application)
    assert [e["code"] for e in refused["userErrors"]] == ["WRONG_STATE"]
    assert await snapshot() == before


async def test_someone_else_cannot_authorise(client):
    application = await verified(client, "mine")
    await make_account("not-mine", "citizen")
    await sign_in(client, "not-mine")
    before = await snapshot()
    refused = await step(client, AUTHORIZE, application)
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]
    assert await snapshot() == before


async def test_the_applicant_cannot_submit_to_the_centre(client):
    application = await authorized(client, "self-submit")
    await sign_in(client, "self-submit")
    before = await snapshot()
    body = await gql(client, SUBMIT, {"input": {"application": application}})
    assert codes(body) == ["FORBIDDEN"]
    assert await snapshot() == before


async def test_submitting_twice_is_wrong_state_once_decided(client):
    application = await authorized(client, "double-submit")
    assert (await step(client, SUBMIT, application))["application"]["state"] == "APPROVED"
    before = await snapshot()
    again = await step(client, SUBMIT, application)
    assert [e["code"] for e in again["userErrors"]] == ["WRONG_STATE"]
    assert await snapshot() == before


async def test_no_withdrawal_while_the_centre_has_it(client, app):
    application = await authorized(client, "in-flight")
    with centre_down(app, "unavailable"):
        assert (await step(client, SUBMIT, application))["application"]["state"] == "SUBMITTED"
    refused = await step(client, WITHDRAW, application)
    assert [e["code"] for e in refused["userErrors"]] == ["WRONG_STATE"]


@pytest.mark.parametrize("way_out", ["withdraw", "pay-myself"])
async def test_after_a_refusal_the_tenant_pays_or_withdraws(client, way_out):
    application = await authorized(client, f"refused-{way_out}")
    await FundAccount.filter(account__username=f"refused-{way_out}").update(state="pledged")
    assert (await step(client, SUBMIT, application))["application"]["state"] == "REJECTED"
    await sign_in(client, f"refused-{way_out}")
    if way_out == "withdraw":
        done = await step(client, WITHDRAW, application, reason="改为自行支付")
        assert done["application"]["state"] == "WITHDRAWN"
    else:
        done = await step(client, CHOOSE, application, method="SELF")
        assert done["application"]["state"] == "SELF_PAY"


async def test_a_fund_payment_cannot_be_chosen_after_a_refusal(client):
    application = await authorized(client, "no-second-try")
    await FundAccount.filter(account__username="no-second-try").update(state="frozen")
    await step(client, SUBMIT, application)
    await sign_in(client, "no-second-try")
    refused = await step(client, CHOOSE, application, method="FUND")
    assert [e["code"] for e in refused["userErrors"]] == ["WRONG_STATE"]


async def test_the_fund_only_where_the_project_takes_it(client):
    from cityhub.models.housing.projects import HousingUnit

    await make_account("no-fund-here", "citizen")
    await sign_in(client, "no-fund-here")
    unit = await HousingUnit.filter(
        status="available", project__status="operating", project__fund_payment=False
    ).first()
    application = (await reserve(client, unit))["application"]["id"]
    await step(client, SIGN, application)
    refused = await step(client, CHOOSE, application, method="FUND")
    assert [e["code"] for e in refused["userErrors"]] == ["FUND_NOT_OFFERED"]
    assert (await step(client, CHOOSE, application, method="SELF"))["application"]["state"] == (
        "SELF_PAY"
    )
