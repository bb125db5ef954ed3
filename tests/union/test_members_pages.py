"""Member pages over HTTP: a member's own record and SMS opt-out; for staff, the list,
search, and registration."""

from __future__ import annotations

import re

from cityhub.models.union.members import Member
from tests.helpers import csrf_from, make_account, sign_in
from tests.union.aid_support import as_member

VALID = {
    "name": "李明",
    "phone": "13812345678",
    "idNumber": "110101199003074477",
    "vehicleType": "RIDE_HAILING",
    "fleet": "platform-a",
}


async def _staff(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")


async def test_staff_see_the_member_list_with_search(client):
    await _staff(client)

    everyone = await client.get("/union/members")
    found = await client.get("/union/members", params={"q": "陈师傅"})

    assert everyone.status_code == 200
    assert "共 60 名会员" in everyone.text
    assert "陈师傅" in found.text
    assert "共 1 名会员" in found.text
    assert 'class="badge sample"' in found.text


async def test_the_member_list_sends_anonymous_visitors_to_sign_in_and_refuses_citizens(client):
    anonymous = await client.get("/union/members?q=x")
    await make_account("citizen", "citizen")
    await sign_in(client, "citizen")
    citizen = await client.get("/union/members")

    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=%2Funion%2Fmembers%3Fq%3Dx"
    assert citizen.status_code == 403


async def test_registering_a_member_through_the_form(client):
    await _staff(client)
    page = await client.get("/union/members/new")

    response = await client.post(
        "/union/members/new", data={**VALID, "csrf_token": csrf_from(page.text)}
    )
    listed = await client.get(response.headers["location"])

    assert response.status_code == 303
    assert "已登记会员 TYD" in listed.text
    assert "共 61 名会员" in listed.text


async def test_a_bad_id_number_is_a_form_message_and_nothing_is_registered(client):
    await _staff(client)
    page = await client.get("/union/members/new")

    response = await client.post(
        "/union/members/new",
        data={**VALID, "idNumber": "110101199003074478", "csrf_token": csrf_from(page.text)},
    )
    listed = await client.get("/union/members")

    assert response.status_code == 422
    assert "身份证号码校验位不正确" in response.text
    assert re.search(r'id="idNumber"[^>]*aria-invalid="true"', response.text)
    assert 'value="李明"' in response.text
    assert "共 60 名会员" in listed.text


async def test_the_union_page_links_staff_to_their_tools_and_hides_them_from_others(client):
    anonymous = await client.get("/union")
    await _staff(client)
    staff = await client.get("/union")

    assert 'href="/union/aid"' in anonymous.text
    assert 'href="/union/staff"' not in anonymous.text
    for path in ("/union/staff", "/union/aid/review", "/union/members"):
        assert f'href="{path}"' in staff.text


async def test_my_membership_sends_anonymous_visitors_to_sign_in(client):
    response = await client.get("/union/me")

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Funion%2Fme"


async def test_a_member_reads_their_own_record_and_medical_aid_enrolment(client):
    await as_member(client, "TYDS0040")  # enrolled in 2024 only

    page = await client.get("/union/me")

    html = page.text
    member = await Member.get(member_no="TYDS0040")
    assert page.status_code == 200
    assert member.name in html and member.phone in html
    # The ID number masked until asked for, then whole, with a way back.
    assert member.id_number not in html
    assert member.id_number[0] + "*" * 16 + member.id_number[-1] in html
    assert 'href="/union/me?show=id"' in html
    shown = (await client.get("/union/me", params={"show": "id"})).text
    assert member.id_number in shown and 'href="/union/me">隐藏</a>' in shown
    assert re.search(r"2024年新业态医疗互助</a>：已参加", html)
    assert re.search(r"2023年新业态医疗互助</a>：未参加", html)
    assert "退订工会群发短信" in html


async def test_a_member_opts_out_of_union_sms_and_back_without_javascript(client):
    await as_member(client, "TYDS0040")
    page = await client.get("/union/me")

    stopped = await client.post(
        "/union/me", data={"smsOptOut": "1", "csrf_token": csrf_from(page.text)}
    )
    after = await client.get(stopped.headers["location"])
    opted_out = (await Member.get(member_no="TYDS0040")).sms_opt_out
    resumed = await client.post(
        "/union/me", data={"smsOptOut": "0", "csrf_token": csrf_from(after.text)}
    )

    assert stopped.status_code == 303 and stopped.headers["location"] == "/union/me?saved=1"
    assert opted_out is True
    assert "已保存。" in after.text and "您已退订工会群发短信" in after.text
    assert resumed.status_code == 303
    assert (await Member.get(member_no="TYDS0040")).sms_opt_out is False


async def test_opting_out_needs_the_csrf_token_and_a_member_record(client):
    await as_member(client, "TYDS0040")
    forged = await client.post("/union/me", data={"smsOptOut": "1", "csrf_token": "forged"})
    await make_account("citizen", "citizen")
    await sign_in(client, "citizen")
    page = await client.get("/union/me")
    refused = await client.post(
        "/union/me", data={"smsOptOut": "1", "csrf_token": csrf_from(page.text)}
    )

    assert forged.status_code == 403
    assert (await Member.get(member_no="TYDS0040")).sms_opt_out is False
    assert "还没有关联工会会员" in page.text
    assert refused.status_code == 422
    assert "当前账户没有关联会员" in refused.text


async def test_staff_change_a_members_status_through_the_form(client):
    await _staff(client)
    page = await client.get("/union/members/TYDS0001")
    form = {
        "status": "SUSPENDED",
        "phone": (await Member.get(member_no="TYDS0001")).phone,
        "vehicleType": "CRUISING_TAXI",
        "fleet": "",
        "csrf_token": csrf_from(page.text),
    }

    response = await client.post("/union/members/TYDS0001", data=form)
    after = await client.get(response.headers["location"])

    assert page.status_code == 200 and 'name="status"' in page.text
    assert response.status_code == 303
    assert "已保存。" in after.text
    member = await Member.get(member_no="TYDS0001")
    assert (member.status, member.fleet_id) == ("suspended", None)


async def test_a_bad_phone_comes_back_on_the_form_and_nothing_changes(client):
    await _staff(client)
    page = await client.get("/union/members/TYDS0001")
    before = await Member.get(member_no="TYDS0001").values("status", "phone", "fleet_id")

    response = await client.post(
        "/union/members/TYDS0001",
        data={"status": "LEFT", "phone": "123", "csrf_token": csrf_from(page.text)},
    )

    assert response.status_code == 422
    assert "手机号应为 11 位数字" in response.text
    assert 'aria-invalid="true"' in response.text
    assert await Member.get(member_no="TYDS0001").values("status", "phone", "fleet_id") == before


async def test_the_member_form_is_for_staff_and_an_unknown_number_is_a_404(client):
    anonymous = await client.get("/union/members/TYDS0001")
    await as_member(client, "TYDS0002")
    member = await client.get("/union/members/TYDS0001")
    await _staff(client)
    missing = await client.get("/union/members/TYDX9999")
    listed = await client.get("/union/members", params={"q": "TYDS0001"})

    assert anonymous.status_code == 303
    assert member.status_code == 403
    assert missing.status_code == 404
    assert 'href="/union/members/TYDS0001"' in listed.text


async def test_staff_see_the_id_number_masked_until_they_ask(client):
    await _staff(client)
    member = await Member.get(member_no="TYDS0001")

    page = (await client.get("/union/members/TYDS0001")).text
    shown = (await client.get("/union/members/TYDS0001", params={"show": "id"})).text

    assert member.id_number not in page and "显示完整号码" in page
    assert member.id_number in shown
