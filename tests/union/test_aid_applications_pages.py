"""Aid application pages over HTTP: the forms (without JavaScript, with invoices), a
member's own applications, an application's page and its invoices."""

from __future__ import annotations

import re

from cityhub.models.union.aid_applications import AidApplication
from tests.helpers import csrf_from, make_account, sign_in
from tests.union.aid_support import PDF, as_member, as_staff, stored_files, written


async def test_the_apply_form_sends_visitors_to_sign_in_and_non_members_get_a_note(client):
    anonymous = await client.get("/union/aid/jinqiu-2024/apply")
    await make_account("citizen", "citizen")
    await sign_in(client, "citizen")
    page = await client.get("/union/aid/jinqiu-2024/apply")
    posted = await client.post(
        "/union/aid/jinqiu-2024/apply", data={"csrf_token": csrf_from_layout(page.text)}
    )

    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")
    assert (
        "还没有关联工会会员" in page.text
        and '<form method="post" action="/union/aid' not in page.text
    )
    assert posted.status_code == 403


def csrf_from_layout(html: str) -> str:
    match = re.search(r'"x-csrf-token": "([^"]+)"', html)
    return match.group(1) if match else csrf_from(html)


async def test_a_member_applies_for_student_aid_without_javascript(client):
    await as_member(client, "TYDS0040")
    page = await client.get("/union/aid/jinqiu-2024/apply")
    form = {
        "csrf_token": csrf_from(page.text),
        "childName": "潘一诺",
        "school": "太原理工大学",
        "admissionYear": "2024",
        "channel": "NON_HARDSHIP",
    }

    response = await client.post("/union/aid/jinqiu-2024/apply", data=form)
    mine = await client.get(response.headers["location"])

    assert response.status_code == 303
    assert re.match(r"/union/aid/mine\?applied=JQ2024-\d{6}$", response.headers["location"])
    assert "申请已提交" in mine.text and "潘一诺" in mine.text and "已提交" in mine.text


async def test_a_member_claims_medical_aid_with_an_invoice_through_the_form(client, settings):
    await as_member(client, "TYDS0001")
    page = await client.get("/union/aid/medical-2024/apply")
    form = {
        "csrf_token": csrf_from(page.text),
        "category": "hospitalisation",
        "selfPaidAmount": "5,200.50",
        "treatmentStartedOn": "2024-09-01",
        "treatmentEndedOn": "2024-09-09",
        "hospital": "太原市中心医院",
    }

    response = await client.post(
        "/union/aid/medical-2024/apply",
        data=form,
        files=[("invoices", ("发票.pdf", PDF, "application/pdf"))],
    )

    assert response.status_code == 303
    created = await AidApplication.filter(
        hospital="太原市中心医院", self_paid_amount="5200.50"
    ).count()
    assert created == 1
    assert len(stored_files(settings.data_dir)) == 1


async def test_form_mistakes_and_refusals_come_back_on_the_form_and_nothing_is_written(
    client, settings
):
    await as_member(client, "TYDS0001")
    page = await client.get("/union/aid/medical-2024/apply")
    token = csrf_from(page.text)
    form = {
        "csrf_token": token,
        "category": "hospitalisation",
        "selfPaidAmount": "2999.99",
        "treatmentStartedOn": "2024-09-01",
        "treatmentEndedOn": "2024-09-09",
        "hospital": "太原市中心医院",
    }
    invoice = [("invoices", ("a.pdf", PDF, "application/pdf"))]
    before = await written()

    below = await client.post("/union/aid/medical-2024/apply", data=form, files=invoice)
    words = await client.post(
        "/union/aid/medical-2024/apply", data={**form, "selfPaidAmount": "很多"}, files=invoice
    )
    fake = await client.post(
        "/union/aid/medical-2024/apply",
        data={**form, "selfPaidAmount": "4000"},
        files=[("invoices", ("a.pdf", b"not a pdf", "application/pdf"))],
    )
    no_token = await client.post(
        "/union/aid/medical-2024/apply", data={**form, "csrf_token": "x"}, files=invoice
    )

    assert below.status_code == 422 and "未达到 3,000.00 元的标准" in below.text
    assert 'value="2999.99"' in below.text
    assert words.status_code == 422 and "请输入自付金额" in words.text
    assert fake.status_code == 422 and "不是 PDF、JPEG 或 PNG" in fake.text
    assert no_token.status_code == 403
    assert await written() == before
    assert stored_files(settings.data_dir) == []


async def test_my_applications_show_their_timelines(client):
    await as_member(client, "TYDS0002")

    response = await client.get("/union/aid/mine")

    assert response.status_code == 200
    assert response.text.count('class="aid-application"') == 2
    assert response.text.count("发放</strong>") == 2
    assert "2024-08-05 09:30" in response.text  # 01:30 UTC shown on Taiyuan's clock


async def test_the_application_page_and_its_invoice_are_for_the_applicant_and_staff(client):
    await as_member(client, "TYDS0001")
    page = await client.get("/union/aid/medical-2024/apply")
    form = {
        "csrf_token": csrf_from(page.text),
        "category": "special_drugs",
        "selfPaidAmount": "8000",
        "treatmentStartedOn": "2024-03-01",
        "treatmentEndedOn": "2024-06-30",
        "hospital": "山西省肿瘤医院",
    }
    await client.post(
        "/union/aid/medical-2024/apply",
        data=form,
        files=[("invoices", ("票.pdf", PDF, "application/pdf"))],
    )
    mine = await client.get("/union/aid/mine")
    application = re.findall(r'href="/union/aid/applications/([^"]+)"', mine.text)[0]
    detail = await client.get(f"/union/aid/applications/{application}")
    invoice = re.search(r'href="(/union/aid/files/[^"]+)"', detail.text).group(1)
    own_file = await client.get(invoice)

    await as_member(client, "TYDS0004")
    other_detail = await client.get(f"/union/aid/applications/{application}")
    other_file = await client.get(invoice)
    await as_staff(client)
    staff_file = await client.get(invoice)

    assert detail.status_code == 200 and "山西省肿瘤医院" in detail.text
    assert own_file.status_code == 200 and own_file.content == PDF
    assert own_file.headers["content-type"] == "application/pdf"
    assert own_file.headers["x-content-type-options"] == "nosniff"
    assert other_detail.status_code == 404 and other_file.status_code == 404
    assert staff_file.status_code == 200
