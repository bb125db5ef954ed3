"""Station pages over HTTP: the finder's open-now filter, detail page, the check-in page a
QR code opens, the staff's printable code page and usage page."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from cityhub import clock
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Member
from cityhub.models.union.stations import Station
from cityhub.resolvers.union.members import link_account
from tests.helpers import csrf_from, make_account, sign_in


def path_of(station: Station) -> str:
    return "/stations/" + base64.b64encode(f"Station:{station.id}".encode()).decode()


@pytest.fixture
async def station() -> Station:
    return await Station.get(code="xd-dianzijie")


async def signed_in_member(client, username: str = "driver", member_no: str = "TYDS0001"):
    account = await make_account(username, "member")
    await link_account(member_no, account["id"])
    await sign_in(client, username)


async def test_open_now_keeps_only_open_stations(client):
    everything = await client.get("/stations")
    open_now = await client.get("/stations", params={"open": "1"})

    total = int(re.search(r"共 (\d+) 家驿站", everything.text).group(1))
    shown = int(re.search(r"共 (\d+) 家驿站", open_now.text).group(1))
    assert shown < total
    assert 'name="open" value="1" checked' in open_now.text
    rows = open_now.text.split('<li class="station">')[1:]
    assert rows and all("24小时开放" in r or "正在开放" in r for r in rows)


async def test_the_detail_page_shows_hours_badge_and_window_section(client):
    overnight = await Station.get(code="yz-jiefang")
    unknown = await Station.get(code="xd-dianzijie")

    page = await client.get(path_of(overnight))
    not_published = await client.get(path_of(unknown))

    assert '<th scope="row">星期一</th><td>00:00–02:00，18:00–24:00</td>' in page.text
    assert "流动服务窗口" in page.text
    assert "开放时间未公布" in not_published.text
    assert "打印签到码" not in page.text  # staff tools are for staff


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


async def test_a_wrong_code_is_a_form_message_and_nothing_is_counted(client, station):
    await signed_in_member(client)
    form = await client.get(f"{path_of(station)}/check-in?code=forged")

    response = await client.post(
        f"{path_of(station)}/check-in", data={"csrf_token": csrf_from(form.text), "code": "forged"}
    )

    assert response.status_code == 422
    assert "签到码不正确" in response.text
    assert await StationCheckIn.all().count() == 0


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
    assert f"<tr><td>{today}</td><td>3</td><td>3</td></tr>" in page.text
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
