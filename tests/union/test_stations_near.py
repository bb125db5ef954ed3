"""Stations near a point: nearest first with distanceKm, offset cursors, bad input, places."""

from __future__ import annotations

import re

import pytest

from cityhub.resolvers.geo import haversine_km
from tests.helpers import codes, count_statements, gql

NEAR = """
query($near: NearInput, $first: Int, $after: String, $kind: StationKind, $at: DateTime) {
  stations(near: $near, first: $first, after: $after, kind: $kind, openAt: $at) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { code name distanceKm kind location { lat lng } }
  }
}
"""
PLACES = "query($text: String!) { places(text: $text) { totalCount nodes { code name kind isSample location { lat lng } } } }"  # noqa: E501
DIANZIJIE = {"lat": 37.8291, "lng": 112.5836}


async def test_near_orders_by_distance_and_measures_it(client):
    body = await gql(client, NEAR, {"near": {**DIANZIJIE, "radiusKm": 5}, "first": 100})

    nodes = body["data"]["stations"]["nodes"]
    distances = [n["distanceKm"] for n in nodes]
    assert nodes[0]["code"] == "xd-dianzijie" and distances[0] == 0
    assert distances == sorted(distances) and all(d <= 5 for d in distances)
    for node in nodes:
        point = node["location"]
        exact = haversine_km(DIANZIJIE["lat"], DIANZIJIE["lng"], point["lat"], point["lng"])
        assert node["distanceKm"] == pytest.approx(exact, abs=0.001)
    assert body["data"]["stations"]["totalCount"] == len(nodes)


async def test_the_radius_is_exact_not_the_bounding_box(client):
    # 武宿驿站 is 3.2 km from 龙城大街驿站: a hair less than that leaves it out.
    longcheng = {"lat": 37.7648, "lng": 112.5918}
    exact = haversine_km(37.7648, 112.5918, 37.7521, 112.6248)

    inside = await gql(client, NEAR, {"near": {**longcheng, "radiusKm": exact + 0.01}})
    outside = await gql(client, NEAR, {"near": {**longcheng, "radiusKm": exact - 0.01}})

    assert "xd-wusu" in [n["code"] for n in inside["data"]["stations"]["nodes"]]
    assert "xd-wusu" not in [n["code"] for n in outside["data"]["stations"]["nodes"]]


async def test_distance_is_null_without_near(client):
    body = await gql(client, NEAR, {"first": 3})

    assert [n["distanceKm"] for n in body["data"]["stations"]["nodes"]] == [None] * 3


async def test_near_combines_with_kind_and_open_at(client):
    centre = {"lat": 37.9045, "lng": 112.5621, "radiusKm": 3}

    everything = await gql(client, NEAR, {"near": centre})
    stations_only = await gql(client, NEAR, {"near": centre, "kind": "STATION"})
    at_3am = await gql(client, NEAR, {"near": centre, "at": "2024-05-06T19:00:00Z"})

    kinds = {n["code"]: n["kind"] for n in everything["data"]["stations"]["nodes"]}
    assert kinds["bzh-service-centre"] == "SERVICE_CENTRE"
    assert "bzh-service-centre" not in [
        n["code"] for n in stations_only["data"]["stations"]["nodes"]
    ]
    assert at_3am["data"]["stations"]["totalCount"] < everything["data"]["stations"]["totalCount"]


