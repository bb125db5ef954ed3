"""The eligibility check for someone signed in who asks it to use what the fund centre
and CityHub know: the contribution and account conditions from the centre, the lease
from CityHub's own applications, each condition saying where its answer came from; a
centre that does not answer or has no account leaves the declared answers, and says so."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cityhub.models.housing.fund_accounts import FundAccount
from tests.helpers import codes, gql, make_account, sign_in
from tests.housing.outage import centre_down
from tests.housing.test_applications import SIGN, available_unit, reserve, step

CHECK = """
query($input: RentEligibilityInput!) {
  checkRentEligibility(input: $input) {
    eligible
    conditions { condition status source reason }
    fundCentre { answer isSimulation note }
  }
}
"""
DECLARED = {
    "hukouInTaiyuan": False,
    "birthDate": "1998-05-01",
    "hasLease": False,
    "consecutiveContributionMonths": 1,
    "otherRentWithdrawalInLease": False,
    "fundAccountState": "NORMAL",
}


async def check(client, **more) -> dict:
    body = await gql(client, CHECK, {"input": {**DECLARED, **more}})
    assert "errors" not in body, body
    return body["data"]["checkRentEligibility"]


def by_condition(result: dict) -> dict[str, tuple[str, str]]:
    return {c["condition"]: (c["status"], c["source"]) for c in result["conditions"]}


async def person(client, name: str, **account) -> dict:
    made = await make_account(name, "citizen")
    if account:
        await FundAccount.create(
            account_id=made["id"],
            monthly_deposit=Decimal("900.00"),
            balance=Decimal("5000.00"),
            **account,
        )
    await sign_in(client, name)
    return made


async def test_declared_answers_say_so(client):
    result = await check(client)
    assert by_condition(result) == {
        "LEASE": ("NOT_MET", "DECLARED"),
        "CONTRIBUTIONS": ("NOT_MET", "DECLARED"),
        "ACCOUNT": ("MET", "DECLARED"),
    }
    assert result["fundCentre"] is None
    unknown = await check(client, consecutiveContributionMonths=None, hasLease=None)
    assert by_condition(unknown)["CONTRIBUTIONS"] == ("UNKNOWN", "NOT_GIVEN")


async def test_the_centre_and_cityhub_answer_in_place_of_the_declaration(client):
    await person(client, "known", consecutive_months=7)
    application = (await reserve(client, await available_unit()))["application"]["id"]
    await step(client, SIGN, application)
    result = await check(client, useFundCentre=True)
    assert by_condition(result) == {
        "LEASE": ("MET", "CITYHUB"),
        "CONTRIBUTIONS": ("MET", "FUND_CENTRE"),
        "ACCOUNT": ("MET", "FUND_CENTRE"),
    }
    assert result["eligible"] is True
    assert result["fundCentre"] == {
        "answer": "ANSWERED",
        "isSimulation": True,
        "note": "缴存月数和账户状态来自公积金中心",
    }


@pytest.mark.parametrize(
    ("account", "status", "reason"),
    [
        ({"consecutive_months": 2}, ("CONTRIBUTIONS", "NOT_MET"), "不满 3 个月"),
        ({"consecutive_months": 9, "state": "under_loan"}, ("ACCOUNT", "NOT_MET"), "有贷款"),
    ],
)
async def test_what_the_centre_knows_wins_over_a_rosier_declaration(
    client, account, status, reason
):
    await person(client, f"rosy-{status[0].lower()}", **account)
    result = await check(client, useFundCentre=True, consecutiveContributionMonths=24)
    (found,) = [c for c in result["conditions"] if c["condition"] == status[0]]
    assert (found["status"], found["source"]) == (status[1], "FUND_CENTRE")
    assert reason in found["reason"] and result["eligible"] is False


async def test_no_account_at_the_centre_keeps_the_declaration(client):
    await person(client, "unknown-to-centre")
    result = await check(client, useFundCentre=True)
    assert result["fundCentre"]["answer"] == "NO_ACCOUNT"
    assert by_condition(result)["CONTRIBUTIONS"] == ("NOT_MET", "DECLARED")


async def test_a_centre_that_does_not_answer_keeps_the_declaration(client, app):
    await person(client, "waiting", consecutive_months=12)
    with centre_down(app, "timeout"):
        result = await check(client, useFundCentre=True)
    assert result["fundCentre"]["answer"] == "UNAVAILABLE"
    assert by_condition(result)["CONTRIBUTIONS"] == ("NOT_MET", "DECLARED")


async def test_signed_out_the_centre_cannot_be_used(client):
    body = await gql(client, CHECK, {"input": {**DECLARED, "useFundCentre": True}})
    assert codes(body) == ["UNAUTHENTICATED"]


async def test_the_wizard_offers_the_centre_to_someone_signed_in(client):
    query = (
        "/housing/eligibility?step=all&hukou=no&birth_date=1998-05-01&lease=no&months=1"
        "&withdrawal=no&account=NORMAL"
    )
    signed_out = await client.get(query + "&centre=yes")
    assert 'name="centre"' not in signed_out.text and "本人填写" in signed_out.text
    await person(client, "wizard-known", consecutive_months=8)
    page = await client.get("/housing/eligibility?step=3&hukou=no&birth_date=1998-05-01&lease=no")
    assert 'name="centre"' in page.text
    done = await client.get(query + "&centre=yes")
    assert done.status_code == 200
    assert "缴存月数和账户状态来自公积金中心" in done.text and "模拟" in done.text
    assert "连续足额缴存 8 个月" in done.text
