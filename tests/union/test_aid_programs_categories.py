"""Medical categories as policy data through GraphQL and the portal: listed publicly, added
and changed by admins (audited), covered by a program and claimed without a code change."""

from __future__ import annotations

from cityhub.models.audit import AuditEntry
from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_programs import MedicalCategory
from tests.helpers import codes, count_statements, gql, make_account, make_key, sign_in
from tests.union.aid_support import apply_medical, as_member, program_id

LIST = """
query($all: Boolean! = false) {
  medicalCategories(includeInactive: $all) {
    code name nameZh nameEn description sortOrder active countsTowardYearlyLimit sampleFields
  }
}
"""
CREATE = """
mutation($code: String!, $fields: MedicalCategoryFields!) {
  createMedicalCategory(code: $code, fields: $fields) {
    medicalCategory { code name nameEn sortOrder active countsTowardYearlyLimit }
    userErrors { field code message }
  }
}
"""
UPDATE = """
mutation($code: String!, $fields: MedicalCategoryFields!) {
  updateMedicalCategory(code: $code, fields: $fields) {
    medicalCategory { code name active countsTowardYearlyLimit sampleFields }
    userErrors { field code }
  }
}
"""
COVER = """
mutation($id: ID!, $codes: [String!]) {
  updateAidProgram(input: {id: $id, coveredCategories: $codes}) {
    aidProgram { coveredCategories { code name } rules { key text } }
    userErrors { field code }
  }
}
"""
CHECK = """
query($category: String!, $amount: Decimal!) {
  checkMedicalAidClaim(input: {category: $category, selfPaidAmount: $amount, enrolled: true}) {
    eligible rules { rule passed reason }
  }
}
"""
MAJOR = {"nameZh": "门诊大病", "nameEn": "Major outpatient illness", "sortOrder": 25}
SEEDED = ["hospitalisation", "chronic_outpatient", "special_drugs"]


async def as_admin(client, username: str = "root") -> None:
    await make_account(username, "admin")
    await sign_in(client, username)


async def add_and_cover(client, code: str, **fields) -> dict:
    await as_admin(client)
    made = await gql(client, CREATE, {"code": code, "fields": {**MAJOR, **fields}})
    assert made["data"]["createMedicalCategory"]["userErrors"] == []
    program = await program_id(client, "medical-2024")
    covered = await gql(client, COVER, {"id": program, "codes": [*SEEDED, code]})
    assert covered["data"]["updateAidProgram"]["userErrors"] == []
    return covered["data"]["updateAidProgram"]["aidProgram"]


async def test_anyone_lists_the_seeded_categories_in_their_language(client):
    zh = await gql(client, LIST)
    en = await gql(client, LIST, headers={"Accept-Language": "en"})

    rows = zh["data"]["medicalCategories"]
    assert [c["code"] for c in rows] == SEEDED
    assert [c["name"] for c in rows] == ["住院", "慢性病门诊", "特药"]
    assert [c["countsTowardYearlyLimit"] for c in rows] == [False, True, False]
    assert rows[0]["sampleFields"] == ["descriptionZh", "descriptionEn"]
    assert en["data"]["medicalCategories"][1]["name"] == "Chronic-disease outpatient care"


async def test_an_admin_adds_a_category_and_a_program_covers_it_without_code(client):
    program = await add_and_cover(client, "major_outpatient")

    answer = await gql(client, CHECK, {"category": "major_outpatient", "amount": "3000.00"})

    assert [c["code"] for c in program["coveredCategories"]] == [
        "hospitalisation",
        "chronic_outpatient",
        "major_outpatient",
        "special_drugs",
    ]
    rules = {r["key"]: r["text"] for r in program["rules"]}
    assert rules["categories"] == "可申请的费用：住院、慢性病门诊、门诊大病、特药。"
    assert answer["data"]["checkMedicalAidClaim"]["eligible"] is True
    entry = await AuditEntry.get(action="medical_category.create")
    assert entry.changes["name"] == [None, "门诊大病"]


async def test_a_member_claims_under_the_new_category(client):
    await add_and_cover(client, "major_outpatient")
    await as_member(client, "TYDS0001")

    body = await apply_medical(client, category="major_outpatient")

    application = body["data"]["applyForAid"]["aidApplication"]
    assert application["category"] == {"code": "major_outpatient", "name": "门诊大病"}


async def test_the_yearly_limit_is_the_categorys_property_not_a_literal(client):
    await add_and_cover(client, "major_outpatient", countsTowardYearlyLimit=True)
    await gql(client, UPDATE, {"code": "chronic_outpatient", "fields": {
        "countsTowardYearlyLimit": False}})  # fmt: skip
    await as_member(client, "TYDS0001")

    first = await apply_medical(client, category="major_outpatient")
    second = await apply_medical(client, category="major_outpatient")
    chronic = [await apply_medical(client, category="chronic_outpatient") for _ in range(2)]

    assert first["data"]["applyForAid"]["userErrors"] == []
    assert codes_of(second) == [("medical.category", "YEARLY_LIMIT_REACHED")]
    assert [codes_of(body) for body in chronic] == [[], []]


