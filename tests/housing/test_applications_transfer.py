"""Step 8 through GraphQL: the rent of whole months transferred from the fund once per
application and period, whether the call is repeated, sent five times at once, or the
centre went quiet after paying; the months bounded by policy; who may transfer."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from cityhub import clock
from cityhub.models.housing.applications import RentalApplication, RentTransfer
from cityhub.models.housing.fund_accounts import FundAccount, FundCentreTransfer
from cityhub.resolvers.housing.fund_accounts import TransferOrder
from cityhub.resolvers.housing.fund_accounts.simulator import Simulator
from tests.helpers import codes, gql, sign_in
from tests.housing.fund_support import TRANSFER, approved, authorized, step
from tests.housing.outage import centre_down


def this_month() -> str:
    return f"{clock.local_date(clock.now()):%Y-%m}-01"


def month_after(first: str, months: int) -> str:
    index = int(first[:4]) * 12 + int(first[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}-01"


async def balance(name: str) -> Decimal:
    return (await FundAccount.get(account__username=name)).balance


async def test_a_transfer_pays_the_months_and_says_its_receipt(client):
    application = await approved(client, "payer")
    before = await balance("payer")
    done = await step(client, TRANSFER, application, periodStart=this_month(), months=3)
    got = done["application"]
    assert done["userErrors"] == [] and got["state"] == "PAID"
    (transfer,) = got["transfers"]
    rent = Decimal(got["monthlyRent"])
    assert Decimal(transfer["amount"]) == rent * 3 and transfer["months"] == 3
    assert transfer["status"] == "DONE" and transfer["reference"].startswith("SIMT-")
    assert transfer["isSimulation"] and transfer["periodStart"] == this_month()
    assert await balance("payer") == before - rent * 3
    assert transfer["reference"] in got["timeline"][-1]["note"]
    assert "（模拟）" in got["timeline"][-1]["note"]


async def test_the_same_period_twice_or_overlapping_is_refused(client):
    application = await approved(client, "twice")
    await step(client, TRANSFER, application, periodStart=this_month(), months=3)
    paid = await balance("twice")
    for start, months in ((this_month(), 3), (month_after(this_month(), 2), 2)):
        again = await step(client, TRANSFER, application, periodStart=start, months=months)
        assert [e["code"] for e in again["userErrors"]] == ["ALREADY_TRANSFERRED"]
    assert await balance("twice") == paid
    assert await RentTransfer.filter(is_sample=False).count() == 1
    later = await step(
        client, TRANSFER, application, periodStart=month_after(this_month(), 3), months=1
    )
    assert len(later["application"]["transfers"]) == 2


async def test_five_calls_at_once_pay_once(client):
    application = await approved(client, "racer")
    before = await balance("racer")
    variables = {"input": {"application": application, "periodStart": this_month(), "months": 2}}
    bodies = await asyncio.gather(*(gql(client, TRANSFER, variables) for _ in range(5)))
    outcomes = [b["data"]["transferRent"]["userErrors"] for b in bodies]
    assert outcomes.count([]) == 1
    rent = (await RentalApplication.get(reference__startswith="ZL", is_sample=False)).monthly_rent
    assert await balance("racer") == before - rent * 2
    assert await FundCentreTransfer.filter(fund_account__account__username="racer").count() == 1
    assert await RentTransfer.filter(status="done", is_sample=False).count() == 1


async def test_a_centre_that_paid_but_did_not_say_is_asked_again_under_the_same_key(client, app):
    application = await approved(client, "quiet")
    before = await balance("quiet")
    with centre_down(app, "timeout"):
        refused = await step(client, TRANSFER, application, periodStart=this_month(), months=1)
    assert [e["code"] for e in refused["userErrors"]] == ["FUND_CENTRE_UNAVAILABLE"]
    claim = await RentTransfer.get(status="pending")
    assert (await RentalApplication.get(id=claim.application_id)).state == "approved"
    # The centre had in fact paid before going quiet:
    applicant = (await RentalApplication.get(id=claim.application_id)).applicant_id
    receipt = await Simulator().transfer(TransferOrder(claim.key, applicant, claim.amount))
    done = await step(client, TRANSFER, application, periodStart=this_month(), months=1)
    (transfer,) = done["application"]["transfers"]
    assert transfer["reference"] == receipt.reference and transfer["status"] == "DONE"
    assert await balance("quiet") == before - claim.amount


async def test_a_balance_too_low_is_refused_and_nothing_is_kept(client):
    application = await approved(client, "short", balance=Decimal("100.00"))
    refused = await step(client, TRANSFER, application, periodStart=this_month(), months=12)
    assert [e["code"] for e in refused["userErrors"]] == ["INSUFFICIENT_BALANCE"]
    assert await RentTransfer.filter(is_sample=False).count() == 0
    assert await balance("short") == Decimal("100.00")
    assert await RentalApplication.filter(state="approved", is_sample=False).count() == 1


@pytest.mark.parametrize(
    ("start", "months", "code"),
    [
        (None, 0, "INVALID"),
        (None, 13, "INVALID"),
        ("2020-01-01", 1, "BEFORE_LEASE"),
    ],
)
async def test_months_out_of_bounds_are_refused(client, start, months, code):
    application = await approved(client, f"bounds-{months}")
    refused = await step(
        client, TRANSFER, application, periodStart=start or this_month(), months=months
    )
    assert [e["code"] for e in refused["userErrors"]] == [code]
    assert await RentTransfer.filter(is_sample=False).count() == 0


async def test_the_policy_sets_the_most_months(client):
    from cityhub.models.housing.eligibility import RentPolicy

    await RentPolicy.all().update(max_transfer_months=2)
    application = await approved(client, "policy")
    refused = await step(client, TRANSFER, application, periodStart=this_month(), months=3)
    assert refused["userErrors"][0]["message"] == "月数须在 1 到 2 之间"


async def test_before_approval_or_by_the_applicant_it_is_refused(client):
    application = await authorized(client, "too-soon")
    early = await step(client, TRANSFER, application, periodStart=this_month(), months=1)
    assert [e["code"] for e in early["userErrors"]] == ["WRONG_STATE"]
    await sign_in(client, "too-soon")
    body = await gql(
        client,
        TRANSFER,
        {"input": {"application": application, "periodStart": this_month(), "months": 1}},
    )
    assert codes(body) == ["FORBIDDEN"]
    assert await RentTransfer.filter(is_sample=False).count() == 0


async def test_a_month_with_a_bad_value_is_refused_at_the_boundary(client):
    application = await approved(client, "bad-date")
    body = await gql(
        client,
        TRANSFER,
        {"input": {"application": application, "periodStart": "2025-13-01", "months": 1}},
    )
    assert codes(body) == ["BAD_USER_INPUT"]


async def test_no_withdrawal_while_a_transfer_is_asked_and_no_transfer_after_one(client, app):
    from tests.housing.test_applications import WITHDRAW

    application = await approved(client, "half-way")
    with centre_down(app, "unavailable"):
        await step(client, TRANSFER, application, periodStart=this_month(), months=1)
    refused = await step(client, WITHDRAW, application)
    assert [e["code"] for e in refused["userErrors"]] == ["TRANSFER_IN_PROGRESS"]
    other = await approved(client, "withdrawn-first")
    await step(client, WITHDRAW, other)
    after = await step(client, TRANSFER, other, periodStart=this_month(), months=1)
    assert [e["code"] for e in after["userErrors"]] == ["WRONG_STATE"]
    assert (
        await RentTransfer.filter(application__applicant__username="withdrawn-first").count() == 0
    )
