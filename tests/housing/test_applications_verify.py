"""Step 4: a housing officer checks the applicant's fund account with the fund centre (the
simulator over CityHub's own fund accounts). A failed rule, a missing account or a centre
that does not answer is a userError and changes nothing; only officers may check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cityhub.models.housing.applications import RentalApplication
from cityhub.models.housing.fund_accounts import FundAccount
from cityhub.settings import SettingsError
from tests.conftest import make_settings
from tests.helpers import gql, make_account, sign_in
from tests.housing.outage import centre_down
from tests.housing.test_applications import CHOOSE, FIELDS, SIGN, available_unit, reserve, step

VERIFY = (
    f"mutation($input: ApplicationStepInput!) {{ verifyFundAccount(input: $input) {{ {FIELDS} }} }}"
)


async def fund_chosen(client, name: str, **account) -> str:
    """An application of ``name`` at FUND_CHOSEN; their fund account as given (or none)."""
    person = await make_account(name, "citizen")
    if account:
        await FundAccount.create(
            account_id=person["id"],
            monthly_deposit=Decimal("800.00"),
            balance=Decimal("12000.00"),
            **account,
        )
    await sign_in(client, name)
    application = (await reserve(client, await available_unit()))["application"]["id"]
    await step(client, SIGN, application)
    await step(client, CHOOSE, application, method="FUND")
    await make_account(f"{name}-officer", "housing_officer")
    await sign_in(client, f"{name}-officer")
    return application


async def test_a_clear_account_is_verified_and_the_timeline_says_simulated(client):
    application = await fund_chosen(client, "clear", consecutive_months=6)
    done = await step(client, VERIFY, application)
    assert done["userErrors"] == [] and done["application"]["state"] == "VERIFIED"
    last = done["application"]["timeline"][-1]
    assert (last["action"], last["channel"]) == ("verify_account", "IN_PERSON")
    row = await RentalApplication.get(state="verified", is_sample=False)
    assert row.id


@pytest.mark.parametrize(
    ("account", "message"),
    [
        ({"consecutive_months": 2}, "连续足额缴存 2 个月，不满 3 个月"),
        ({"consecutive_months": 12, "state": "pledged"}, "公积金账户有担保"),
        ({"consecutive_months": 12, "state": "frozen"}, "公积金账户已冻结"),
        ({"consecutive_months": 12, "state": "under_loan"}, "公积金账户有贷款"),
        (
            {"consecutive_months": 12, "other_withdrawal_until": dt.date(2099, 1, 1)},
            "租赁合同期内已有其他租房提取记录",
        ),
    ],
)
async def test_an_account_that_breaks_a_rule_is_refused_with_why(client, account, message):
    application = await fund_chosen(client, "broken", **account)
    refused = await step(client, VERIFY, application)
    assert refused["application"] is None
    assert [e["code"] for e in refused["userErrors"]] == ["ACCOUNT_NOT_ELIGIBLE"]
    assert refused["userErrors"][0]["message"] == message
    assert await RentalApplication.filter(state="fund_chosen", is_sample=False).count() == 1


async def test_no_account_at_the_centre_is_refused(client):
    application = await fund_chosen(client, "nobody")
    refused = await step(client, VERIFY, application)
    assert [e["code"] for e in refused["userErrors"]] == ["NO_FUND_ACCOUNT"]


@pytest.mark.parametrize("mode", ["unavailable", "timeout"])
async def test_a_centre_that_does_not_answer_changes_nothing(client, app, mode):
    application = await fund_chosen(client, "waiting", consecutive_months=6)
    with centre_down(app, mode):
        refused = await step(client, VERIFY, application)
    assert [e["code"] for e in refused["userErrors"]] == ["FUND_CENTRE_UNAVAILABLE"]
    assert await RentalApplication.filter(state="fund_chosen", is_sample=False).count() == 1
    again = await step(client, VERIFY, application)  # the centre is back: the same step works
    assert again["application"]["state"] == "VERIFIED"


async def test_only_officers_verify(client):
    application = await fund_chosen(client, "self-check", consecutive_months=6)
    await sign_in(client, "self-check")
    body = await gql(client, VERIFY, {"input": {"application": application}})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await RentalApplication.filter(state="fund_chosen", is_sample=False).count() == 1


async def test_an_officer_verifies_from_the_application_page(client):
    from tests.helpers import csrf_from

    application = await fund_chosen(client, "page-check", consecutive_months=6)
    path = f"/housing/applications/{application}"
    page = await client.get(path)
    assert "查验公积金账户" in page.text
    done = await client.post(
        path + "/step",
        data={"csrf_token": csrf_from(page.text), "action": "verify_account"},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "公积金账户已查验" in done.text
    assert "公积金中心（模拟）查验通过" in done.text


def test_an_unknown_fund_centre_is_refused_at_start(tmp_path):
    with pytest.raises(SettingsError, match="CITYHUB_FUND_CENTRE"):
        make_settings("sqlite://:memory:", tmp_path, CITYHUB_FUND_CENTRE="real-one")
