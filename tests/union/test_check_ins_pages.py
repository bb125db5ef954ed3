"""Check-in pages over HTTP: the page a station's QR code opens, the staff's printable
code page, and the usage page (a table and a chart; a range the schema refuses)."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from cityhub import clock
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Member
from cityhub.models.union.stations import Station
from cityhub.resolvers.union.members import link_account
from tests.helpers import csrf_from, make_account, sign_in
from tests.union.test_stations_pages import path_of


@pytest.fixture
async def station() -> Station:
    return await Station.get(code="xd-dianzijie")


async def signed_in_member(client, username: str = "driver", member_no: str = "TYDS0001"):
    account = await make_account(username, "member")
    await link_account(member_no, account["id"])
    await sign_in(client, username)


async def test_the_check_in_link_sends_anonymous_visitors_to_sign_in(client, station):
    url = f"{path_of(station)}/check-in?code={station.checkin_code}"

    response = await client.get(url)

    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == "/login"
    assert parse_qs(target.query)["next"] == [url]


async def test_a_member_confirms_and_is_counted_once(client, station):
    await signed_in_member(client)
    url = f"{path_of(station)}/check-in?code={quote(station.checkin_code)}"

    form = await client.get(url)
    data = {"csrf_token": csrf_from(form.text), "code": station.checkin_code}
    first = await client.post(f"{path_of(station)}/check-in", data=data)
    again = await client.post(f"{path_of(station)}/check-in", data=data)
    shown = await client.get(first.headers["location"])
    repeat = await client.get(again.headers["location"])

    assert form.status_code == 200 and "确认签到" in form.text and "TYDS0001" in form.text
    assert first.status_code == again.status_code == 303
    assert first.headers["location"].endswith("?checkin=done")
    assert again.headers["location"].endswith("?checkin=repeat")
    assert "签到成功" in shown.text
    assert "30 分钟内不重复计数" in repeat.text  # the union's policy as seeded
    assert await StationCheckIn.filter(station_id=station.id).count() == 1


async def test_a_wrong_code_is_refused_before_the_button_and_nothing_is_counted(client, station):
    await signed_in_member(client)
    form = await client.get(f"{path_of(station)}/check-in?code=forged")

    response = await client.post(
        f"{path_of(station)}/check-in", data={"csrf_token": csrf_from(form.text), "code": "forged"}
    )

    assert form.status_code == 422
    assert "签到码不正确" in form.text and "确认签到" not in form.text
    assert response.status_code == 422
    assert "签到码不正确" in response.text
    assert await StationCheckIn.all().count() == 0


async def test_the_station_page_says_checked_in_only_after_a_real_check_in(client, station):
    anonymous = await client.get(f"{path_of(station)}?checkin=done")
    await signed_in_member(client)
    no_visit = await client.get(f"{path_of(station)}?checkin=done")
    form = await client.get(f"{path_of(station)}/check-in?code={quote(station.checkin_code)}")
    data = {"csrf_token": csrf_from(form.text), "code": station.checkin_code}
    done = await client.post(f"{path_of(station)}/check-in", data=data)
    shown = await client.get(done.headers["location"])
    elsewhere = await client.get(f"/stations/{(await other_station(station))}?checkin=done")

    assert anonymous.status_code == no_visit.status_code == 200
    assert "签到成功" not in anonymous.text and "签到成功" not in no_visit.text
    assert "签到成功" in shown.text
    assert "签到成功" not in elsewhere.text


async def other_station(station: Station) -> str:
    other = await Station.exclude(id=station.id).first()
    assert other is not None
    return path_of(other).rsplit("/", 1)[1]


async def test_posting_without_the_csrf_token_is_refused(client, station):
    await signed_in_member(client)

    response = await client.post(
        f"{path_of(station)}/check-in", data={"code": station.checkin_code}
    )

    assert response.status_code == 403
    assert await StationCheckIn.all().count() == 0


async def test_an_account_without_a_membership_is_told_so(client, station):
    await make_account("citizen", "citizen")
    await sign_in(client, "citizen")

    response = await client.get(f"{path_of(station)}/check-in?code={station.checkin_code}")

    assert response.status_code == 403
    assert "没有关联工会会员" in response.text and "确认签到" not in response.text


async def test_unknown_stations_are_404_on_every_station_page(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    for suffix in ("", "/check-in?code=x", "/check-in-code", "/usage"):
        missing = await client.get(f"/stations/U3RhdGlvbjo5OTk5{suffix}")
        garbage = await client.get(f"/stations/%%%{suffix}")
        assert missing.status_code == garbage.status_code == 404, suffix


async def test_staff_print_the_check_in_url_and_others_may_not(client, station):
    anonymous = await client.get(f"{path_of(station)}/check-in-code")
    await signed_in_member(client)
    member = await client.get(f"{path_of(station)}/check-in-code")
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    staff = await client.get(f"{path_of(station)}/check-in-code")
    detail = await client.get(path_of(station))

    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert member.status_code == 403 and station.checkin_code not in member.text
    assert staff.status_code == 200
    assert f"{path_of(station)}/check-in?code={station.checkin_code}" in staff.text
    assert "打印签到码" in detail.text and "使用情况" in detail.text


async def test_staff_see_usage_as_a_table_and_a_chart(client, station):
    members = await Member.filter(status="active").order_by("id").limit(3)
    now = clock.now()
    for member in members:
        await StationCheckIn.create(
            station=station, member=member, checked_in_at=now, day=clock.local_date(now)
        )
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    page = await client.get(f"{path_of(station)}/usage")

    today = clock.today().isoformat()
    assert page.status_code == 200
    share = '<small class="sample-share">其中 3 {}为示例数据</small>'  # seeded members
    row = f"<tr><td>{today}</td><td>3 {share.format('人次')}</td><td>3 {share.format('人')}</td>"
    assert row in page.text
    assert page.text.count("<tr><td>") == 30
    assert 'class="usage-chart"' in page.text and page.text.count('<rect class="bar" ') == 30


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2024-05-07", "to": "2024-05-06"},
        {"from": "2024-01-01", "to": "2024-06-30"},
        {"from": "last week"},
    ],
)
async def test_a_bad_usage_range_is_a_form_message(client, station, params):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    page = await client.get(f"{path_of(station)}/usage", params=params)

    assert page.status_code == 422
    assert 'class="error" role="alert"' in page.text and "<table" not in page.text


async def test_usage_pages_are_for_staff_only(client, station):
    anonymous = await client.get(f"{path_of(station)}/usage")
    bad_range_anonymous = await client.get(f"{path_of(station)}/usage?from=x")
    await signed_in_member(client)
    member = await client.get(f"{path_of(station)}/usage")
    bad_range_member = await client.get(f"{path_of(station)}/usage?from=x")

    assert anonymous.status_code == bad_range_anonymous.status_code == 303
    assert member.status_code == bad_range_member.status_code == 403


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2024-05-07", "to": "2024-05-06"}, "结束日期不能早于开始日期"),
        ({"from": "2024-01-01", "to": "2024-06-30"}, "一次最多查询 92 天的使用情况"),
    ],
)
async def test_a_range_the_schema_refuses_shows_its_message(client, station, params, message):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    page = await client.get(f"{path_of(station)}/usage", params=params)

    assert page.status_code == 422
    assert f'<p class="error" role="alert" id="usage-problem">{message}</p>' in page.text
    assert f'value="{params["from"]}"' in page.text  # the form keeps what was asked


async def test_an_english_usage_page_shows_the_schema_s_message_in_english(client, station):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    page = await client.get(
        f"{path_of(station)}/usage", params={"from": "2024-05-07", "to": "2024-05-06", "lang": "en"}
    )

    assert page.status_code == 422
    assert "The end date cannot be before the start date" in page.text
