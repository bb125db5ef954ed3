"""Aid programs through GraphQL: policy as data, rules, figures, statistics, audited changes."""

from __future__ import annotations

from cityhub.models.audit import AuditEntry
from cityhub.models.union.aid_programs import AidProgram
from tests.helpers import (
    codes,
    count_statements,
    gql,
    make_account,
    make_key,
    sign_in,
)

PROGRAMS = """
query($first: Int, $kind: AidKind, $year: Int) {
  aidPrograms(first: $first, kind: $kind, year: $year) {
    totalCount
    nodes {
      id code kind year name partner selfPaidThreshold coveredCategories { code }
      chronicOutpatientPerYear reimbursementRatio maxAmountPerClaim amountPerStudent
      maxStudentsPerMember nonHardshipChannel sampleFields
      rules { key text isSample }
      publishedFigures { key value }
      statistics { received paid amountPaid }
    }
  }
}
"""
PROGRAM = """
query($code: String) {
  aidProgram(code: $code) {
    id code selfPaidThreshold reimbursementRatio coveredCategories { code } sampleFields
    rules { key text isSample }
  }
}
"""
STATISTICS = """
query($program: ID!) {
  aidStatistics(program: $program) {
    received submitted underReview approved rejected paid withdrawn amountPaid
    distinctMembersPaid
  }
}
"""
UPDATE = """
mutation($input: UpdateAidProgramInput!) {
  updateAidProgram(input: $input) {
    aidProgram { selfPaidThreshold reimbursementRatio coveredCategories { code } sampleFields }
    userErrors { field code message }
  }
}
"""
CHANGES = """
query($code: String) {
  aidProgram(code: $code) { changes { totalCount nodes { actor changes at } } }
}
"""


async def program_id(client, code: str) -> str:
    return (await gql(client, PROGRAM, {"code": code}))["data"]["aidProgram"]["id"]


async def sign_in_as(client, username: str, *roles: str) -> None:
    await make_account(username, *roles)
    await sign_in(client, username)


async def test_the_seeded_programs_are_one_per_kind_and_year(client):
    body = await gql(client, PROGRAMS)

    programs = {p["code"]: p for p in body["data"]["aidPrograms"]["nodes"]}
    assert set(programs) == {"jinqiu-2024", "medical-2023", "medical-2024"}
    medical = programs["medical-2024"]
    assert medical["selfPaidThreshold"] == "3000.00"
    assert [c["code"] for c in medical["coveredCategories"]] == [
        "hospitalisation",
        "chronic_outpatient",
        "special_drugs",
    ]
    assert medical["chronicOutpatientPerYear"] == 1
    assert medical["sampleFields"] == ["reimbursementRatio", "maxAmountPerClaim"]
    student = programs["jinqiu-2024"]
    assert student["partner"] == "太原市总工会"
    assert student["nonHardshipChannel"] is True


async def test_programs_filter_by_kind_and_year(client):
    medical = await gql(client, PROGRAMS, {"kind": "MEDICAL"})
    year = await gql(client, PROGRAMS, {"kind": "MEDICAL", "year": 2023})
    none = await gql(client, PROGRAMS, {"year": 1999})

    assert medical["data"]["aidPrograms"]["totalCount"] == 2
    assert [p["code"] for p in year["data"]["aidPrograms"]["nodes"]] == ["medical-2023"]
    assert none["data"]["aidPrograms"]["totalCount"] == 0


async def test_rules_read_in_plain_language_and_sample_values_are_marked(client):
    body = await gql(client, PROGRAM, {"code": "medical-2024"})

    rules = {r["key"]: r for r in body["data"]["aidProgram"]["rules"]}
    assert "3,000.00 元" in rules["threshold"]["text"]
    assert rules["threshold"]["isSample"] is False
    assert rules["categories"]["text"] == "可申请的费用：住院、慢性病门诊、特药。"
    assert rules["yearly_limit"]["text"] == "慢性病门诊每年最多申请 1 次。"
    assert rules["ratio"]["isSample"] is True and "30%" in rules["ratio"]["text"]
    assert rules["max_per_claim"]["isSample"] is True


