"""reviewAidApplication: every transition checked, recorded on the timeline, or refused."""

from __future__ import annotations

from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_programs import AidProgram
from tests.helpers import codes, gql, make_account, make_key, sign_in
from tests.union.aid_support import (
    REVIEW,
    apply_medical,
    as_member,
    as_staff,
    review,
    written,
)

MINE = "{ viewer { aidApplications { nodes { id state timeline { action note isPublic } } } } }"


async def submitted(client, member_no: str = "TYDS0001") -> str:
    """A new medical claim by ``member_no`` (4,200.00 self-paid); returns its global ID."""
    await as_member(client, member_no)
    body = await apply_medical(client)
    return body["data"]["applyForAid"]["aidApplication"]["id"]


async def test_staff_review_approve_and_pay_with_a_public_timeline(client):
    application = await submitted(client)
    await as_staff(client)

    started = await review(client, application, "START_REVIEW")
    approved = await review(client, application, "APPROVE")
    paid = await review(client, application, "PAY", amount="1260.00")

    assert started["aidApplication"]["state"] == "UNDER_REVIEW"
    assert approved["aidApplication"]["approvedAmount"] == "1260.00"  # 4,200 x 0.3 (sample)
    assert paid["userErrors"] == []
    assert paid["aidApplication"]["state"] == "PAID"
    assert paid["aidApplication"]["paidAmount"] == "1260.00"
    assert paid["aidApplication"]["availableActions"] == [{"action": "NOTE"}]
    steps = [
        (t["action"], t["fromState"], t["toState"]) for t in paid["aidApplication"]["timeline"]
    ]
    assert steps == [
        ("submit", None, "submitted"),
        ("start_review", "submitted", "under_review"),
        ("approve", "under_review", "approved"),
        ("pay", "approved", "paid"),
    ]


async def test_a_rejection_needs_a_reason_the_applicant_then_reads(client):
    application = await submitted(client)
    await as_staff(client)
    await review(client, application, "START_REVIEW")

    missing = await review(client, application, "REJECT", reason="  ")
    rejected = await review(client, application, "REJECT", reason="发票与住院日期不符")
    await sign_in(client, "tyds0001")
    mine = await gql(client, MINE)

    assert missing["userErrors"] == [{"field": "reason", "code": "NOTE_REQUIRED"}]
    assert rejected["aidApplication"]["state"] == "REJECTED"
    own = next(
        a for a in mine["data"]["viewer"]["aidApplications"]["nodes"] if a["id"] == application
    )
    assert own["state"] == "REJECTED"
    assert own["timeline"][-1] == {
        "action": "reject",
        "note": "发票与住院日期不符",
        "isPublic": True,
    }


async def test_a_wrong_state_is_refused_and_recorded_nowhere(client):
    application = await submitted(client)
    await as_staff(client)
    before = await written()

    approve_early = await review(client, application, "APPROVE")
    pay_early = await review(client, application, "PAY", amount="10.00")

    assert approve_early["userErrors"] == [{"field": "action", "code": "WRONG_STATE"}]
    assert pay_early["userErrors"] == [{"field": "action", "code": "WRONG_STATE"}]
    assert approve_early["aidApplication"] is None
    assert await written() == before


async def test_paying_twice_is_refused(client):
    application = await submitted(client)
    await as_staff(client)
    for action in ("START_REVIEW", "APPROVE"):
        await review(client, application, action)
    await review(client, application, "PAY", amount="1260.00")

    again = await review(client, application, "PAY", amount="1260.00")

    assert again["userErrors"] == [{"field": "action", "code": "WRONG_STATE"}]
    row = await AidApplication.filter(state="paid", paid_amount=1260).count()
    assert row == 1