async def test_offset_pages_follow_without_gaps_or_repeats(client):
    near = {**DIANZIJIE, "radiusKm": 50}
    seen, after = [], None
    while True:
        page = (await gql(client, NEAR, {"near": near, "first": 7, "after": after}))["data"][
            "stations"
        ]
        seen += [n["code"] for n in page["nodes"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert len(seen) == len(set(seen)) == page["totalCount"] > 30


async def test_a_cursor_from_one_ordering_is_invalid_in_the_other(client):
    near = {**DIANZIJIE, "radiusKm": 10}
    by_id = (await gql(client, NEAR, {"first": 2}))["data"]["stations"]["pageInfo"]["endCursor"]
    by_distance = (await gql(client, NEAR, {"near": near, "first": 2}))["data"]["stations"][
        "pageInfo"
    ]["endCursor"]

    assert codes(await gql(client, NEAR, {"near": near, "after": by_id})) == ["INVALID_CURSOR"]
    assert codes(await gql(client, NEAR, {"after": by_distance})) == ["INVALID_CURSOR"]


@pytest.mark.parametrize(
    "near",
    [
        {**DIANZIJIE, "radiusKm": 0},
        {**DIANZIJIE, "radiusKm": -1},
        {**DIANZIJIE, "radiusKm": 50.01},
        {"lat": 90.5, "lng": 112.5, "radiusKm": 5},
        {"lat": 37.8, "lng": -180.5, "radiusKm": 5},
    ],
)
async def test_bad_points_and_radii_are_bad_user_input(client, near):
    body = await gql(client, NEAR, {"near": near})

    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "near"


async def test_a_gps_fix_in_wgs84_is_shifted_to_gcj02_before_measuring(client):
    # A phone at 电子街 reports WGS-84, about 550 m west of the GCJ-02 point.
    gps = {"lat": 37.8286, "lng": 112.5774, "radiusKm": 1}

    as_gcj = await gql(client, NEAR, {"near": gps})
    as_wgs = await gql(client, NEAR, {"near": {**gps, "datum": "WGS84"}})

    first_gcj = as_gcj["data"]["stations"]["nodes"][0]["distanceKm"]
    first_wgs = as_wgs["data"]["stations"]["nodes"][0]
    assert first_wgs["code"] == "xd-dianzijie"
    assert first_wgs["distanceKm"] < 0.1 < first_gcj


async def test_near_lists_cost_the_same_statements_for_3_and_35_stations(client):
    query = """
    query($near: NearInput, $first: Int) {
      stations(near: $near, first: $first) {
        totalCount
        nodes { id distanceKm isOpenNow openingHours { opens } navigation { amap baidu tencent }
                district { name } amenities }
      }
    }
    """

    async def statements_for(first: int) -> int:
        count, data = await count_statements(
            client, query, {"near": {**DIANZIJIE, "radiusKm": 50}, "first": first}
        )
        assert len(data["stations"]["nodes"]) == first
        return count

    three, many = await statements_for(3), await statements_for(35)
    assert (three, many) == (3, 3)  # box (districts joined), amenities, hours; the count is free


async def test_places_find_landmarks_by_name_alias_and_address(client):
    exact = await gql(client, PLACES, {"text": "太原南站"})
    alias = await gql(client, PLACES, {"text": "太原火车站"})
    address = await gql(client, PLACES, {"text": "太原市小店区电子街1号"})

    south = exact["data"]["places"]["nodes"][0]
    assert south["code"] == "taiyuan-south-station" and south["isSample"] is True
    assert alias["data"]["places"]["nodes"][0]["code"] == "taiyuan-station"
    assert address["data"]["places"]["nodes"][0]["code"] == "street-dianzijie"


async def test_an_unknown_place_is_an_empty_list_and_a_long_one_bad_input(client):
    unknown = await gql(client, PLACES, {"text": "亚特兰蒂斯"})
    long = await gql(client, PLACES, {"text": "长" * 51})

    assert unknown["data"]["places"] == {"totalCount": 0, "nodes": []}
    assert codes(long) == ["BAD_USER_INPUT"]


async def test_the_finder_searches_around_a_typed_place_and_shows_distances(client):
    response = await client.get("/stations", params={"place": "柳巷", "radius": "3"})

    html = response.text
    assert response.status_code == 200
    assert "“柳巷”附近 3 公里内，由近到远" in html
    distances = [float(d) for d in re.findall(r'class="distance">([\d.]+) 公里', html)]
    assert distances and distances == sorted(distances) and max(distances) <= 3
    assert 'class="station-map"' in html and 'class="here"' in html


async def test_an_unknown_place_is_a_form_message_not_an_error_page(client):
    response = await client.get("/stations", params={"place": "亚特兰蒂斯"})

    assert response.status_code == 422
    assert "没有找到这个地点" in response.text
    assert 'id="station-results"' in response.text  # the finder is still there


async def test_near_me_uses_the_browsers_fix_and_a_broken_one_is_a_message(client):
    here = await client.get("/stations", params={"lat": "37.8286", "lng": "112.5774"})
    broken = await client.get("/stations", params={"lat": "north", "lng": "112.5"})
    outside = await client.get("/stations", params={"lat": "95", "lng": "112.5"})

    assert here.status_code == 200 and "您附近 5 公里内" in here.text
    first = re.search(r'<h3><a href="/stations/[^"]+">([^<]+)</a>', here.text).group(1)
    assert first == "太原市巡游网约车行业工会联合会群众安康工作服务站"
    assert broken.status_code == outside.status_code == 422
    assert "位置坐标无效" in broken.text


async def test_the_map_has_a_link_per_station_a_north_arrow_and_a_scale(client):
    response = await client.get("/stations", params={"district": "xiaodian"})

    html = response.text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('class="dot"') == html.count('<li class="station">') > 0
    assert 'aria-labelledby="map-title map-desc"' in svg
    assert 'class="north"' in svg and 'class="scale"' in svg
    assert 'aria-label="1. ' in svg
