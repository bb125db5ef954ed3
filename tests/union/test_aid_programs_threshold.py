"""How the 3,000-yuan threshold is read ("本年内…自付部分达到3000元以上"): per claim, as
seeded, or the year's total, as an admin may set it; the one rule serves the checker and
applyForAid, and the checker page says which reading applies."""

from __future__ import annotations

from cityhub.models.audit import AuditEntry
from tests.helpers import gql, make_account, sign_in
from tests.union.aid_support import apply_medical, as_member, program_id

UPDATE = """
mutation($input: UpdateAidProgramInput!) {
  updateAidProgram(input: $input) {
    aidProgram { thresholdBasis rules { key text } }
    userErrors { field code }
  }
}
"""
CHECK = """
query($input: MedicalAidClaimCheckInput!) {
  checkMedicalAidClaim(input: $input) { eligible rules { rule passed reason checked } }
}
"""
PAGE = "/union/aid/medical/check"


async def read_as(client, basis: str, code: str = "medical-2024") -> dict:
    await make_account("root", "admin")
    await sign_in(client, "root")
    program = await program_id(client, code)
    body = await gql(client, UPDATE, {"input": {"id": program, "thresholdBasis": basis}})
    return body["data"]["updateAidProgram"]


async def threshold(client, amount: str, earlier: str | None = None) -> dict:
    claim = {"category": "hospitalisation", "selfPaidAmount": amount, "enrolled": True}
    if earlier is not None:
        claim["earlierSelfPaidAmount"] = earlier
    body = await gql(client, CHECK, {"input": claim})
    rules = body["data"]["checkMedicalAidClaim"]["rules"]
    return next(r for r in rules if r["rule"] == "SELF_PAID_THRESHOLD")


def errors(body: dict) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in body["data"]["applyForAid"]["userErrors"]]


async def test_the_seeded_reading_is_per_claim_and_declared_earlier_claims_do_not_count(client):
    rule = await threshold(client, "2000.00", earlier="1000.00")
    body = await gql(client, '{ aidProgram(code: "medical-2024") { thresholdBasis } }')

    assert body["data"]["aidProgram"]["thresholdBasis"] == "PER_CLAIM"
    assert rule["passed"] is False


async def test_an_admin_reads_it_as_the_yearly_total_audited(client):
    changed = await read_as(client, "YEARLY_TOTAL")

    assert changed["userErrors"] == []
    assert changed["aidProgram"]["thresholdBasis"] == "YEARLY_TOTAL"
    rules = {r["key"]: r["text"] for r in changed["aidProgram"]["rules"]}
    assert rules["threshold"].startswith("本年度个人自付部分累计")
    entry = await AuditEntry.get(subject_type="aid_program")
    assert entry.changes["threshold_basis"] == ["per_claim", "yearly_total"]


async def test_student_aid_has_no_threshold_to_read(client):
    changed = await read_as(client, "YEARLY_TOTAL", code="jinqiu-2024")

    assert changed["userErrors"] == [{"field": "thresholdBasis", "code": "NOT_APPLICABLE"}]


async def test_a_declared_yearly_total_passes_at_exactly_the_threshold(client):
    await read_as(client, "YEARLY_TOTAL")
    client.cookies.clear()  # anonymous again

    at = await threshold(client, "2000.00", earlier="1000.00")
    below = await threshold(client, "1999.99", earlier="1000.00")

    assert at["passed"] is True and at["checked"] is False
    assert "累计 3,000.00 元" in at["reason"] and "未核对" in at["reason"]
    assert below["passed"] is False and "未达到 3,000.00 元" in below["reason"]


async def test_a_members_live_claims_make_the_yearly_total_in_checker_and_apply(client):
    await as_member(client, "TYDS0001")  # paid 12,860.50 self-paid in 2024 (seeded)
    assert errors(await apply_medical(client, selfPaidAmount="4200.00")) == []
    await read_as(client, "YEARLY_TOTAL")
    program = await program_id(client, "medical-2024")
    await gql(client, UPDATE, {"input": {"id": program, "selfPaidThreshold": "17860.50"}})
    await sign_in(client, "tyds0001")

    below = await threshold(client, "799.99", earlier="9000.00")  # declared: ignored
    at = await threshold(client, "800.00")
    refused = await apply_medical(client, selfPaidAmount="799.99")
    accepted = await apply_medical(client, selfPaidAmount="800.00")

    assert below["passed"] is False and below["checked"] is True
    assert "累计 17,860.49 元" in below["reason"]
    assert at["passed"] is True and "累计 17,860.50 元" in at["reason"]
    assert errors(refused) == [("medical.selfPaidAmount", "BELOW_THRESHOLD")]
    assert errors(accepted) == []


async def test_per_claim_refuses_a_small_second_claim_that_the_yearly_total_takes(client):
    await as_member(client, "TYDS0001")
    assert errors(await apply_medical(client, selfPaidAmount="4200.00")) == []
    per_claim = await apply_medical(client, selfPaidAmount="500.00")
    await read_as(client, "YEARLY_TOTAL")
    await sign_in(client, "tyds0001")

    yearly = await apply_medical(client, selfPaidAmount="500.00")

    assert errors(per_claim) == [("medical.selfPaidAmount", "BELOW_THRESHOLD")]
    assert errors(yearly) == []


async def test_the_checker_page_says_which_reading_applies(client):
    per_claim = await client.get(PAGE)
    await read_as(client, "YEARLY_TOTAL")
    client.cookies.clear()  # anonymous again
    yearly = await client.get(PAGE)
    at = await client.get(
        PAGE, params={"category": "hospitalisation", "amount": "2000", "earlier": "1000",
                      "enrolled": "yes"},
    )  # fmt: skip
    below = await client.get(
        PAGE, params={"category": "hospitalisation", "amount": "1999.99", "earlier": "1000",
                      "enrolled": "yes"},
    )  # fmt: skip

    assert "每次申请的个人自付部分须达到 3,000.00 元" in per_claim.text
    assert 'name="earlier"' not in per_claim.text
    assert "本年度个人自付部分累计" in yearly.text and 'name="earlier"' in yearly.text
    assert "符合申请条件" in at.text and "暂不符合" not in at.text
    assert "暂不符合申请条件" in below.text
