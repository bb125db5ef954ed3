"""The staff dashboard's consultations part over HTTP: the log form without JavaScript,
and the server-drawn daily chart with its table, for the asked range or in its place the
schema's message over the last 30 days."""

from __future__ import annotations

from cityhub.models.union.consultations import Consultation
from tests.helpers import csrf_from
from tests.union.test_broadcasts_pages import HX, SAMPLE_DAYS, staff


async def test_a_consultation_is_logged_through_the_form(client):
    html = await staff(client)
    form = {
        "csrf_token": csrf_from(html),
        "channel": "HOTLINE",
        "topic": "MEDICAL_AID",
        "at": "2024-05-01T23:59",
        "note": "询问报销材料",
    }

    response = await client.post("/union/staff/consultations", data=form)
    listed = await client.get(response.headers["location"])

    assert response.status_code == 303
    assert "咨询已登记。" in listed.text
    logged = await Consultation.filter(note="询问报销材料").get()
    assert (str(logged.day), logged.answered_by_id is not None) == ("2024-05-01", True)


async def test_bad_consultation_forms_are_form_messages_and_nothing_is_logged(client):
    html = await staff(client)
    base = {"csrf_token": csrf_from(html), "channel": "SMS", "topic": "OTHER"}
    before = await Consultation.all().count()
    cases = [
        ({**base, "at": "2999-01-01T10:00"}, "咨询时间不能晚于现在"),
        ({**base, "at": "tomorrow"}, "时间格式应为"),
        ({**base, "channel": "FAX"}, "请从列表中选择"),
        ({**base, "note": "字" * 501}, "备注最多 500 个字"),
    ]

    for data, message in cases:
        response = await client.post("/union/staff/consultations", data=data)
        assert response.status_code == 422, message
        assert message in response.text
    assert await Consultation.all().count() == before


async def test_the_chart_is_svg_with_the_source_day_marked_and_a_table(client):
    await staff(client)

    response = await client.get("/union/staff", params=SAMPLE_DAYS)

    html = response.text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count("<rect") >= 19
    assert svg.count('class="mark-source"') == 1 and "2024-04-30" in svg
    table = html[html.index("<details>") : html.index("</details>")]
    assert table.count('<th scope="row">') == 19
    assert "2024-04-24 至 2024-05-12，共 41 次咨询" in html


async def test_htmx_gets_only_the_chart_for_another_range(client):
    await staff(client)

    fragment = await client.get("/union/staff/stats", params=SAMPLE_DAYS, headers=HX)
    plain = await client.get("/union/staff/stats", params=SAMPLE_DAYS)

    assert fragment.text.lstrip().startswith('<div id="consultation-stats"')
    assert "<svg" in fragment.text and "<html" not in fragment.text
    assert plain.status_code == 303 and plain.headers["location"].startswith("/union/staff?")


async def test_a_bad_range_is_a_400_with_a_message_and_the_last_30_days(client):
    await staff(client)

    backwards = await client.get("/union/staff", params={"from": "2024-05-02", "to": "2024-05-01"})
    garbage = await client.get("/union/staff", params={"from": "x", "to": "y"})

    assert backwards.status_code == garbage.status_code == 400
    assert "结束日期不能早于开始日期" in backwards.text  # the schema's message
    assert "日期格式应为 2024-04-30" in garbage.text
    assert backwards.text.count('<th scope="row">') == 30


async def test_a_range_longer_than_the_schema_allows_is_its_message(client):
    await staff(client)

    long = await client.get("/union/staff", params={"from": "2023-01-01", "to": "2024-05-01"})
    fragment = await client.get(
        "/union/staff/stats", params={"from": "2024-05-02", "to": "2024-05-01"}, headers=HX
    )

    assert long.status_code == 400 and "一次最多统计 366 天" in long.text
    assert long.text.count('<th scope="row">') == 30
    assert fragment.text.lstrip().startswith('<div id="consultation-stats"')
    assert (
        "结束日期不能早于开始日期" in fragment.text
        and fragment.text.count('<th scope="row">') == 30
    )


async def test_the_chart_opens_on_the_30_days_up_to_the_latest_consultation(client):
    import re

    from cityhub import clock

    await staff(client)
    latest = await Consultation.all().order_by("-at").first()
    assert latest is not None and clock.local_date(latest.at) < clock.today()

    page = (await client.get("/union/staff")).text

    day = clock.local_date(latest.at).isoformat()
    assert re.search(rf"至 {day}，共 [1-9][\d,]* 次咨询", page)  # not 30 empty days
    ticks = re.findall(
        r'<text class="tick" x="\d+" y="[\d.]+" text-anchor="end">(\d+)</text>', page
    )
    assert len(ticks) == len(set(ticks)) >= 2 and "0" in ticks
