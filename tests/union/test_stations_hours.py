"""Opening hours: weekly periods on Taiyuan's clock, openAt filtering and its boundaries."""

from __future__ import annotations

import pytest

from cityhub.models.union.stations import Station, StationHours
from tests.helpers import codes, count_statements, gql

OPEN_AT = """
query($at: DateTime!, $text: String) {
  stations(first: 100, openAt: $at, text: $text) {
    totalCount
    nodes { code isOpenAt(time: $at) }
  }
}
"""
HOURS = """
query($text: String) {
  stations(first: 100, text: $text) {
    nodes { code open24Hours isOpenNow openingHours { weekday opens closes } }
  }
}
"""
# 2024-05-06 is a Monday; Taiyuan is UTC+8 all year (no daylight saving).
MONDAY_0759 = "2024-05-05T23:59:00Z"
MONDAY_0800 = "2024-05-06T00:00:00Z"
MONDAY_2359 = "2024-05-06T15:59:00Z"
TUESDAY_0000 = "2024-05-06T16:00:00Z"
TUESDAY_0159 = "2024-05-06T17:59:00Z"
TUESDAY_0200 = "2024-05-06T18:00:00Z"


async def _station(code: str, periods: list[tuple[int, int, int]], **extra) -> Station:
    template = await Station.get(code="xd-changfeng")
    station = await Station.create(
        code=code,
        name=f"测试驿站{code}",
        district_id=template.district_id,
        address="小店区测试路",
        lat=37.8,
        lng=112.55,
        is_sample=True,
        **extra,
    )
    for weekday, opens, closes in periods:
        await StationHours.create(
            station=station, weekday=weekday, opens_minute=opens, closes_minute=closes
        )
    return station


@pytest.fixture
async def day_and_night():
    """ "day": Monday 08:00-24:00; "night": Monday 20:00 to Tuesday 02:00 (two rows)."""
    await _station("day", [(0, 8 * 60, 24 * 60)])
    await _station("night", [(0, 20 * 60, 24 * 60), (1, 0, 2 * 60)])


async def _open_codes(client, at: str) -> list[str]:
    body = await gql(client, OPEN_AT, {"at": at, "text": "测试驿站"})
    nodes = body["data"]["stations"]["nodes"]
    assert all(n["isOpenAt"] for n in nodes)
    return sorted(n["code"] for n in nodes)


@pytest.mark.parametrize(
    ("at", "open_codes"),
    [
        (MONDAY_0759, []),
        (MONDAY_0800, ["day"]),
        ("2024-05-06T08:00:00+08:00", ["day"]),  # the same instant, written locally
        ("2024-05-06T00:00:00", ["day"]),  # no offset: taken as UTC
        ("2024-05-06T12:00:00Z", ["day", "night"]),  # 20:00 local
        (MONDAY_2359, ["day", "night"]),
        (TUESDAY_0000, ["night"]),  # 24:00 closes "day" at the very end of Monday
        (TUESDAY_0159, ["night"]),
        (TUESDAY_0200, []),
    ],
)
async def test_open_at_includes_the_opening_minute_and_excludes_the_closing_one(
    client, day_and_night, at, open_codes
):
    assert await _open_codes(client, at) == open_codes


async def test_is_open_at_agrees_with_the_filter_for_closed_stations(client, day_and_night):
    body = await gql(client, OPEN_AT.replace("openAt: $at, ", ""), {"at": MONDAY_0759})

    nodes = {n["code"]: n["isOpenAt"] for n in body["data"]["stations"]["nodes"]}
    assert nodes["day"] is False and nodes["night"] is False


async def test_round_the_clock_stations_are_open_at_any_minute(client):
    for at in (MONDAY_0759, TUESDAY_0000, "2024-12-31T16:00:00Z"):
        body = await gql(client, OPEN_AT, {"at": at, "text": "太原站东广场"})

        assert body["data"]["stations"]["nodes"] == [{"code": "yz-taiyuanzhan", "isOpenAt": True}]


async def test_hours_are_clock_strings_and_an_overnight_period_shows_as_two(client):
    body = await gql(client, HOURS, {"text": "解放南路"})

    (station,) = body["data"]["stations"]["nodes"]
    monday = [p for p in station["openingHours"] if p["weekday"] == "MONDAY"]
    tuesday = [p for p in station["openingHours"] if p["weekday"] == "TUESDAY"]
    assert monday == [
        {"weekday": "MONDAY", "opens": "00:00", "closes": "02:00"},
        {"weekday": "MONDAY", "opens": "18:00", "closes": "24:00"},
    ]
    assert tuesday[0] == {"weekday": "TUESDAY", "opens": "00:00", "closes": "02:00"}
    assert len(station["openingHours"]) == 14


async def test_stations_without_published_hours_are_neither_open_nor_closed(client):
    body = await gql(client, HOURS, {"text": "电子街"})

    (station,) = body["data"]["stations"]["nodes"]
    assert station == {
        "code": "xd-dianzijie",
        "open24Hours": False,
        "isOpenNow": None,
        "openingHours": [],
    }
    at_noon = await gql(client, OPEN_AT, {"at": "2024-05-06T04:00:00Z", "text": "电子街"})
    assert at_noon["data"]["stations"]["totalCount"] == 0


async def test_seeded_hours_cover_every_sample_station(client):
    body = await gql(client, HOURS, {})

    for station in body["data"]["stations"]["nodes"]:
        if station["code"] in ("xd-dianzijie", "bzh-service-centre"):
            continue
        assert station["open24Hours"] or station["openingHours"], station["code"]
        assert isinstance(station["isOpenNow"], bool)


async def test_a_bad_time_is_a_validation_error(client):
    body = await gql(client, OPEN_AT, {"at": "Monday at eight"})

    assert codes(body) == ["BAD_USER_INPUT"]


async def test_open_at_and_hours_cost_the_same_statements_for_3_and_35_stations(client):
    query = """
    query($first: Int, $at: DateTime!) {
      stations(first: $first, openAt: $at) {
        nodes { id isOpenNow isOpenAt(time: $at) openingHours { weekday opens closes } }
      }
    }
    """

    async def statements_for(first: int) -> int:
        count, data = await count_statements(
            client, query, {"first": first, "at": "2024-05-06T04:00:00Z"}
        )
        assert len(data["stations"]["nodes"]) == first
        return count

    assert (await statements_for(3), await statements_for(30)) == (3, 3)