async def test_payment_amounts_are_checked(client):
    application = await submitted(client)
    await as_staff(client)
    await review(client, application, "START_REVIEW")
    bad_approval = await review(client, application, "APPROVE", amount="0")
    over_limit = await review(client, application, "APPROVE", amount="5000.01")  # per claim
    await review(client, application, "APPROVE", amount="1000.00")

    missing = await review(client, application, "PAY")
    negative = await review(client, application, "PAY", amount="-1.00")
    too_much = await review(client, application, "PAY", amount="1000.01")

    assert missing["userErrors"] == [{"field": "amount", "code": "AMOUNT_REQUIRED"}]
    assert negative["userErrors"] == [{"field": "amount", "code": "INVALID_AMOUNT"}]
    assert too_much["userErrors"] == [{"field": "amount", "code": "AMOUNT_ABOVE_APPROVED"}]
    assert bad_approval["userErrors"] == [{"field": "amount", "code": "INVALID_AMOUNT"}]
    assert [e["code"] for e in over_limit["userErrors"]] == [
        "AMOUNT_ABOVE_POLICY",  # 4,200 x 0.3 = 1,260
        "AMOUNT_ABOVE_LIMIT",  # 5,000 per claim
        "AMOUNT_ABOVE_SELF_PAID",  # 4,200
    ]
    assert (await AidApplication.get(paid_amount=None, approved_amount=1000)).state == "approved"


POLICY = "query($id: ID!) { node(id: $id) { ... on AidApplication { policyAmount } } }"


async def test_approval_never_exceeds_the_formula_or_what_the_member_paid(client):
    application = await submitted_for(client, "3000.00")  # the formula gives 900.00
    await as_staff(client)
    await review(client, application, "START_REVIEW")
    shown = await gql(client, POLICY, {"id": application})

    above_formula = await review(client, application, "APPROVE", amount="901.00")
    above_paid = await review(client, application, "APPROVE", amount="3000.01")
    exact = await review(client, application, "APPROVE", amount="900.00")

    assert shown["data"]["node"]["policyAmount"] == "900.00"
    assert [e["code"] for e in above_formula["userErrors"]] == ["AMOUNT_ABOVE_POLICY"]
    assert [e["code"] for e in above_paid["userErrors"]] == [
        "AMOUNT_ABOVE_POLICY",
        "AMOUNT_ABOVE_SELF_PAID",
    ]
    assert exact["userErrors"] == [] and exact["aidApplication"]["approvedAmount"] == "900.00"


async def test_without_a_formula_approval_stays_within_the_self_paid_part(client):
    await AidProgram.filter(code="medical-2024").update(reimbursement_ratio=None)
    application = await submitted_for(client, "3000.00")
    await as_staff(client)
    await review(client, application, "START_REVIEW")
    shown = await gql(client, POLICY, {"id": application})

    above_paid = await review(client, application, "APPROVE", amount="3000.01")
    all_of_it = await review(client, application, "APPROVE", amount="3000.00")

    assert shown["data"]["node"]["policyAmount"] is None
    assert [e["code"] for e in above_paid["userErrors"]] == ["AMOUNT_ABOVE_SELF_PAID"]
    assert all_of_it["aidApplication"]["approvedAmount"] == "3000.00"


async def submitted_for(client, self_paid: str) -> str:
    await as_member(client, "TYDS0001")
    body = await apply_medical(client, selfPaidAmount=self_paid)
    assert body["data"]["applyForAid"]["userErrors"] == [], body
    return body["data"]["applyForAid"]["aidApplication"]["id"]


async def test_the_applicant_may_withdraw_only_while_submitted(client):
    first = await submitted(client)
    withdrawn = await review(client, first, "WITHDRAW")
    second = (await apply_medical(client, hospital="太原市中心医院"))["data"]["applyForAid"]
    await as_staff(client)
    await review(client, second["aidApplication"]["id"], "START_REVIEW")
    staff_withdraw = await review(client, second["aidApplication"]["id"], "WITHDRAW")
    await sign_in(client, "tyds0001")

    late = await review(client, second["aidApplication"]["id"], "WITHDRAW")

    assert withdrawn["aidApplication"]["state"] == "WITHDRAWN"
    assert staff_withdraw["userErrors"] == [{"field": "action", "code": "FORBIDDEN"}]
    assert late["userErrors"] == [{"field": "action", "code": "WRONG_STATE"}]


