"""Mobile service windows, the 北中环服务中心, and station kinds in counts."""

from __future__ import annotations

from datetime import timedelta

from cityhub import clock
from cityhub.models.union.mobile_windows import MobileWindowSession
from cityhub.models.union.stations import Station
from cityhub.seeding import read_seed
from cityhub.seeding.union.mobile_windows import import_window_sessions
from cityhub.seeding.union.stations import import_stations
from cityhub.settings import PROJECT_DIR
from tests.helpers import codes, count_statements, gql

SESSIONS = """
query($first: Int, $after: String, $from: DateTime) {
  mobileWindowSessions(first: $first, after: $after, from: $from) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id startsAt endsAt services note isSample station { code name kind } }
  }
}
"""
SEEDS = PROJECT_DIR / "seeds"
CENTRE = """
query($upcoming: Boolean, $first: Int) {
  stations(kind: SERVICE_CENTRE) {
    totalCount
    nodes {
      code name kind isSample phone open24Hours isOpenNow
      mobileWindowSessions(upcoming: $upcoming, first: $first) { startsAt services isSample }
    }
  }
}
"""


async def test_the_published_walk_in_day_at_the_service_centre_is_listed(client):
    body = await gql(client, SESSIONS, {"from": "2024-05-01T00:00:00Z", "first": 1})

    (session,) = body["data"]["mobileWindowSessions"]["nodes"]
    assert session["startsAt"].startswith("2024-05-06T01:00:00")  # 09:00 in Taiyuan
    assert session["isSample"] is False
    assert session["services"] == ["CONSULTATION", "MEDICAL_AID_CLAIM"]
    assert "15 名职工" in session["note"]
    assert session["station"] == {
        "code": "bzh-service-centre",
        "name": "北中环服务中心",
        "kind": "SERVICE_CENTRE",
    }


async def test_the_service_centre_is_published_and_not_counted_as_a_station(client):
    body = await gql(client, CENTRE, {"upcoming": False})
    union = await gql(client, "{ union { stationCount } }")
    stations = await gql(
        client, "{ all: stations { totalCount } only: stations(kind: STATION) { totalCount } }"
    )

    (centre,) = body["data"]["stations"]["nodes"]
    assert centre["isSample"] is False and centre["phone"] is None
    assert centre["isOpenNow"] is None  # the source gives no hours
    assert [s["isSample"] for s in centre["mobileWindowSessions"]] == [False]
    assert union["data"]["union"]["stationCount"] == 35
    assert stations["data"] == {"all": {"totalCount": 36}, "only": {"totalCount": 35}}


async def test_upcoming_sessions_come_soonest_first_and_pages_continue(client):
    seen, after = [], None
    for _ in range(3):
        page = (await gql(client, SESSIONS, {"first": 5, "after": after}))["data"][
            "mobileWindowSessions"
        ]
        seen += page["nodes"]
        after = page["pageInfo"]["endCursor"]

    starts = [s["startsAt"] for s in seen]
    assert len(seen) == 15 and len({s["id"] for s in seen}) == 15
    assert starts == sorted(starts)
    now = clock.now().isoformat()
    assert all(s["endsAt"] > now for s in seen)
    assert all(s["isSample"] for s in seen)


async def test_a_station_lists_its_coming_sessions(client):
    station = await Station.get(code="xd-changfeng")
    soon = clock.now() + timedelta(days=1)
    await MobileWindowSession.create(
        station=station,
        starts_at=soon,
        ends_at=soon + timedelta(hours=3),
        services=["rights_application", "consultation"],
        note="测试",
        is_sample=True,
    )
    query = '{ stations(text: "长风街") { nodes { code mobileWindowSessions { services note } } } }'

    body = await gql(client, query)

    nodes = {n["code"]: n for n in body["data"]["stations"]["nodes"]}
    assert nodes["xd-changfeng"]["mobileWindowSessions"] == [
        {"services": ["RIGHTS_APPLICATION", "CONSULTATION"], "note": "测试"}
    ]


async def test_session_lists_per_station_cost_one_statement_for_the_whole_list(client):
    query = """
    query($first: Int) {
      stations(first: $first) { nodes { id mobileWindowSessions(first: 3) { startsAt } } }
    }
    """

    async def statements_for(first: int) -> int:
        count, data = await count_statements(client, query, {"first": first})
        assert len(data["stations"]["nodes"]) == first
        return count

    assert (await statements_for(3), await statements_for(36)) == (3, 3)


async def test_the_sessions_list_runs_the_same_statements_for_1_and_5_sessions(client):
    async def statements_for(first: int) -> int:
        count, data = await count_statements(
            client, SESSIONS, {"first": first, "from": "2024-01-01T00:00:00Z"}
        )
        assert len(data["mobileWindowSessions"]["nodes"]) == first
        return count

    assert (await statements_for(1), await statements_for(5)) == (4, 4)


async def test_bad_session_arguments_are_clear_errors(client):
    too_many = await gql(client, CENTRE, {"first": 51})
    none = await gql(client, CENTRE, {"first": 0})
    keyset_cursor = (await gql(client, "{ stations(first: 1) { pageInfo { endCursor } } }"))[
        "data"
    ]["stations"]["pageInfo"]["endCursor"]
    wrong_cursor = await gql(client, SESSIONS, {"after": keyset_cursor})

    assert codes(too_many) == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert codes(none) == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert codes(wrong_cursor) == ["INVALID_CURSOR"]


async def test_a_session_is_a_node(client):
    listed = (await gql(client, SESSIONS, {"first": 1}))["data"]["mobileWindowSessions"]
    session_id = listed["nodes"][0]["id"]

    body = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on MobileWindowSession { id services } } }",
        {"id": session_id},
    )

    assert body["data"]["node"]["id"] == session_id


async def test_seeding_stations_and_sessions_again_changes_nothing(client):
    before = await MobileWindowSession.all().count()
    codes_before = await Station.all().order_by("id").values_list("checkin_code", flat=True)

    stations = await import_stations(read_seed(SEEDS, "union/stations.json"))
    sessions = await import_window_sessions(read_seed(SEEDS, "union/mobile_windows.json"))

    assert (stations.created, stations.updated, stations.unchanged) == (0, 0, 36)
    assert (sessions.created, sessions.updated) == (0, 0)
    assert await MobileWindowSession.all().count() == before
    after = await Station.all().order_by("id").values_list("checkin_code", flat=True)
    assert after == codes_before and all(after) and len(set(after)) == 36


async def test_the_home_page_counts_stations_only(client):
    response = await client.get("/")

    live = response.text[response.text.index('id="live-heading"') :]
    live = live[: live.index('id="published-heading"')]
    assert ">35</span>" in live and ">36</span>" not in live


async def test_the_station_page_lists_coming_sessions_in_taiyuan_time(client):
    station = await Station.get(code="xd-changfeng")
    day = clock.today() + timedelta(days=2)
    await MobileWindowSession.create(
        station=station,
        starts_at=clock.at_local(day, "09:30"),
        ends_at=clock.at_local(day, "11:00"),
        services=["medical_aid_claim"],
        is_sample=True,
    )
    listed = await client.get("/stations", params={"q": "长风街驿站"})
    path = listed.text.split('<h3><a href="', 1)[1].split('"', 1)[0]

    page = await client.get(path)

    assert f"{day.isoformat()} 09:30–11:00" in page.text
    assert "医疗互助报销" in page.text
