"""Worker stations through GraphQL: listing, filters, node lookup, edits, query counts."""

from __future__ import annotations

from cityhub.models.union.stations import Station
from tests.helpers import (
    codes,
    count_queries,
    count_statements,
    gql,
    make_account,
    make_key,
    sign_in,
)

STATIONS = """
query Stations(
  $first: Int, $after: String, $district: String, $amenities: [Amenity!], $text: String
) {
  stations(first: $first, after: $after, district: $district, amenities: $amenities, text: $text) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } }
    nodes {
      id code name kind address isSample amenities location { lat lng } district { code name }
    }
  }
}
"""

UPDATE = """
mutation Update($input: UpdateStationInput!) {
  updateStation(input: $input) {
    station { id name address amenities }
    userErrors { field message code }
  }
}
"""


async def test_lists_the_35_stations_and_the_service_centre_with_the_named_one_first(client):
    body = await gql(client, STATIONS, {"first": 100})

    stations = body["data"]["stations"]
    assert stations["totalCount"] == 36
    first = stations["nodes"][0]
    assert first["name"] == "太原市巡游网约车行业工会联合会群众安康工作服务站"
    assert first["isSample"] is False
    assert first["district"] == {"code": "xiaodian", "name": "小店区"}
    published = [n["name"] for n in stations["nodes"] if not n["isSample"]]
    assert published == [first["name"], "北中环服务中心"]
    assert [n["kind"] for n in stations["nodes"]].count("STATION") == 35


async def test_pages_follow_the_cursor_without_gaps_or_repeats(client):
    seen, after = [], None
    while True:
        page = (await gql(client, STATIONS, {"first": 10, "after": after}))["data"]["stations"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert len(seen) == len(set(seen)) == 36


async def test_filters_by_district_and_all_listed_amenities(client):
    body = await gql(
        client,
        STATIONS,
        {"first": 100, "district": "xiaodian", "amenities": ["HELP_WINDOW", "CHARGING"]},
    )

    nodes = body["data"]["stations"]["nodes"]
    assert nodes
    assert all(n["district"]["code"] == "xiaodian" for n in nodes)
    assert all({"HELP_WINDOW", "CHARGING"} <= set(n["amenities"]) for n in nodes)
    assert body["data"]["stations"]["totalCount"] == len(nodes)


async def test_filters_by_text_in_name_or_address(client):
    body = await gql(client, STATIONS, {"text": "电子街"})

    assert [n["code"] for n in body["data"]["stations"]["nodes"]] == ["xd-dianzijie"]


async def test_unknown_district_matches_nothing(client):
    body = await gql(client, STATIONS, {"district": "atlantis"})

    assert body["data"]["stations"]["totalCount"] == 0


async def test_unknown_amenity_is_a_validation_error(client):
    body = await gql(client, STATIONS, {"amenities": ["SAUNA"]})

    assert codes(body) == ["BAD_USER_INPUT"]
    assert "data" not in body or body["data"] is None


async def test_first_above_100_is_a_clear_error(client):
    body = await gql(client, STATIONS, {"first": 101})

    assert codes(body) == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert body["errors"][0]["extensions"]["argument"] == "first"


async def test_negative_first_and_a_forged_cursor_are_errors(client):
    assert codes(await gql(client, STATIONS, {"first": -1})) == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert codes(await gql(client, STATIONS, {"after": "not-a-cursor"})) == ["INVALID_CURSOR"]


async def test_first_defaults_to_20(client):
    body = await gql(client, STATIONS)

    assert len(body["data"]["stations"]["nodes"]) == 20
    assert body["data"]["stations"]["pageInfo"]["hasNextPage"] is True


async def test_station_and_node_resolve_the_same_global_id(client):
    listed = (await gql(client, STATIONS, {"first": 1}))["data"]["stations"]["nodes"][0]

    body = await gql(
        client,
        "query($id: ID!) { station(id: $id) { name } node(id: $id) { id ... on Station { name } } }",  # noqa: E501
        {"id": listed["id"]},
    )

    assert body["data"]["station"]["name"] == listed["name"]
    assert body["data"]["node"] == {"id": listed["id"], "name": listed["name"]}


async def test_nodes_keeps_order_and_answers_null_for_unknown_ids(client):
    ids = [
        n["id"] for n in (await gql(client, STATIONS, {"first": 2}))["data"]["stations"]["nodes"]
    ]
    missing = "U3RhdGlvbjo5OTk5"  # Station:9999

    body = await gql(
        client,
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [ids[1], missing, ids[0]]},
    )

    assert body["data"]["nodes"] == [{"id": ids[1]}, None, {"id": ids[0]}]


