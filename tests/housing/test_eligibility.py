"""The explained eligibility check (checkRentEligibility) through GraphQL: every group and
condition branch, the birthday and anniversary edges, bad input, the admin's policy."""

from __future__ import annotations

import pytest

from cityhub import clock
from cityhub.models.audit import AuditEntry
from cityhub.models.housing.eligibility import RentPolicy
from tests.helpers import codes, gql, make_account, sign_in

CHECK = """
query($input: RentEligibilityInput!) {
  checkRentEligibility(input: $input) {
    eligible asOf
    groups { group applies reason }
    conditions { condition status reason }
    policy { youthMinAge youthMaxAge newCitizenHukouYears minContributionMonths }
  }
}
"""
UPDATE = """
mutation($input: UpdateRentPolicyInput!) {
  updateRentPolicy(input: $input) {
    policy { youthMinAge youthMaxAge newCitizenHukouYears minContributionMonths }
    userErrors { field code message }
  }
}
"""
AS_OF = "2024-12-10"
# Everything met: a 30-year-old without a Taiyuan hukou, a lease, 12 months, a clear account.
MET = {
    "hukouInTaiyuan": False,
    "birthDate": "1994-06-01",
    "hasLease": True,
    "consecutiveContributionMonths": 12,
    "otherRentWithdrawalInLease": False,
    "fundAccountState": "NORMAL",
    "asOf": AS_OF,
}


async def check(client, headers=None, **changes) -> dict:
    body = await gql(client, CHECK, {"input": {**MET, **changes}}, headers=headers)
    assert "errors" not in body, body
    return body["data"]["checkRentEligibility"]


def group(result: dict, name: str) -> dict:
    return next(g for g in result["groups"] if g["group"] == name)


def condition(result: dict, name: str) -> dict:
    return next(c for c in result["conditions"] if c["condition"] == name)


async def test_everything_met_is_eligible_with_every_reason_given(client):
    result = await check(client)

    assert result["eligible"] is True and result["asOf"] == AS_OF
    assert [g["applies"] for g in result["groups"]] == [True, True, False]
    assert group(result, "NEW_CITIZEN")["reason"] == "未获得太原市户籍"
    assert group(result, "YOUTH")["reason"] == "30 周岁，在 18-45 周岁之间"
    assert {c["status"] for c in result["conditions"]} == {"MET"}
    assert result["policy"] == {
        "youthMinAge": 18,
        "youthMaxAge": 45,
        "newCitizenHukouYears": 3,
        "minContributionMonths": 3,
    }


@pytest.mark.parametrize(
    ("since", "applies", "reason"),
    [
        ("2021-12-11", True, "落户太原 2 年，不满 3 年"),  # the day before the third anniversary
        ("2021-12-10", False, "落户太原已满 3 年"),  # the anniversary itself
        ("2024-12-10", True, "落户太原 0 年，不满 3 年"),
    ],
)
async def test_the_new_citizen_group_turns_on_the_third_anniversary(client, since, applies, reason):
    result = await check(client, hukouInTaiyuan=True, hukouSince=since, birthDate="1970-01-01")
    assert group(result, "NEW_CITIZEN") == {
        "group": "NEW_CITIZEN",
        "applies": applies,
        "reason": reason,
    }


async def test_a_hukou_without_its_date_is_not_guessed(client):
    result = await check(client, hukouInTaiyuan=True, birthDate="1970-01-01")
    assert group(result, "NEW_CITIZEN")["applies"] is False
    assert "未填写落户日期" in group(result, "NEW_CITIZEN")["reason"]
    assert result["eligible"] is False  # 54, with a hukou: no group applies


@pytest.mark.parametrize(
    ("born", "age", "applies"),
    [
        ("2006-12-11", 17, False),  # turns 18 tomorrow
        ("2006-12-10", 18, True),  # 18 today
        ("1978-12-11", 45, True),  # 46 tomorrow: still 45
        ("1978-12-10", 46, False),  # 46 today
    ],
)
async def test_the_youth_group_is_18_to_45_on_the_day_checked(client, born, age, applies):
    # Born in Taiyuan: the hukou since birth, so only the youth group can apply.
    result = await check(client, hukouInTaiyuan=True, hukouSince=born, birthDate=born)
    youth = group(result, "YOUTH")
    assert youth["applies"] is applies and youth["reason"].startswith(f"{age} 周岁")
    assert result["eligible"] is applies


async def test_a_29_february_birthday_counts_on_1_march(client):
    day_before = await check(client, birthDate="2004-02-29", asOf="2022-02-28")
    on_the_day = await check(client, birthDate="2004-02-29", asOf="2022-03-01")
    assert group(day_before, "YOUTH")["reason"].startswith("17 周岁")
    assert group(on_the_day, "YOUTH")["reason"].startswith("18 周岁")


@pytest.mark.parametrize(
    ("talent", "applies"), [("PROVINCIAL", True), ("CITY", True), ("NONE", False)]
)
async def test_recognised_talents_apply(client, talent, applies):
    result = await check(
        client,
        hukouInTaiyuan=True,
        hukouSince="2000-01-01",
        birthDate="1960-01-01",
        talentRecognition=talent,
    )
    assert group(result, "TALENT")["applies"] is applies
    assert result["eligible"] is applies


