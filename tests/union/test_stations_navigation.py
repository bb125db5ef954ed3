"""Navigation links for Amap, Baidu and Tencent maps, and the coordinate conversions."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from cityhub.resolvers.geo import (
    bd09_to_gcj02,
    gcj02_to_bd09,
    map_links,
    wgs84_to_gcj02,
)
from tests.helpers import gql

NAVIGATION = """
query($text: String) {
  stations(text: $text) {
    nodes { name address location { lat lng } navigation { amap baidu tencent } }
  }
}
"""


def test_gcj02_to_bd09_matches_the_coordtransform_documented_pair():
    lng, lat = gcj02_to_bd09(116.404, 39.915)

    assert lng == pytest.approx(116.41036949371029, abs=1e-12)
    assert lat == pytest.approx(39.92133699351022, abs=1e-12)


def test_wgs84_to_gcj02_matches_the_coordtransform_documented_pair():
    lng, lat = wgs84_to_gcj02(116.404, 39.915)

    assert lng == pytest.approx(116.41024449916938, abs=1e-12)
    assert lat == pytest.approx(39.91640428150164, abs=1e-12)


def test_outside_china_wgs84_is_not_shifted():
    assert wgs84_to_gcj02(2.2945, 48.8584) == (2.2945, 48.8584)


@pytest.mark.parametrize(
    ("lng", "lat"),
    [(112.5836, 37.8291), (112.5877, 37.8577), (112.1751, 37.9078), (112.6732, 38.0571)],
)
def test_taiyuan_points_round_trip_through_bd09(lng, lat):
    bd_lng, bd_lat = gcj02_to_bd09(lng, lat)
    back_lng, back_lat = bd09_to_gcj02(bd_lng, bd_lat)

    assert 0.004 < bd_lng - lng < 0.009 and 0.004 < bd_lat - lat < 0.009  # Baidu's offset
    assert back_lng == pytest.approx(lng, abs=1e-5)
    assert back_lat == pytest.approx(lat, abs=1e-5)


def test_links_follow_each_apps_uri_format_and_encode_names():
    links = map_links("群众安康 服务站&1", "小店区电子街", 37.8291, 112.5836)

    amap, baidu, tencent = (urlsplit(links[k]) for k in ("amap", "baidu", "tencent"))
    assert (amap.netloc, amap.path) == ("uri.amap.com", "/marker")
    assert parse_qs(amap.query) == {
        "position": ["112.5836,37.8291"],
        "name": ["群众安康 服务站&1"],
        "coordinate": ["gaode"],
        "callnative": ["1"],
    }
    assert "%26" in links["amap"] and " " not in links["amap"]
    baidu_query = parse_qs(baidu.query)
    bd_lng, bd_lat = gcj02_to_bd09(112.5836, 37.8291)
    assert baidu_query["location"] == [f"{bd_lat:.6f},{bd_lng:.6f}"]
    assert baidu_query["coord_type"] == ["bd09ll"] and baidu_query["output"] == ["html"]
    assert baidu_query["title"] == ["群众安康 服务站&1"]
    assert baidu_query["content"] == ["小店区电子街"] and baidu_query["src"] == ["cityhub"]
    assert (tencent.netloc, tencent.path) == ("apis.map.qq.com", "/uri/v1/marker")
    marker = parse_qs(tencent.query)["marker"][0]
    assert marker == "coord:37.8291,112.5836;title:群众安康 服务站&1;addr:小店区电子街"
    assert unquote(tencent.query).endswith("&referer=cityhub")


async def test_every_station_has_three_navigation_links_from_its_own_point(client):
    body = await gql(client, NAVIGATION, {"text": "电子街"})

    (station,) = body["data"]["stations"]["nodes"]
    point = station["location"]
    assert station["navigation"] == map_links(
        station["name"], station["address"], point["lat"], point["lng"]
    )
    assert f"position={point['lng']},{point['lat']}" in station["navigation"]["amap"]


async def test_the_station_page_has_three_navigation_buttons(client):
    listed = await client.get("/stations", params={"q": "电子街"})
    path = listed.text.split('<h3><a href="', 1)[1].split('"', 1)[0]

    page = await client.get(path)

    nav = page.text[page.text.index('class="map-links"') :]
    nav = nav[: nav.index("</nav>")]
    assert nav.count('class="button"') == 3
    for app in ("uri.amap.com", "api.map.baidu.com", "apis.map.qq.com"):
        assert app in nav
    assert "高德地图导航" in nav and "百度地图导航" in nav and "腾讯地图导航" in nav
