"""applyForAid: the program's rules, invoice uploads (multipart), and nothing written on error."""

from __future__ import annotations

import json
import re

import pytest

from cityhub.settings import Settings
from tests.conftest import make_settings
from tests.helpers import codes, gql, make_account, make_key, sign_in
from tests.union.aid_support import (
    APPLY,
    JPEG,
    MEDICAL,
    PDF,
    PNG,
    STUDENT,
    apply_medical,
    as_member,
    csrf,
    program_id,
    stored_files,
    upload,
    written,
)

MAX_BYTES = 4096


@pytest.fixture
def settings(database_url: str, tmp_path) -> Settings:
    return make_settings(database_url, tmp_path, CITYHUB_UPLOAD_MAX_BYTES=str(MAX_BYTES))


def errors(body: dict) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in body["data"]["applyForAid"]["userErrors"]]


async def apply_student(client, **changes) -> dict:
    program = await program_id(client, "jinqiu-2024")
    return await gql(
        client, APPLY, {"input": {"program": program, "student": {**STUDENT, **changes}}}
    )


async def test_a_member_claims_medical_aid_with_an_invoice(client, settings):
    await as_member(client, "TYDS0001")

    body = await apply_medical(client)

    payload = body["data"]["applyForAid"]
    assert payload["userErrors"] == []
    application = payload["aidApplication"]
    assert re.fullmatch(r"YL2024-\d{6}", application["reference"])
    assert application["state"] == "SUBMITTED"
    assert application["selfPaidAmount"] == "4200.00"
    assert application["attachments"] == [
        {"filename": "发票.pdf", "contentType": "application/pdf", "size": len(PDF)}
    ]
    assert application["timeline"] == [
        {"action": "submit", "toState": "submitted", "isPublic": True}
    ]
    (stored,) = stored_files(settings.data_dir)
    assert stored.read_bytes() == PDF


async def test_the_type_comes_from_the_bytes_not_the_name(client, settings):
    await as_member(client, "TYDS0001")
    token = await csrf(client)
    program = await program_id(client, "medical-2024")
    files = [("scan.pdf", PNG, "application/pdf"), ("photo", JPEG, "text/plain")]

    body = await upload(
        client, {"input": {"program": program, "medical": MEDICAL}}, files, token=token
    )

    kinds = [a["contentType"] for a in body["data"]["applyForAid"]["aidApplication"]["attachments"]]
    assert kinds == ["image/png", "image/jpeg"]


async def test_a_member_applies_for_student_aid_through_the_non_hardship_channel(client):
    await as_member(client, "TYDS0040")

    body = await apply_student(client)

    application = body["data"]["applyForAid"]["aidApplication"]
    assert re.fullmatch(r"JQ2024-\d{6}", application["reference"])
    assert application["childName"] == "潘一诺"
    assert application["channel"] == "NON_HARDSHIP"


async def test_the_student_aid_rules_are_checked(client):
    await as_member(client, "TYDS0002")  # 肖师傅: two children already, not on the register

    third = await apply_student(client, childName="肖小妹")
    register = await apply_student(client, channel="HARDSHIP_REGISTER", childName="肖小妹")
    future = await apply_student(client, admissionYear=2031)

    assert ("student", "TOO_MANY_STUDENTS") in errors(third)
    assert ("student.channel", "NOT_ON_HARDSHIP_REGISTER") in errors(register)
    assert ("student.admissionYear", "INVALID") in errors(future)


async def test_the_non_hardship_channel_only_when_the_program_opens_it(client):
    await make_account("root", "admin")
    await sign_in(client, "root")
    update = "mutation($id: ID!) { updateAidProgram(input: {id: $id, nonHardshipChannel: false}) { userErrors { code } } }"  # noqa: E501
    await gql(client, update, {"id": await program_id(client, "jinqiu-2024")})
    await as_member(client, "TYDS0040")

    body = await apply_student(client)

    assert errors(body) == [("student.channel", "CHANNEL_CLOSED")]