async def test_the_applicant_cannot_review_and_another_member_cannot_see_it(client):
    application = await submitted(client)
    before = await written()

    own_approval = await review(client, application, "START_REVIEW")
    await as_member(client, "TYDS0004")
    other = await review(client, application, "WITHDRAW")

    assert own_approval["userErrors"] == [{"field": "action", "code": "FORBIDDEN"}]
    assert other["userErrors"] == [{"field": "application", "code": "NOT_FOUND"}]
    assert await written() == before


async def test_staff_only_notes_stay_off_the_applicants_timeline(client):
    application = await submitted(client)
    await as_staff(client)

    noted = await review(client, application, "NOTE", reason="电话核实：住院记录一致")
    empty = await review(client, application, "NOTE")
    await sign_in(client, "tyds0001")
    mine = await gql(client, MINE)
    member_note = await review(client, application, "NOTE", reason="我想补充材料")

    staff_view = noted["aidApplication"]
    assert staff_view["state"] == "SUBMITTED"
    assert staff_view["timeline"][-1]["note"] == "电话核实：住院记录一致"
    assert staff_view["timeline"][-1]["isPublic"] is False
    assert empty["userErrors"] == [{"field": "reason", "code": "NOTE_REQUIRED"}]
    own = next(
        a for a in mine["data"]["viewer"]["aidApplications"]["nodes"] if a["id"] == application
    )
    assert [t["action"] for t in own["timeline"]] == ["submit"]
    assert member_note["userErrors"] == [{"field": "action", "code": "FORBIDDEN"}]


async def test_keys_and_anonymous_cannot_review(client):
    application = await submitted(client)
    client.cookies.clear()
    key = await make_key("fund centre", "aid:read")
    variables = {"input": {"application": application, "action": "START_REVIEW"}}
    before = await written()

    anonymous = await gql(client, REVIEW, variables)
    keyed = await gql(client, REVIEW, variables, key=key)

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(keyed) == ["FORBIDDEN"]
    assert await written() == before


async def test_admins_review_too(client):
    application = await submitted(client)
    await make_account("root", "admin")
    await sign_in(client, "root")

    started = await review(client, application, "START_REVIEW")

    assert started["aidApplication"]["state"] == "UNDER_REVIEW"


async def test_without_a_ratio_staff_must_name_the_approved_amount(client):
    await AidProgram.filter(code="medical-2024").update(reimbursement_ratio=None)
    application = await submitted(client)
    await as_staff(client)
    await review(client, application, "START_REVIEW")

    missing = await review(client, application, "APPROVE")
    named = await review(client, application, "APPROVE", amount="800.00")

    assert missing["userErrors"] == [{"field": "amount", "code": "AMOUNT_REQUIRED"}]
    assert named["userErrors"] == []
    assert named["aidApplication"]["approvedAmount"] == "800.00"


async def test_needs_my_action_lists_the_states_a_role_can_move_and_no_other(client):
    from tests.helpers import gql
    from tests.union.aid_support import as_staff

    await as_staff(client)
    query = """
    query($mine: Boolean!) {
      aidApplications(first: 100, needsMyAction: $mine) { totalCount nodes { state } }
    }"""
    mine = (await gql(client, query, {"mine": True}))["data"]["aidApplications"]
    every = (await gql(client, query, {"mine": False}))["data"]["aidApplications"]

    assert {n["state"] for n in mine["nodes"]} <= {"SUBMITTED", "UNDER_REVIEW", "APPROVED"}
    assert mine["totalCount"] == len(mine["nodes"]) > 0
    assert {"PAID", "REJECTED"} <= {n["state"] for n in every["nodes"]}
