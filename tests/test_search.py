"""Site search and the city's live figures: each installed domain answers for its own."""

from __future__ import annotations

from cityhub.models.union.stations import Station, StationKind
from tests.helpers import codes, gql

SEARCH = """
query($text: String!, $first: Int! = 20) {
  search(text: $text, first: $first) {
    domain label totalCount hits { title summary path isSample node { id } }
  }
}
"""
FIGURES = "{ cityFigures { key domain label value unit } }"


def union_section(body: dict) -> dict:
    """The union's section: each installed domain answers with its own, in order."""
    sections = body["data"]["search"]
    assert [s["domain"] for s in sections] == ["union", "housing", "council"]
    return sections[0]


async def test_search_finds_stations_by_address_as_the_union_s_section(client):
    body = await gql(client, SEARCH, {"text": "电子街"})

    section = union_section(body)
    assert (section["domain"], section["label"]) == ("union", "驿站")
    assert section["totalCount"] == len(section["hits"]) >= 1
    hit = section["hits"][0]
    assert "电子街" in hit["title"] + hit["summary"]
    assert hit["path"] == f"/stations/{hit['node']['id']}"


async def test_search_counts_all_matches_and_lists_the_first(client):
    everything = await Station.filter(address__contains="区").count()

    body = await gql(client, SEARCH, {"text": "区", "first": 2})

    section = union_section(body)
    assert (section["totalCount"], len(section["hits"])) == (everything, 2)


async def test_search_speaks_english(client):
    body = await gql(client, SEARCH, {"text": "电子街"}, headers={"Accept-Language": "en"})

    section = union_section(body)
    assert section["label"] == "Stations"
    assert "District" in section["hits"][0]["summary"]


async def test_bad_search_input_is_a_coded_error(client):
    empty = await gql(client, SEARCH, {"text": "  "})
    long = await gql(client, SEARCH, {"text": "字" * 51})
    too_many = await gql(client, SEARCH, {"text": "区", "first": 51})

    assert codes(empty) == codes(long) == ["BAD_USER_INPUT"]
    assert codes(too_many) == ["PAGE_SIZE_OUT_OF_RANGE"]


async def test_city_figures_are_live_counts_from_the_data(client):
    stations = await Station.filter(kind=StationKind.STATION).count()

    body = await gql(client, FIGURES)

    figures = {f["key"]: f for f in body["data"]["cityFigures"]}
    assert figures["union.stations"]["value"] == stations
    assert figures["union.stations"]["label"] == "系统中的工会驿站"
    assert {f["domain"] for f in figures.values()} == {"union", "housing", "council"}
    template = await Station.filter(kind=StationKind.STATION).first()
    await Station.create(
        code="new-one",
        name="新驿站",
        district_id=template.district_id,
        address="小店区",
        lat=37.8,
        lng=112.5,
        is_sample=True,
    )
    again = await gql(client, FIGURES)
    assert {f["key"]: f["value"] for f in again["data"]["cityFigures"]}["union.stations"] == (
        stations + 1
    )
