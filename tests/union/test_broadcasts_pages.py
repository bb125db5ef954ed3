"""The union staff dashboard over HTTP, its broadcasts part: who may open it, composing and
sending a broadcast without JavaScript, the htmx audience preview, the sent list."""

from __future__ import annotations

import re

from cityhub.models.sms import SmsOutbox
from cityhub.models.union.broadcasts import Broadcast
from cityhub.resolvers import sms
from cityhub.resolvers.union import broadcasts
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


async def test_a_broadcast_is_sent_without_javascript_and_a_double_submit_sends_once(client):
    html = await staff(client)
    form = compose(html)

    first = await client.post("/union/staff/broadcasts", data=form)
    again = await client.post("/union/staff/broadcasts", data=form)
    listed = await client.get(first.headers["location"])

    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert "广播已发出。" in listed.text
    assert "工会提醒：医疗互助报销材料请在本月内提交。" in listed.text
    recipients = (await Broadcast.get()).recipients
    assert await SmsOutbox.all().count() == recipients > 0


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
        (compose(html, text="字" * 501), "短信内容须为 1-500 个字"),
        (compose(html, request_key="x"), "请求编号须为"),
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


async def test_a_send_the_gateway_stops_is_finished_by_sending_the_same_form_again(
    client, monkeypatch
):
    html = await staff(client)
    monkeypatch.setattr(broadcasts, "SEND_BATCH", 2)
    real, calls = sms.OutboxSender.send, []

    async def flaky(self, messages):
        calls.append(len(messages))
        if len(calls) == 2:
            raise sms.SmsUnavailable("gateway down")
        return await real(self, messages)

    monkeypatch.setattr(sms.OutboxSender, "send", flaky)
    form = compose(html, kind="ALL_ACTIVE")

    stopped = await client.post("/union/staff/broadcasts", data=form)
    finished = await client.post("/union/staff/broadcasts", data=form)

    assert stopped.status_code == 200
    assert "已发出 2 条，还有 48 条未发出" in stopped.text
    assert request_key(stopped.text) == form["request_key"]
    assert finished.status_code == 303
    assert await SmsOutbox.all().count() == 50


async def test_the_dashboard_speaks_english(client):
    await staff(client)

    response = await client.get("/union/staff?lang=en")

    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "All active members" in response.text and "Hotline" in response.text