async def test_rules_follow_accept_language(client):
    body = await gql(client, PROGRAM, {"code": "medical-2024"}, headers={"Accept-Language": "en"})

    assert body["data"]["aidProgram"]["rules"]


async def test_published_figures_stay_apart_from_live_statistics(client):
    body = await gql(client, PROGRAMS, {"kind": "STUDENT_AID"})

    (student,) = body["data"]["aidPrograms"]["nodes"]
    figures = {f["key"]: f["value"] for f in student["publishedFigures"]}
    assert figures == {
        "union.student_aid.applications_2024": "120",
        "union.student_aid.approved_2024": "35",
    }
    assert student["statistics"]["received"] == 10  # sample rows, not the published 120+


async def test_statistics_count_each_state_and_the_money_paid(client):
    body = await gql(client, STATISTICS, {"program": await program_id(client, "jinqiu-2024")})

    assert body["data"]["aidStatistics"] == {
        "received": 10,
        "submitted": 2,
        "underReview": 1,
        "approved": 5,
        "rejected": 1,
        "paid": 3,
        "withdrawn": 1,
        "amountPaid": "22800.00",
        "distinctMembersPaid": 2,
    }


async def test_statistics_count_a_member_paid_twice_once(client):
    body = await gql(client, STATISTICS, {"program": await program_id(client, "medical-2024")})

    stats = body["data"]["aidStatistics"]
    assert stats["paid"] == 8
    assert stats["distinctMembersPaid"] == 7  # TYDS0005 was paid twice
    assert stats["amountPaid"] == "25324.15"


async def test_statistics_of_an_unknown_program_is_null(client):
    body = await gql(client, STATISTICS, {"program": "QWlkUHJvZ3JhbTo5OTk="})  # AidProgram:999

    assert body["data"]["aidStatistics"] is None


async def test_the_statistics_take_the_same_statements_whatever_the_volume(client):
    program = await program_id(client, "medical-2024")

    count, data = await count_statements(client, STATISTICS, {"program": program})

    # the program, counts per state, the paid aggregate, the enrolled members
    assert count == 4
    assert data["aidStatistics"]["received"] > 0


async def test_the_programs_list_runs_the_same_statements_for_2_and_3_programs(client):
    async def statements(first: int) -> int:
        count, data = await count_statements(client, PROGRAMS, {"first": first})
        assert len(data["aidPrograms"]["nodes"]) == first
        return count

    # 2: the student program and medical-2023, 3: and medical-2024; one statement loads
    # the covered categories of all of them (the student program covers none).
    assert (await statements(2), await statements(3)) == (7, 7)


async def test_an_admin_changes_the_threshold_and_the_change_is_audited(client):
    await sign_in_as(client, "root", "admin")
    program = await program_id(client, "medical-2024")

    body = await gql(
        client,
        UPDATE,
        {"input": {"id": program, "selfPaidThreshold": "2500.00", "reimbursementRatio": "0.35"}},
    )
    changes = await gql(client, CHANGES, {"code": "medical-2024"})

    payload = body["data"]["updateAidProgram"]
    assert payload["userErrors"] == []
    assert payload["aidProgram"]["selfPaidThreshold"] == "2500.00"
    assert payload["aidProgram"]["sampleFields"] == ["maxAmountPerClaim"]
    (entry,) = changes["data"]["aidProgram"]["changes"]["nodes"]
    assert entry["actor"] == "Root"
    assert entry["changes"]["selfPaidThreshold"] == ["3000.00", "2500.00"]
    assert entry["changes"]["reimbursementRatio"] == ["0.3000", "0.35"]


