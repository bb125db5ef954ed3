"""checkMedicalAidClaim: every rule's boundary, declared answers for anyone, data for members."""

from __future__ import annotations

from cityhub.resolvers.union.members import link_account
from tests.helpers import codes, gql, make_account, make_key, sign_in
from tests.union.aid_support import apply_medical

CHECK = """
query($input: MedicalAidClaimCheckInput!) {
  checkMedicalAidClaim(input: $input) {
    eligible estimatedAmount estimateIsSample
    program { code year }
    rules { rule passed reason checked }
  }
}
"""
DECLARED = {"category": "hospitalisation", "selfPaidAmount": "3000.00", "enrolled": True}


async def check(client, **changes) -> dict:
    body = await gql(client, CHECK, {"input": {**DECLARED, **changes}})
    assert "errors" not in body, body
    return body["data"]["checkMedicalAidClaim"]


def rule(answer: dict, name: str) -> dict:
    return next(r for r in answer["rules"] if r["rule"] == name)


async def as_member(client, member_no: str) -> None:
    account = await make_account(member_no.lower(), "member")
    await link_account(member_no, account["id"])
    await sign_in(client, member_no.lower())


async def test_exactly_3000_yuan_passes_and_2999_99_does_not(client):
    at = await check(client, selfPaidAmount="3000.00")
    below = await check(client, selfPaidAmount="2999.99")

    assert at["eligible"] is True
    assert rule(at, "SELF_PAID_THRESHOLD")["passed"] is True
    assert below["eligible"] is False
    assert rule(below, "SELF_PAID_THRESHOLD") == {
        "rule": "SELF_PAID_THRESHOLD",
        "passed": False,
        "reason": "自付部分 2,999.99 元，未达到 3,000.00 元的标准",
        "checked": True,
    }


async def test_one_entry_per_rule_in_order_and_an_estimate_marked_sample(client):
    answer = await check(client, selfPaidAmount="12000.00")

    assert [r["rule"] for r in answer["rules"]] == [
        "MEMBER_ACTIVE",
        "ENROLLED",
        "CATEGORY_COVERED",
        "SELF_PAID_THRESHOLD",
        "YEARLY_LIMIT",
    ]
    assert answer["program"] == {"code": "medical-2024", "year": 2024}
    assert answer["estimatedAmount"] == "3600.00"
    assert answer["estimateIsSample"] is True


async def test_anonymous_answers_are_declared_not_checked(client):
    answer = await check(client, enrolled=False)

    enrolled = rule(answer, "ENROLLED")
    assert answer["eligible"] is False
    assert enrolled["passed"] is False and enrolled["checked"] is False
    assert "未核对" in enrolled["reason"]


async def test_a_declared_chronic_outpatient_use_fails_the_yearly_limit(client):
    first = await check(client, category="chronic_outpatient")
    second = await check(client, category="chronic_outpatient", yearlyLimitUsed=True)
    other = await check(client, category="special_drugs", yearlyLimitUsed=True)

    assert first["eligible"] is True
    assert second["eligible"] is False
    assert rule(second, "YEARLY_LIMIT")["checked"] is False
    assert other["eligible"] is True


async def test_for_a_member_enrolment_and_chronic_use_come_from_the_data(client):
    await as_member(client, "TYDS0003")  # paid a chronic-outpatient claim in 2024

    # Declared values are ignored for members: the data says enrolled, and used once.
    answer = await check(
        client, category="chronic_outpatient", enrolled=False, yearlyLimitUsed=False
    )

    assert rule(answer, "ENROLLED") | {"reason": ""} == {
        "rule": "ENROLLED",
        "passed": True,
        "reason": "",
        "checked": True,
    }
    chronic = rule(answer, "YEARLY_LIMIT")
    assert chronic["passed"] is False and chronic["checked"] is True
    assert "已申请 1 次" in chronic["reason"]
    assert answer["eligible"] is False


async def test_a_chronic_claim_under_review_uses_the_place_in_checker_and_application_alike(
    client,
):
    await as_member(client, "TYDS0001")  # enrolled in 2024, no chronic-outpatient claim yet
    before = await check(client, category="chronic_outpatient")
    first = await apply_medical(client, category="chronic_outpatient")

    after = await check(client, category="chronic_outpatient")
    second = await apply_medical(client, category="chronic_outpatient")

    assert before["eligible"] is True
    assert first["data"]["applyForAid"]["userErrors"] == []
    assert after["eligible"] is False
    assert "已申请 1 次（含审核中）" in rule(after, "YEARLY_LIMIT")["reason"]
    assert [e["code"] for e in second["data"]["applyForAid"]["userErrors"]] == [
        "YEARLY_LIMIT_REACHED"
    ]


