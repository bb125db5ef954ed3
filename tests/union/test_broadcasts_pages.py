"""The union staff dashboard over HTTP, its broadcasts part: who may open it, composing,
confirming the audience size and sending a broadcast without JavaScript and with htmx,
the htmx audience preview, the list with the state each copy reached."""

from __future__ import annotations

import re

from cityhub.models.sms import SmsOutbox
from cityhub.models.union.broadcasts import Broadcast
from cityhub.models.union.members import Member
from tests.helpers import csrf_from, make_account, sign_in

HX = {"HX-Request": "true"}
SAMPLE_DAYS = {"from": "2024-04-24", "to": "2024-05-12"}


async def staff(client, role="union_staff") -> str:
    await make_account("staff", role)
    await sign_in(client, "staff")
    return (await client.get("/union/staff")).text


def request_key(html: str) -> str:
    return re.search(r'name="request_key" value="([^"]+)"', html).group(1)


def compose(html: str, **fields) -> dict:
    return {
        "csrf_token": csrf_from(html),
        "request_key": request_key(html),
        "kind": "FLEET",
        "fleet": "platform-a",
        "text": "工会提醒：医疗互助报销材料请在本月内提交。",
        "action": "send",
        **fields,
    }


async def test_anonymous_visitors_sign_in_first_and_members_are_refused(client):
    anonymous = await client.get("/union/staff?from=2024-05-01&to=2024-05-02")
    await make_account("chen", "member")
    await sign_in(client, "chen")
    member = await client.get("/union/staff")
    fragment = await client.get("/union/staff/audience?kind=ALL_ACTIVE", headers=HX)
    home = (await client.get("/")).text
    form = {"csrf_token": csrf_from(home), "request_key": "request-0001", "kind": "ALL_ACTIVE"}
    post = await client.post("/union/staff/broadcasts", data={**form, "text": "x"})

    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == (
        "/login?next=%2Funion%2Fstaff%3Ffrom%3D2024-05-01%26to%3D2024-05-02"
    )
    assert member.status_code == fragment.status_code == post.status_code == 403
    assert await Broadcast.all().count() == 0


async def test_staff_and_admins_open_the_dashboard(client):
    html = await staff(client, role="admin")

    assert "工会工作台" in html
    for section in ('id="compose"', 'id="broadcasts"', 'id="chart"', 'id="consultations"'):
        assert section in html
    assert "还没有发送过广播。" in html


async def test_the_source_s_broadcast_is_an_example_with_its_source_not_a_live_row(client):
    html = await staff(client)

    example = html[html.index('class="staff-example"') : html.index('id="broadcasts"')]
    assert "太原市总工会为您办理了2024年新业态医疗互助" in example
    assert (
        "来源：《两年入会 6.5 万人 建设驿站 35 家 / 我市为巡游网约车司机保驾护航》，记者 李俊华"
        in example
    )
    assert "2024-11-21" in example and "太原本地日报" not in example
    assert "2680个" in example and "9860余条" in example
    live = html[html.index('id="broadcasts"') :]
    assert "2,680" not in live and "9,860" not in live
    assert await Broadcast.all().count() == 0


def confirmation(html: str) -> dict:
    """The confirmation page's form, as its confirm button sends it."""
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))
    return {**fields, "action": "confirm"}


async def test_sending_asks_to_confirm_the_audience_size_first_without_javascript(client):
    html = await staff(client)

    asked = await client.post("/union/staff/broadcasts", data=compose(html, kind="ALL_ACTIVE"))

    assert asked.status_code == 200 and "<html" in asked.text
    assert "这条短信将发给 50 名会员。" in asked.text
    assert "其中 50 名是示例会员：短信只记录，不会交给短信网关。" in asked.text
    assert "确认发给 50 名会员" in asked.text
    assert confirmation(asked.text)["expected_recipients"] == "50"
    assert await Broadcast.all().count() == 0


async def test_a_confirmed_broadcast_is_queued_and_a_double_submit_queues_once(client):
    html = await staff(client)
    asked = await client.post("/union/staff/broadcasts", data=compose(html))
    form = confirmation(asked.text)

    first = await client.post("/union/staff/broadcasts", data=form)
    again = await client.post("/union/staff/broadcasts", data=form)
    listed = await client.get(first.headers["location"])

    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert "广播已发出" not in listed.text and "已发出" not in listed.text
    assert "广播已写入短信发件箱" in listed.text
    assert "工会提醒：医疗互助报销材料请在本月内提交。" in listed.text
    recipients = (await Broadcast.get()).recipients
    assert await SmsOutbox.all().count() == recipients > 0
    assert f"示例会员 {recipients}，只记录、不发出" in listed.text


async def test_the_list_says_copies_stay_queued_while_no_gateway_is_configured(client):
    html = await staff(client)
    await Member.filter(is_sample=True).update(is_sample=False)
    asked = await client.post("/union/staff/broadcasts", data=compose(html, kind="ALL_ACTIVE"))

    sent = await client.post("/union/staff/broadcasts", data=confirmation(asked.text))
    listed = await client.get(sent.headers["location"])

    assert "已排队 50，未配置短信网关" in listed.text
    assert "未配置短信网关（CITYHUB_SMS_GATEWAY）：短信留在发件箱中排队，不会发出。" in listed.text