async def test_the_medical_rules_are_checked_and_nothing_is_written(client, settings):
    await as_member(client, "TYDS0003")  # a chronic-outpatient claim paid in 2024
    before = await written()

    below = await apply_medical(client, selfPaidAmount="2999.99")
    negative = await apply_medical(client, selfPaidAmount="-5.00")
    second_chronic = await apply_medical(client, category="chronic_outpatient")
    dates = await apply_medical(client, treatmentStartedOn="2024-10-20")
    other_year = await apply_medical(
        client, treatmentStartedOn="2023-05-01", treatmentEndedOn="2023-05-02"
    )

    assert errors(below) == [("medical.selfPaidAmount", "BELOW_THRESHOLD")]
    assert errors(negative) == [("medical.selfPaidAmount", "INVALID_AMOUNT")]
    assert errors(second_chronic) == [("medical.category", "YEARLY_LIMIT_REACHED")]
    assert errors(dates) == [("medical.treatmentEndedOn", "INVALID_DATES")]
    assert errors(other_year) == [("medical.treatmentEndedOn", "OUTSIDE_PROGRAM_YEAR")]
    assert await written() == before
    assert stored_files(settings.data_dir) == []


async def test_exactly_the_threshold_is_accepted(client):
    await as_member(client, "TYDS0003")

    body = await apply_medical(client, selfPaidAmount="3000.00")

    assert body["data"]["applyForAid"]["aidApplication"]["selfPaidAmount"] == "3000.00"


async def test_a_member_not_enrolled_that_year_cannot_claim(client):
    await as_member(client, "TYDS0040")
    token = await csrf(client)
    program = await program_id(client, "medical-2023")
    medical = {**MEDICAL, "treatmentStartedOn": "2023-10-08", "treatmentEndedOn": "2023-10-15"}

    body = await upload(
        client,
        {"input": {"program": program, "medical": medical}},
        [("a.pdf", PDF, "application/pdf")],
        token=token,
    )

    assert errors(body) == [("program", "NOT_ENROLLED")]


async def test_bad_uploads_are_user_errors_and_no_file_or_row_is_left(client, settings):
    await as_member(client, "TYDS0001")
    token = await csrf(client)
    variables = {"input": {"program": await program_id(client, "medical-2024"), "medical": MEDICAL}}
    before = await written()

    big = await upload(
        client, variables, [("big.pdf", PDF + b"0" * MAX_BYTES, "application/pdf")], token=token
    )
    text = await upload(
        client, variables, [("fake.pdf", b"hello, not a pdf", "application/pdf")], token=token
    )
    many = await upload(
        client, variables, [(f"{i}.pdf", PDF, "application/pdf") for i in range(6)], token=token
    )
    empty = await upload(client, variables, [("empty.pdf", b"", "application/pdf")], token=token)
    mixed = await upload(
        client,
        variables,
        [("ok.pdf", PDF, "application/pdf"), ("bad.exe", b"MZ\x90", "application/pdf")],
        token=token,
    )
    variables["input"].pop("invoices")
    none = await gql(client, APPLY, variables)

    assert errors(big) == [("invoices", "FILE_TOO_LARGE")]
    assert errors(text) == [("invoices", "UNSUPPORTED_FILE_TYPE")]
    assert errors(many) == [("invoices", "TOO_MANY_FILES")]
    assert errors(empty) == [("invoices", "EMPTY_FILE")]
    assert errors(mixed) == [("invoices", "UNSUPPORTED_FILE_TYPE")]
    assert errors(none) == [("invoices", "INVOICE_REQUIRED")]
    assert await written() == before
    assert stored_files(settings.data_dir) == []