def codes_of(body: dict) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in body["data"]["applyForAid"]["userErrors"]]


async def test_duplicate_and_malformed_codes_and_bad_texts_are_user_errors(client):
    await as_admin(client)

    duplicate = await gql(client, CREATE, {"code": "Hospitalisation", "fields": MAJOR})
    malformed = await gql(client, CREATE, {"code": "门诊", "fields": MAJOR})
    empty = await gql(
        client, CREATE, {"code": "dental", "fields": {"nameZh": " ", "sortOrder": -1}}
    )

    assert errors(duplicate, "createMedicalCategory") == [("code", "DUPLICATE_CODE")]
    assert errors(malformed, "createMedicalCategory") == [("code", "INVALID_CODE")]
    assert sorted(errors(empty, "createMedicalCategory")) == [
        ("nameEn", "INVALID"),
        ("nameZh", "INVALID"),
        ("sortOrder", "INVALID"),
    ]
    assert await MedicalCategory.all().count() == 3
    assert await AuditEntry.filter(subject_type="medical_category").count() == 0


def errors(body: dict, field: str) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in body["data"][field]["userErrors"]]


async def test_a_code_past_its_bound_is_bad_user_input(client):
    await as_admin(client)

    body = await gql(client, CREATE, {"code": "x" * 25, "fields": MAJOR})

    assert codes(body) == ["BAD_USER_INPUT"]


async def test_an_update_is_audited_and_leaves_sample_fields(client):
    await as_admin(client)
    fields = {"descriptionZh": "住院期间的费用。", "active": False}

    body = await gql(client, UPDATE, {"code": "hospitalisation", "fields": fields})
    unknown = await gql(client, UPDATE, {"code": "dental", "fields": fields})
    listed = await gql(client, LIST)
    everything = await gql(client, LIST, {"all": True})

    category = body["data"]["updateMedicalCategory"]["medicalCategory"]
    assert category["active"] is False and category["sampleFields"] == ["descriptionEn"]
    assert errors(unknown, "updateMedicalCategory") == [("code", "UNKNOWN_CATEGORY")]
    assert [c["code"] for c in listed["data"]["medicalCategories"]] == SEEDED[1:]
    assert len(everything["data"]["medicalCategories"]) == 3
    entry = await AuditEntry.get(action="medical_category.update")
    assert entry.changes["active"] == [True, False]


async def test_an_inactive_category_is_no_longer_covered(client):
    await as_admin(client)
    await gql(client, UPDATE, {"code": "special_drugs", "fields": {"active": False}})

    answer = await gql(client, CHECK, {"category": "special_drugs", "amount": "5000.00"})

    rules = {r["rule"]: r for r in answer["data"]["checkMedicalAidClaim"]["rules"]}
    assert rules["CATEGORY_COVERED"]["passed"] is False


async def test_only_admins_add_or_change_categories(client):
    key = await make_key("fund centre", "aid:read")
    variables = {"code": "dental", "fields": MAJOR}

    anonymous = await gql(client, CREATE, variables)
    keyed = await gql(client, CREATE, variables, key=key)
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    staff = await gql(client, UPDATE, {"code": "hospitalisation", "fields": {"active": False}})

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(keyed) == ["FORBIDDEN"]
    assert codes(staff) == ["FORBIDDEN"]
    assert await MedicalCategory.filter(active=True).count() == 3


async def test_an_unknown_category_is_refused_by_checker_and_application_alike(client):
    await as_member(client, "TYDS0001")
    before = await AidApplication.all().count()

    checked = await gql(client, CHECK, {"category": "dental", "amount": "5000.00"})
    applied = await apply_medical(client, category="dental")

    assert codes(checked) == ["BAD_USER_INPUT"]
    assert checked["errors"][0]["extensions"]["argument"] == "input.category"
    assert codes_of(applied) == [("medical.category", "UNKNOWN_CATEGORY")]
    assert await AidApplication.all().count() == before


async def test_the_category_list_takes_one_statement(client):
    count, data = await count_statements(client, LIST, {"all": True})

    assert count == 1 and len(data["medicalCategories"]) == 3


async def test_the_portal_forms_list_the_categories_from_data(client):
    await add_and_cover(client, "major_outpatient")
    await as_member(client, "TYDS0001")
    form = await client.get("/union/aid/medical-2024/apply")
    checker_en = await client.get("/union/aid/medical/check?lang=en")

    assert 'value="major_outpatient"' in checker_en.text
    assert "Major outpatient illness" in checker_en.text
    assert 'value="major_outpatient"' in form.text and "门诊大病" in form.text
