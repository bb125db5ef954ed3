"""The aid pages over HTTP: programs, the claim checker (no login, no JS), forms, review."""

from __future__ import annotations

import re

from cityhub.models.union.aid_applications import AidApplication
from tests.helpers import csrf_from, make_account, sign_in
from tests.union.test_aid_support import PDF, as_member, stored_files, written

CHECK = "/union/aid/medical/check"


def claim(amount: str, **extra: str) -> dict:
    return {"year": "2024", "category": "HOSPITALISATION", "amount": amount, **extra}


def rule_lines(html: str) -> dict[str, str]:
    """{rule: "passed" | "failed"} as the result lists them."""
    found = re.findall(r'<li class="(passed|failed)" data-rule="([A-Z_]+)"', html)
    return {rule: state for state, rule in found}


async def test_the_programs_page_lists_each_program(client):
    response = await client.get("/union/aid")

    assert response.status_code == 200
    for name in ("2024年金秋助学", "2023年新业态医疗互助", "2024年新业态医疗互助"):
        assert name in response.text
    assert 'href="/union/aid/medical/check"' in response.text


async def test_a_program_page_shows_rules_sample_labels_and_figures_apart(client):
    response = await client.get("/union/aid/jinqiu-2024")

    html = response.text
    rules = html[html.index('id="rules-heading"') : html.index('id="live-heading"')]
    live = html[html.index('id="live-heading"') : html.index('id="published-heading"')]
    published = html[html.index('id="published-heading"') :]
    assert "每名学生资助 7,600.00 元。" in rules and 'class="badge sample"' in rules
    assert "非建档困难职工" in rules
    assert ">10</span>" in live and "120" not in live
    assert ">120</span>" in published and "来源：" in published


async def test_the_medical_program_page_counts_enrolment_and_tells_a_member_theirs(client):
    anonymous = (await client.get("/union/aid/medical-2024")).text
    await as_member(client, "TYDS0040")  # enrolled in 2024 only
    enrolled = (await client.get("/union/aid/medical-2024")).text
    not_enrolled = (await client.get("/union/aid/medical-2023")).text

    live = anonymous[anonymous.index('id="live-heading"') :]
    assert "已参加的会员" in live
    assert "你已参加" not in anonymous and "你没有参加" not in anonymous
    assert "你已参加 2024 年的医疗互助。" in enrolled
    assert "你没有参加 2023 年的医疗互助" in not_enrolled


async def test_an_unknown_program_is_a_404(client):
    assert (await client.get("/union/aid/no-such-program")).status_code == 404


async def test_the_claim_checker_works_without_login_or_javascript(client):
    below = await client.get(CHECK, params=claim("2999.99", enrolled="yes"))
    at = await client.get(CHECK, params=claim("3000", enrolled="yes"))

    assert below.status_code == at.status_code == 200
    assert "暂不符合申请条件" in below.text
    assert rule_lines(below.text)["SELF_PAID_THRESHOLD"] == "failed"
    assert "未达到 3,000.00 元的标准" in below.text
    assert "符合申请条件" in at.text and "暂不符合" not in at.text
    assert set(rule_lines(at.text).values()) == {"passed"}
    assert "未核对" in at.text  # anonymous: enrolment was declared, not checked
    assert "<form" in at.text and "set-cookie" not in at.headers


async def test_the_checker_says_what_is_wrong_with_the_input(client):
    words = await client.get(CHECK, params=claim("三千"))
    negative = await client.get(CHECK, params=claim("-3"))
    unknown_year = await client.get(CHECK, params={**claim("3000"), "year": "2031"})

    assert words.status_code == 422 and "请输入自付金额" in words.text
    assert negative.status_code == 400 and "金额须为不小于 0 的数字" in negative.text
    assert unknown_year.status_code == 400 and "找不到 2031 年" in unknown_year.text
    assert "<form" in words.text


async def test_htmx_gets_only_the_result(client):
    response = await client.get(CHECK, params=claim("5000"), headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="claim-result"')
    assert "<form" not in response.text


async def test_a_signed_in_member_is_checked_against_the_data(client):
    await as_member(client, "TYDS0003")

    response = await client.get(CHECK, params={**claim("3500"), "category": "CHRONIC_OUTPATIENT"})

    assert "TYDS0003" in response.text
    assert rule_lines(response.text)["CHRONIC_OUTPATIENT_LIMIT"] == "failed"
    assert "已核对" in response.text


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
        "category": "HOSPITALISATION",
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
        "category": "HOSPITALISATION",
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

    assert below.status_code == 422 and "个人自付部分未达到 3,000.00 元" in below.text
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