async def test_a_confirmation_for_an_audience_that_changed_asks_again(client):
    html = await staff(client)
    asked = await client.post("/union/staff/broadcasts", data=compose(html, kind="ALL_ACTIVE"))
    await Member.filter(member_no="TYDS0001").update(status="left")

    again = await client.post("/union/staff/broadcasts", data=confirmation(asked.text))

    assert again.status_code == 200
    assert "收件人数已变为 49（确认的是 50），请重新确认" in again.text
    assert confirmation(again.text)["expected_recipients"] == "49"
    assert await Broadcast.all().count() == 0


async def test_with_htmx_the_confirmation_replaces_the_form_inline(client):
    html = await staff(client)

    panel = await client.post(
        "/union/staff/broadcasts", data=compose(html, kind="ALL_ACTIVE"), headers=HX
    )

    assert panel.text.lstrip().startswith('<section id="compose" class="confirm"')
    assert "<html" not in panel.text and "这条短信将发给 50 名会员。" in panel.text
    assert 'hx-post="/union/staff/broadcasts"' in html and 'hx-target="#compose"' in html


async def test_with_htmx_a_form_with_errors_comes_back_in_place_with_its_messages(client):
    html = await staff(client)

    back = await client.post("/union/staff/broadcasts", data=compose(html, text=" "), headers=HX)

    # htmx swaps 4xx answers too, and hx-select="#compose" takes the form out of the page.
    assert back.status_code == 422
    assert 'hx-select="#compose"' in html and '<section id="compose"' in back.text
    assert "请填写短信内容" in back.text
    assert await Broadcast.all().count() == 0


async def test_editing_from_the_confirmation_keeps_the_form_as_typed(client):
    html = await staff(client)
    asked = await client.post("/union/staff/broadcasts", data=compose(html))

    back = await client.post(
        "/union/staff/broadcasts", data={**confirmation(asked.text), "action": "edit"}
    )

    assert back.status_code == 200
    assert "工会提醒：医疗互助报销材料请在本月内提交。</textarea>" in back.text
    assert request_key(back.text) == request_key(html)
    assert await Broadcast.all().count() == 0


async def test_the_preview_counts_the_audience_without_sending(client):
    html = await staff(client)

    preview = await client.post(
        "/union/staff/broadcasts", data=compose(html, kind="ALL_ACTIVE", action="preview")
    )

    assert preview.status_code == 200
    assert "将发给 50 名会员；另有 5 名已退订短信，不会收到。" in preview.text
    assert request_key(preview.text) == request_key(html)  # sending next keeps the key
    assert await Broadcast.all().count() == 0


async def test_htmx_gets_only_the_audience_and_others_the_whole_page(client):
    await staff(client)

    fragment = await client.get(
        "/union/staff/audience", params={"kind": "FLEET", "fleet": "platform-a"}, headers=HX
    )
    missing = await client.get("/union/staff/audience", params={"kind": "FLEET"}, headers=HX)
    plain = await client.get("/union/staff/audience", params={"kind": "ALL_ACTIVE"})
    followed = await client.get(plain.headers["location"])

    assert fragment.text.lstrip().startswith('<p id="audience"')
    assert "将发给" in fragment.text and "<html" not in fragment.text
    assert "请先选好人群和条件" in missing.text and "请选择此人群所需的条件" in missing.text
    assert plain.status_code == 303 and "preview=1" in plain.headers["location"]
    assert "将发给 50 名会员" in followed.text


async def test_bad_compose_forms_are_form_messages_and_nothing_is_sent(client):
    html = await staff(client)
    cases = [
        (compose(html, text="  "), "请填写短信内容"),
        (compose(html, fleet="nowhere"), "找不到该车队或公司"),
        (compose(html, kind="EVERYONE"), "请选择发给谁"),
        (compose(html, kind="STATION_VISITORS"), "请选择此人群所需的条件"),
        (compose(html, kind="PROGRAM_ENROLLED", program="%%%"), "请从列表中选择"),
        # checked by sendBroadcast, on the confirmation's submit (the textarea stops at 500)
        (compose(html, text="字" * 501, action="confirm"), "短信内容须为 1-500 个字"),
        (compose(html, request_key="x", action="confirm"), "请求编号须为"),
    ]

    for data, message in cases:
        response = await client.post("/union/staff/broadcasts", data=data)
        assert response.status_code == 422, message
        assert message in response.text
    assert await Broadcast.all().count() == 0


async def test_sending_needs_the_csrf_token(client):
    html = await staff(client)

    response = await client.post(
        "/union/staff/broadcasts", data={**compose(html), "csrf_token": "forged"}
    )

    assert response.status_code == 403
    assert await Broadcast.all().count() == 0


async def test_the_dashboard_speaks_english(client):
    await staff(client)

    response = await client.get("/union/staff?lang=en")

    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "All active members" in response.text and "Hotline" in response.text
