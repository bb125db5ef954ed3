"""Union staff pages for members over HTTP: the list, search, and registration."""

from __future__ import annotations

import re

from tests.helpers import csrf_from, make_account, sign_in

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