async def test_the_stations_query_runs_the_same_statements_for_3_and_35_stations(client):
    async def statements_for(first: int) -> int:
        count, data = await count_statements(client, STATIONS, {"first": first})
        assert len(data["stations"]["nodes"]) == first
        return count

    three, all_of_them = await statements_for(3), await statements_for(35)

    assert (three, all_of_them) == (3, 3)


async def test_the_stations_query_stays_constant_when_stations_are_added(client):
    with count_queries() as before:
        await gql(client, STATIONS, {"first": 100})
    template = await Station.get(code="xd-changfeng")
    for i in range(40):
        await Station.create(
            code=f"extra-{i}",
            name=f"驿站{i}",
            district_id=template.district_id,
            address="小店区",
            lat=37.8,
            lng=112.5,
            is_sample=True,
        )

    with count_queries() as after:
        body = await gql(client, STATIONS, {"first": 100})

    assert len(body["data"]["stations"]["nodes"]) == 76
    assert (before.count, after.count) == (3, 3)


async def _first_station_id(client) -> str:
    return (await gql(client, STATIONS, {"first": 1}))["data"]["stations"]["nodes"][0]["id"]


async def test_union_staff_update_a_station(client):
    await make_account("staff1", "union_staff")
    await sign_in(client, "staff1")
    station_id = await _first_station_id(client)

    body = await gql(
        client,
        UPDATE,
        {"input": {"id": station_id, "name": " 电子街驿站 ", "amenities": ["REST", "TOILET"]}},
    )

    payload = body["data"]["updateStation"]
    assert payload["userErrors"] == []
    assert payload["station"]["name"] == "电子街驿站"
    assert payload["station"]["amenities"] == ["REST", "TOILET"]


async def test_a_key_with_stations_write_may_update_and_without_it_may_not(client):
    station_id = await _first_station_id(client)
    writer = await make_key("map app", "stations:write")
    reader = await make_key("district office")

    allowed = await gql(
        client, UPDATE, {"input": {"id": station_id, "address": "小店区电子街1号"}}, key=writer
    )
    refused = await gql(
        client, UPDATE, {"input": {"id": station_id, "address": "别处"}}, key=reader
    )

    assert allowed["data"]["updateStation"]["station"]["address"] == "小店区电子街1号"
    assert codes(refused) == ["FORBIDDEN"]
    after = await gql(
        client, "query($id: ID!) { station(id: $id) { address } }", {"id": station_id}
    )
    assert after["data"]["station"]["address"] == "小店区电子街1号"


async def test_anonymous_and_citizens_cannot_update_stations(client):
    station_id = await _first_station_id(client)

    anonymous = await gql(client, UPDATE, {"input": {"id": station_id, "name": "x"}})
    await make_account("citizen1", "citizen")
    await sign_in(client, "citizen1")
    citizen = await gql(client, UPDATE, {"input": {"id": station_id, "name": "x"}})

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(citizen) == ["FORBIDDEN"]


async def test_bad_station_changes_are_user_errors_and_nothing_is_written(client):
    await make_account("staff2", "union_staff")
    await sign_in(client, "staff2")
    station_id = await _first_station_id(client)

    empty = await gql(
        client, UPDATE, {"input": {"id": station_id, "name": "   ", "address": "x" * 201}}
    )
    missing = await gql(client, UPDATE, {"input": {"id": "U3RhdGlvbjo5OTk5", "name": "新名"}})
    wrong_type = await gql(client, UPDATE, {"input": {"id": "QXBpS2V5OjE=", "name": "新名"}})

    assert {(e["field"], e["code"]) for e in empty["data"]["updateStation"]["userErrors"]} == {
        ("name", "INVALID"),
        ("address", "INVALID"),
    }
    assert empty["data"]["updateStation"]["station"] is None
    assert missing["data"]["updateStation"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert wrong_type["data"]["updateStation"]["userErrors"][0]["code"] == "NOT_FOUND"
    station = await gql(client, "query($id: ID!) { station(id: $id) { name } }", {"id": station_id})
    assert station["data"]["station"]["name"] == "太原市巡游网约车行业工会联合会群众安康工作服务站"


async def test_user_error_messages_follow_accept_language(client):
    await make_account("staff3", "union_staff")
    await sign_in(client, "staff3")
    station_id = await _first_station_id(client)

    chinese = await gql(client, UPDATE, {"input": {"id": station_id, "name": ""}})
    english = await gql(
        client, UPDATE, {"input": {"id": station_id, "name": ""}}, headers={"Accept-Language": "en"}
    )

    assert chinese["data"]["updateStation"]["userErrors"][0]["message"] == "名称须为 1-100 个字"
    assert (
        english["data"]["updateStation"]["userErrors"][0]["message"]
        == "Name must be 1-100 characters"
    )