async def test_the_changes_list_runs_the_same_statements_for_1_and_3_changes(client):
    async def statements_after(thresholds: list[str]) -> int:
        program = await program_id(client, "medical-2024")
        for n, threshold in enumerate(thresholds):
            await sign_in_as(client, f"admin{len(thresholds)}{n}", "admin")
            await gql(client, UPDATE, {"input": {"id": program, "selfPaidThreshold": threshold}})
        count, data = await count_statements(client, CHANGES, {"code": "medical-2024"})
        assert len(data["aidProgram"]["changes"]["nodes"]) == len(thresholds)
        return count

    one = await statements_after(["2900.00"])
    await AuditEntry.filter(subject_type="aid_program").delete()
    three = await statements_after(["2800.00", "2700.00", "2600.00"])

    assert (one, three) == (4, 4)


async def test_the_new_threshold_applies_at_once_without_code(client):
    await sign_in_as(client, "root", "admin")
    program = await program_id(client, "medical-2024")
    check = """{ checkMedicalAidClaim(input: {category: "hospitalisation",
                 selfPaidAmount: "2600.00", enrolled: true}) { eligible } }"""
    before = await gql(client, check)

    await gql(client, UPDATE, {"input": {"id": program, "selfPaidThreshold": "2500.00"}})

    assert before["data"]["checkMedicalAidClaim"]["eligible"] is False
    assert (await gql(client, check))["data"]["checkMedicalAidClaim"]["eligible"] is True


async def test_bad_policy_values_are_user_errors_and_nothing_is_written(client):
    await sign_in_as(client, "root", "admin")
    program = await program_id(client, "medical-2024")

    body = await gql(
        client,
        UPDATE,
        {
            "input": {
                "id": program,
                "selfPaidThreshold": "-1.00",
                "reimbursementRatio": "1.5",
                "coveredCategories": ["hospitalisation", "dental"],
                "amountPerStudent": "100.00",
            }
        },
    )
    zero_ratio = await gql(client, UPDATE, {"input": {"id": program, "reimbursementRatio": "0"}})

    errors = {(e["field"], e["code"]) for e in body["data"]["updateAidProgram"]["userErrors"]}
    assert errors == {
        ("selfPaidThreshold", "INVALID"),
        ("reimbursementRatio", "INVALID"),
        ("coveredCategories", "UNKNOWN_CATEGORY"),
        ("amountPerStudent", "NOT_APPLICABLE"),
    }
    assert zero_ratio["data"]["updateAidProgram"]["userErrors"][0]["code"] == "INVALID"
    row = await AidProgram.get(code="medical-2024")
    assert str(row.self_paid_threshold) == "3000.00"
    assert await AuditEntry.filter(subject_type="aid_program").count() == 0


async def test_an_unknown_program_is_a_user_error(client):
    await sign_in_as(client, "root", "admin")

    body = await gql(client, UPDATE, {"input": {"id": "QWlkUHJvZ3JhbTo5OTk=", "name": "x"}})

    assert body["data"]["updateAidProgram"]["userErrors"][0]["code"] == "NOT_FOUND"


async def test_only_admins_change_policy_and_read_its_changes(client):
    program = await program_id(client, "medical-2024")
    key = await make_key("fund centre", "aid:read")
    change = {"input": {"id": program, "selfPaidThreshold": "1.00"}}

    anonymous = await gql(client, UPDATE, change)
    keyed = await gql(client, UPDATE, change, key=key)
    history = await gql(client, CHANGES, {"code": "medical-2024"})
    await sign_in_as(client, "staff", "union_staff")
    staff = await gql(client, UPDATE, change)

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(keyed) == ["FORBIDDEN"]
    assert codes(staff) == ["FORBIDDEN"]
    assert history["data"]["aidProgram"]["changes"] is None
    assert codes(history) == ["UNAUTHENTICATED"]
    assert str((await AidProgram.get(code="medical-2024")).self_paid_threshold) == "3000.00"