async def test_chronic_claims_sent_at_once_take_the_yearly_place_once(client):
    import asyncio

    await as_member(client, "TYDS0001")

    bodies = await asyncio.gather(
        *(apply_medical(client, category="chronic_outpatient") for _ in range(3))
    )

    outcomes = sorted([e["code"] for e in b["data"]["applyForAid"]["userErrors"]] for b in bodies)
    assert outcomes == [[], ["YEARLY_LIMIT_REACHED"], ["YEARLY_LIMIT_REACHED"]]


async def test_a_member_not_enrolled_that_year_fails_the_enrolment_rule(client):
    await as_member(client, "TYDS0040")  # enrolled in 2024 only

    earlier = await check(client, year=2023, enrolled=True)
    current = await check(client, year=2024)

    assert rule(earlier, "ENROLLED")["passed"] is False
    assert rule(earlier, "ENROLLED")["checked"] is True
    assert current["eligible"] is True


async def test_a_category_the_program_does_not_cover_fails(client):
    await make_account("root", "admin")
    await sign_in(client, "root")
    program = (await gql(client, '{ aidProgram(code: "medical-2024") { id } }'))["data"]
    await gql(
        client,
        "mutation($id: ID!) { updateAidProgram(input: {id: $id, coveredCategories: "
        '["hospitalisation", "chronic_outpatient"]}) { userErrors { code } } }',
        {"id": program["aidProgram"]["id"]},
    )

    answer = await check(client, category="special_drugs", selfPaidAmount="9000.00")

    assert answer["eligible"] is False
    assert rule(answer, "CATEGORY_COVERED")["passed"] is False


async def test_partner_keys_may_ask_too(client):
    key = await make_key("district office")

    body = await gql(client, CHECK, {"input": DECLARED}, key=key)

    assert body["data"]["checkMedicalAidClaim"]["eligible"] is True


async def test_a_negative_or_malformed_amount_is_bad_user_input(client):
    negative = await gql(client, CHECK, {"input": {**DECLARED, "selfPaidAmount": "-1.00"}})
    words = await gql(client, CHECK, {"input": {**DECLARED, "selfPaidAmount": "three"}})
    cents = await gql(client, CHECK, {"input": {**DECLARED, "selfPaidAmount": "3000.001"}})
    nan = await gql(client, CHECK, {"input": {**DECLARED, "selfPaidAmount": "NaN"}})

    assert codes(negative) == ["BAD_USER_INPUT"]
    assert negative["errors"][0]["extensions"]["argument"] == "input.selfPaidAmount"
    assert codes(words) == ["BAD_USER_INPUT"]
    assert codes(cents) == ["BAD_USER_INPUT"]
    assert codes(nan) == ["BAD_USER_INPUT"]


async def test_an_unknown_year_or_program_is_a_clear_error(client):
    year = await gql(client, CHECK, {"input": {**DECLARED, "year": 2031}})
    program = await gql(
        client, CHECK, {"input": {**DECLARED, "program": "QWlkUHJvZ3JhbTox"}}
    )  # AidProgram:1 is student aid

    assert codes(year) == ["BAD_USER_INPUT"]
    assert year["errors"][0]["message"] == "找不到 2031 年的新业态医疗互助项目"
    assert year["errors"][0]["extensions"]["argument"] == "input.year"
    assert codes(program) == ["BAD_USER_INPUT"]


async def test_a_member_who_left_is_not_eligible_as_apply_for_aid_refuses_them(client):
    from cityhub.models.union.members import Member
    from tests.union.aid_support import apply_medical

    await as_member(client, "TYDS0001")
    before = await check(client)
    await Member.filter(member_no="TYDS0001").update(status="left")
    after = await check(client)
    applied = await apply_medical(client)

    assert before["eligible"] is True and rule(before, "MEMBER_ACTIVE")["checked"] is True
    left = rule(after, "MEMBER_ACTIVE")
    assert after["eligible"] is False and left["passed"] is False and left["checked"] is True
    assert after["estimatedAmount"] is None
    errors = applied["data"]["applyForAid"]["userErrors"]
    assert [e["code"] for e in errors] == ["MEMBER_NOT_ACTIVE"]
    assert errors[0]["message"] == left["reason"]  # one rule, one wording