@pytest.mark.parametrize(
    ("changes", "name", "status", "reason"),
    [
        ({"hasLease": False}, "LEASE", "NOT_MET", "尚未签订租赁合同：先选房并签约"),
        ({"hasLease": None}, "LEASE", "UNKNOWN", "未说明是否已签订租赁合同"),
        (
            {"consecutiveContributionMonths": 3},
            "CONTRIBUTIONS",
            "MET",
            "连续足额缴存 3 个月，已满 3 个月",
        ),
        (
            {"consecutiveContributionMonths": 2},
            "CONTRIBUTIONS",
            "NOT_MET",
            "连续足额缴存 2 个月，不满 3 个月",
        ),
        (
            {"consecutiveContributionMonths": None},
            "CONTRIBUTIONS",
            "UNKNOWN",
            "未说明连续足额缴存住房公积金的月数（须满 3 个月）",
        ),
        (
            {"otherRentWithdrawalInLease": True},
            "ACCOUNT",
            "NOT_MET",
            "租赁合同期内已有其他租房提取记录",
        ),
        ({"fundAccountState": "PLEDGED"}, "ACCOUNT", "NOT_MET", "公积金账户有担保"),
        ({"fundAccountState": "FROZEN"}, "ACCOUNT", "NOT_MET", "公积金账户已冻结"),
        ({"fundAccountState": "UNDER_LOAN"}, "ACCOUNT", "NOT_MET", "公积金账户有贷款"),
        (
            {"fundAccountState": None},
            "ACCOUNT",
            "UNKNOWN",
            "未说明是否有其他租房提取记录或公积金账户状态",
        ),
        (
            {"otherRentWithdrawalInLease": None, "fundAccountState": "FROZEN"},
            "ACCOUNT",
            "NOT_MET",
            "公积金账户已冻结",
        ),
    ],
)
async def test_each_condition_is_met_not_met_or_unknown_with_why(
    client, changes, name, status, reason
):
    result = await check(client, **changes)
    assert condition(result, name) == {"condition": name, "status": status, "reason": reason}
    assert result["eligible"] is (status == "MET")


async def test_reasons_come_in_the_viewer_s_language(client):
    result = await check(client, headers={"Accept-Language": "en"}, fundAccountState="FROZEN")
    assert group(result, "YOUTH")["reason"] == "30 years old, between 18 and 45"
    assert condition(result, "ACCOUNT")["reason"] == "The fund account is frozen"


async def test_as_of_defaults_to_today_in_taiyuan(client):
    body = await gql(client, CHECK, {"input": {**MET, "asOf": None}})
    assert body["data"]["checkRentEligibility"]["asOf"] == clock.today().isoformat()


@pytest.mark.parametrize(
    "changes",
    [
        {"birthDate": "2030-01-01"},  # born after the day checked
        {"birthDate": "1800-01-01"},
        {"hukouInTaiyuan": True, "hukouSince": "1990-01-01"},  # before birth (1994)
        {"hukouInTaiyuan": True, "hukouSince": "2025-01-01"},  # after the day checked
        {"consecutiveContributionMonths": -1},
        {"consecutiveContributionMonths": 100000},
    ],
)
async def test_impossible_declarations_are_refused_with_a_code(client, changes):
    body = await gql(client, CHECK, {"input": {**MET, **changes}})
    assert codes(body) == ["BAD_USER_INPUT"] and body.get("data") is None


async def test_an_unknown_value_is_refused_before_anything_runs(client):
    body = await gql(client, CHECK, {"input": {**MET, "fundAccountState": "SOLD"}})
    assert codes(body) == ["BAD_USER_INPUT"]


async def test_admins_change_the_numbers_and_the_check_follows_audited(client):
    await make_account("policy-admin", "admin")
    await sign_in(client, "policy-admin")
    changed = await gql(client, UPDATE, {"input": {"youthMaxAge": 35}})
    assert changed["data"]["updateRentPolicy"]["userErrors"] == []
    assert changed["data"]["updateRentPolicy"]["policy"]["youthMaxAge"] == 35

    result = await check(
        client, hukouInTaiyuan=True, hukouSince="2000-01-01", birthDate="1984-06-01"
    )
    assert group(result, "YOUTH")["reason"] == "40 周岁，不在 18-35 周岁之间"
    entry = await AuditEntry.get(action="housing.rent_policy.update")
    assert entry.changes == {"youth_max_age": [45, 35]}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"youthMaxAge": 200}, "youth_max_age"),
        ({"minContributionMonths": 0}, "min_contribution_months"),
        ({"youthMinAge": 30, "youthMaxAge": 30}, "youth_min_age"),
    ],
)
async def test_a_bad_policy_change_writes_nothing(client, changes, field):
    await make_account("policy-admin-2", "admin")
    await sign_in(client, "policy-admin-2")
    body = await gql(client, UPDATE, {"input": changes})
    payload = body["data"]["updateRentPolicy"]
    assert payload["policy"] is None and [e["code"] for e in payload["userErrors"]] == ["INVALID"]
    assert payload["userErrors"][0]["field"] == field
    policy = await RentPolicy.get(code="taiyuan")
    assert (policy.youth_min_age, policy.youth_max_age, policy.min_contribution_months) == (
        18,
        45,
        3,
    )
    assert not await AuditEntry.filter(action="housing.rent_policy.update").exists()


async def test_only_admins_change_the_policy(client):
    anonymous = await gql(client, UPDATE, {"input": {"youthMaxAge": 40}})
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    await make_account("officer", "housing_officer")
    await sign_in(client, "officer")
    officer = await gql(client, UPDATE, {"input": {"youthMaxAge": 40}})
    assert codes(officer) == ["FORBIDDEN"]
    assert (await RentPolicy.get(code="taiyuan")).youth_max_age == 45
