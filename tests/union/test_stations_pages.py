"""Station pages over HTTP: the finder (filters, htmx, paging, open now, near a typed
place or a GPS fix, the map) and a station's page (hours, windows, labels, staff tools)."""

from __future__ import annotations

import base64
import re

from cityhub.models.union.stations import Station
from tests.helpers import count_queries, make_account, sign_in


def path_of(station: Station) -> str:
    return "/stations/" + base64.b64encode(f"Station:{station.id}".encode()).decode()


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


async def test_station_finder_filters_without_javascript(client):
    response = await client.get(
        "/stations", params={"district": "yingze", "amenity": "help_window"}
    )

    html = response.text
    assert response.status_code == 200
    names = re.findall(r'<h3><a href="/stations/[^"]+">([^<]+)</a>', html)
    assert names and all("驿站" in n for n in names)
    assert f"共 {len(names)} 家驿站" in html
    assert 'value="yingze" selected' in html
    assert 'value="help_window" checked' in html


async def test_htmx_gets_only_the_list_and_caches_vary_on_it(client):
    full = await client.get("/stations?district=xiaodian")
    fragment = await client.get("/stations?district=xiaodian", headers={"HX-Request": "true"})
    restore = await client.get(
        "/stations?district=xiaodian",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in full.text
    assert fragment.text.lstrip().startswith('<section id="station-results"')
    assert "<html" not in fragment.text and "<form" not in fragment.text
    assert "<html" in restore.text
    assert "HX-Request" in full.headers["vary"]


async def test_unknown_filter_values_are_ignored_and_bad_cursors_are_a_400_page(client):
    unknown = await client.get("/stations", params={"amenity": "sauna"})
    bad_cursor = await client.get("/stations", params={"after": "garbage"})

    assert unknown.status_code == 200 and "共 35 家驿站、1 个服务中心" in unknown.text
    assert bad_cursor.status_code == 400
    assert "分页游标无效" in bad_cursor.text


async def test_the_next_page_link_continues_the_list(client):
    first = await client.get("/stations")
    next_url = re.search(r'<p class="more"><a href="([^"]+)"', first.text).group(1)
    second = await client.get(next_url.replace("&amp;", "&"))

    first_names = set(re.findall(r'href="/stations/([^"]+)"', first.text))
    second_names = set(re.findall(r'href="/stations/([^"]+)"', second.text))
    assert len(first_names) == 20 and len(second_names) == 16
    assert not first_names & second_names


async def test_station_detail_and_missing_stations(client):
    listed = await client.get("/stations")
    station_id = re.search(r'href="/stations/([^"]+)"', listed.text).group(1)

    detail = await client.get(f"/stations/{station_id}")
    missing = await client.get("/stations/U3RhdGlvbjo5OTk5")
    garbage = await client.get("/stations/%%%")

    assert detail.status_code == 200 and "小店区电子街" in detail.text
    assert missing.status_code == 404 and garbage.status_code == 404
    assert "页面不存在" in missing.text and "<nav" in missing.text


async def test_sample_stations_are_labelled(client):
    response = await client.get("/stations?district=yingze")

    assert response.text.count('class="badge sample"') == response.text.count(
        '<li class="station">'
    )


# A phone standing at 小店区电子街 reports this WGS-84 fix (the station is stored in GCJ-02).
AT_DIANZIJIE = {"lat": "37.828600", "lng": "112.577400"}
NAMED_STATION = "太原市巡游网约车行业工会联合会群众安康工作服务站"
# The session's account, then the page's document: the union's policy (with its counts),
# the station (with its district), amenities, hours and mobile windows (those to come,
# and those already held).
STATION_PAGE_QUERIES = 9


SEARCH_CENTRE = r'<circle class="reach" cx="([\d.]+)" cy="([\d.]+)"'
FIRST_DOT = r'aria-label="1\. [^"]+">\s*<title>[^<]*</title>\s*<circle cx="([\d.]+)" cy="([\d.]+)"'


def svg_point(html: str, pattern: str) -> tuple[float, float]:
    match = re.search(pattern, html)
    assert match, pattern
    return float(match.group(1)), float(match.group(2))


async def test_a_gps_fix_is_searched_and_drawn_where_the_schema_converts_it(client):
    response = await client.get("/stations", params={**AT_DIANZIJIE, "radius": "1"})

    html = response.text
    names = re.findall(r'<h3><a href="/stations/[^"]+">([^<]+)</a>', html)
    distances = [float(d) for d in re.findall(r'<span class="distance">([\d.]+) 公里', html)]
    here = svg_point(html, SEARCH_CENTRE)
    dot = svg_point(html, FIRST_DOT)
    assert response.status_code == 200 and names[0] == NAMED_STATION
    assert distances == sorted(distances) and distances[0] < 0.1
    # Unconverted, the fix would sit some 500 m (about 90 px at this scale) off the station.
    assert abs(here[0] - dot[0]) + abs(here[1] - dot[1]) < 30


async def test_a_point_the_schema_refuses_is_its_message_and_the_whole_list(client):
    response = await client.get("/stations", params={"lat": "95", "lng": "112.5"})

    assert response.status_code == 422
    assert '<p class="error" role="alert" id="place-problem">纬度须在 -90 到 90 之间</p>' in (
        response.text
    )
    assert "共 35 家驿站、1 个服务中心" in response.text


async def test_a_place_name_the_schema_refuses_is_its_message(client):
    response = await client.get("/stations", params={"place": "长" * 51})

    assert response.status_code == 422
    assert "地点名称最多 50 个字" in response.text


async def test_an_english_station_page_shows_the_schema_s_english_labels(client):
    station = await Station.get(code="yz-jiefang")

    english = (await client.get(path_of(station), params={"lang": "en"})).text

    assert '<th scope="row">Monday</th>' in english and "星期一" not in english
    assert "<li>Drinking water</li>" in english and "<li>饮水</li>" not in english


async def test_staff_tools_follow_viewer_is_union_staff(client):
    station = await Station.get(code="xd-dianzijie")
    await make_account("admin", "admin")
    await sign_in(client, "admin")

    page = await client.get(path_of(station))

    assert "打印签到码" in page.text and "使用情况" in page.text


async def test_one_station_page_view_reads_the_account_once(client):
    station = await Station.get(code="xd-dianzijie")
    await make_account("driver", "member")
    await sign_in(client, "driver")

    with count_queries() as counter:
        response = await client.get(path_of(station))

    accounts = [s for s in counter.statements if re.search(r"(FROM|JOIN) \"account\"", s)]
    assert response.status_code == 200 and ">Driver</a>" in response.text
    assert len(accounts) == 1
    assert counter.count == STATION_PAGE_QUERIES


async def test_stations_and_service_centres_are_counted_apart_on_every_page(client):
    finder = await client.get("/stations")
    union = await client.get("/union")

    stations = await Station.filter(kind="station").count()
    assert f"共 {stations} 家驿站、1 个服务中心" in finder.text
    assert re.search(rf'系统中的工会驿站</dt><dd><span class="value">{stations}<', union.text)
    assert await Station.filter(kind="service_centre").count() == 1
