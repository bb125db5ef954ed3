"""One submission shows every problem: the form's own format messages and the schema's
rules together, on the apply form (with and without htmx) and in applyForAid itself."""

from __future__ import annotations

import re

import pytest

from cityhub.models.union.aid_programs import AidProgram
from tests.helpers import csrf_from
from tests.union.aid_support import (
    PDF,
    STUDENT,
    apply_medical,
    as_member,
    csrf,
    program_id,
    stored_files,
    upload,
    written,
)

MEDICAL_FORM = {
    "category": "chronic_outpatient",
    "selfPaidAmount": "3500",
    "treatmentStartedOn": "2024-09-01",
    "treatmentEndedOn": "9/9/2024",  # the form cannot read it
    "hospital": "太原市中心医院",
}


def messages(html: str) -> dict[str, str]:
    """{field: its message} as the form shows them."""
    return dict(re.findall(r'<p class="error" id="([A-Za-z]+)-error">([^<]+)</p>', html))


@pytest.mark.parametrize("htmx", [False, True])
async def test_a_format_error_and_a_rule_error_come_back_together(client, settings, htmx):
    await as_member(client, "TYDS0003")  # used this year's chronic-outpatient place
    page = await client.get("/union/aid/medical-2024/apply")
    headers = {"HX-Request": "true"} if htmx else {}
    before = await written()

    response = await client.post(
        "/union/aid/medical-2024/apply",
        data={**MEDICAL_FORM, "csrf_token": csrf_from(page.text)},
        files=[("invoices", ("a.pdf", PDF, "application/pdf"))],
        headers=headers,
    )

    assert response.status_code == 422
    shown = messages(response.text)
    assert shown["treatmentEndedOn"] == "请填写日期，格式为 2024-05-06"
    assert "已达每年 1 次的上限" in shown["category"]
    assert await written() == before
    assert stored_files(settings.data_dir) == []


async def test_a_student_form_shows_a_bad_year_with_the_duplicate_child(client):
    await as_member(client, "TYDS0002")  # applied for 肖雨涵 and one more child (seeded)
    page = await client.get("/union/aid/jinqiu-2024/apply")
    form = {
        **STUDENT,
        "childName": "肖雨涵",
        "admissionYear": "二〇二四",
        "csrf_token": csrf_from(page.text),
    }

    response = await client.post("/union/aid/jinqiu-2024/apply", data=form)

    shown = messages(response.text)
    assert response.status_code == 422
    assert shown["admissionYear"] == "请填写四位数的入学年份"
    assert shown["childName"] == "已为这名子女提交过申请"
    assert "每名会员每年最多为 2 名子女申请" in response.text  # the whole form's message


async def test_apply_for_aid_returns_every_failing_rule_at_once(client):
    await as_member(client, "TYDS0003")
    await AidProgram.filter(code="medical-2024").update(closes_on="2024-01-31")

    body = await apply_medical(
        client, category="chronic_outpatient", selfPaidAmount="100.00", hospital=" "
    )

    assert [(e["field"], e["code"]) for e in body["data"]["applyForAid"]["userErrors"]] == [
        ("program", "PROGRAM_CLOSED"),
        ("medical.selfPaidAmount", "BELOW_THRESHOLD"),
        ("medical.category", "YEARLY_LIMIT_REACHED"),
        ("medical.hospital", "INVALID"),
    ]


async def test_validate_only_checks_and_writes_nothing(client, settings):
    await as_member(client, "TYDS0001")
    token = await csrf(client)
    program = await program_id(client, "medical-2024")
    medical = {**MEDICAL_FORM, "category": "hospitalisation", "treatmentEndedOn": "2024-09-09"}
    variables = {"input": {"program": program, "medical": medical, "validateOnly": True}}
    before = await written()

    body = await upload(client, variables, [("a.pdf", PDF, "application/pdf")], token=token)

    assert body["data"]["applyForAid"] == {"aidApplication": None, "userErrors": []}
    assert await written() == before
    assert stored_files(settings.data_dir) == []