async def test_an_invoice_that_is_not_an_uploaded_file_is_refused(client, settings):
    await as_member(client, "TYDS0001")
    program = await program_id(client, "medical-2024")
    before = await written()
    literal = APPLY.replace("$input: ApplyForAidInput!", "$medical: MedicalAidInput!").replace(
        "input: $input", f'input: {{program: "{program}", medical: $medical, invoices: ["x"]}}'
    )

    as_text = await gql(
        client, APPLY, {"input": {"program": program, "medical": MEDICAL, "invoices": ["x"]}}
    )
    as_object = await gql(
        client, APPLY, {"input": {"program": program, "medical": MEDICAL, "invoices": [{}]}}
    )
    in_document = await gql(client, literal, {"medical": MEDICAL})

    assert codes(as_text) == codes(as_object) == ["BAD_USER_INPUT"]
    assert codes(in_document) == ["GRAPHQL_VALIDATION_FAILED"]
    assert await written() == before
    assert stored_files(settings.data_dir) == []


async def test_a_body_no_form_could_send_is_refused_before_it_is_read(client, settings):
    await as_member(client, "TYDS0001")
    token = await csrf(client)
    limit = settings.request_body_limit  # 5 files x 4,096 bytes + 1 MiB
    operations = json.dumps({"query": APPLY, "variables": {"input": {"invoices": [None]}}})
    before = await written()

    declared = await client.post(
        "/graphql",
        data={"operations": operations, "map": '{"0": ["variables.input.invoices.0"]}'},
        files={"0": ("huge.pdf", PDF + b"0" * limit, "application/pdf")},
        headers={"X-CSRF-Token": token},
    )

    async def chunks():  # a well-formed multipart form with no Content-Length
        yield (
            b'--x\r\nContent-Disposition: form-data; name="invoices"; filename="a.pdf"\r\n'
            b"Content-Type: application/pdf\r\n\r\n" + PDF
        )
        for _ in range(limit // 65_536 + 2):
            yield b"0" * 65_536
        yield b"\r\n--x--\r\n"

    streamed = await client.post(
        "/union/aid/medical-2024/apply",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=x"},
    )

    assert declared.status_code == 413
    assert declared.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert streamed.status_code == 413
    assert "提交的内容太大" in streamed.text
    assert await written() == before
    assert stored_files(settings.data_dir) == []


async def test_an_unknown_program_or_missing_details_are_user_errors(client):
    await as_member(client, "TYDS0001")
    medical_program = await program_id(client, "medical-2024")

    unknown = await gql(
        client, APPLY, {"input": {"program": "QWlkUHJvZ3JhbTo5OTk=", "student": STUDENT}}
    )
    wrong_type = await gql(
        client, APPLY, {"input": {"program": "U3RhdGlvbjox", "student": STUDENT}}
    )
    no_details = await gql(
        client, APPLY, {"input": {"program": medical_program, "student": STUDENT}}
    )

    assert errors(unknown) == [("program", "UNKNOWN_PROGRAM")]
    assert errors(wrong_type) == [("program", "UNKNOWN_PROGRAM")]
    assert ("medical", "DETAILS_REQUIRED") in errors(no_details)


async def test_only_signed_in_members_apply(client):
    key = await make_key("fund centre", "aid:read")
    await make_account("citizen", "citizen")
    variables = {"input": {"program": await program_id(client, "jinqiu-2024"), "student": STUDENT}}

    anonymous = await gql(client, APPLY, variables)
    keyed = await gql(client, APPLY, variables, key=key)
    await sign_in(client, "citizen")
    citizen = await gql(client, APPLY, variables)

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(keyed) == ["FORBIDDEN"]
    assert errors(citizen) == [("program", "NOT_A_MEMBER")]


async def test_a_cookie_multipart_request_without_the_csrf_header_is_anonymous(client, settings):
    await as_member(client, "TYDS0001")
    variables = {"input": {"program": await program_id(client, "medical-2024"), "medical": MEDICAL}}
    before = await written()

    body = await upload(client, variables, [("a.pdf", PDF, "application/pdf")])

    assert codes(body) == ["UNAUTHENTICATED"]
    assert await written() == before
    assert stored_files(settings.data_dir) == []
