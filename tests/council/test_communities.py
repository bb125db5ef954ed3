"""The council's communities through GraphQL and the portal: the area tree, the
organisation chain, the workers (phones for grid workers of the same community only),
the facilities, and statement counts that do not grow with the lists."""

from __future__ import annotations

from cityhub.models.council.communities import CommunityWorker
from tests.helpers import count_statements, gql, make_account, make_key, sign_in

COMMUNITIES = """
{
  communities {
    id code name isSample
    parent { name kind parent { name } }
    orgChain { level name isSample }
    workers { name duty phone officeHours isSample grid { name parent { name } } }
    compounds { name kind isSample children { kind name isSample } }
    facilities { code kind name isSample location { lat lng } navigation { amap } }
  }
}
"""


def _zhongche(body: dict) -> dict:
    return next(c for c in body["data"]["communities"] if c["name"] == "中车社区")


async def _grid_worker(username: str, *, linked: bool) -> None:
    account = await make_account(username, "grid_worker")
    if linked:
        await CommunityWorker.filter(name="王琳").update(account_id=account["id"])


async def test_the_community_sits_in_its_street_and_district_with_three_compounds(client):
    community = _zhongche(await gql(client, COMMUNITIES))

    assert community["isSample"] is False
    assert community["parent"]["name"] == "巨轮街道"
    assert community["parent"]["kind"] == "STREET"
    assert community["parent"]["parent"] is None  # a street hangs from its district
    compounds = [c["name"] for c in community["compounds"] if not c["isSample"]]
    assert compounds == ["中车国际一期", "中车国际二期", "中车国际三期"]
    grids = [g for c in community["compounds"] for g in c["children"]]
    assert grids and all(g["kind"] == "GRID" and g["isSample"] for g in grids)


async def test_the_four_level_chain_is_listed_level_by_level(client):
    chain = _zhongche(await gql(client, COMMUNITIES))["orgChain"]

    assert [u["level"] for u in chain] == sorted(u["level"] for u in chain)
    assert {u["level"] for u in chain} == {1, 2, 3, 4}
    assert chain[0]["name"] == "中车社区党总支"


async def test_the_named_workers_are_shown_in_their_public_roles(client):
    workers = {w["name"]: w for w in _zhongche(await gql(client, COMMUNITIES))["workers"]}

    assert workers["王琳"]["duty"] == "GRID_WORKER"
    assert workers["王琳"]["isSample"] is False
    assert workers["王琳"]["grid"]["parent"]["name"] == "中车国际二期"
    assert workers["薄丽娜"]["duty"] == "PARTY_SECRETARY"


async def test_phones_are_for_grid_workers_of_the_same_community_only(client):
    await make_account("resident-a")
    await _grid_worker("grid-elsewhere", linked=False)
    await _grid_worker("grid-here", linked=True)
    key = await make_key("partner")

    async def phones(**kw) -> list:
        workers = _zhongche(await gql(client, COMMUNITIES, **kw))["workers"]
        return [w["phone"] for w in workers]

    assert set(await phones()) == {None}
    assert set(await phones(key=key)) == {None}
    for username in ("resident-a", "grid-elsewhere"):
        await sign_in(client, username)
        assert set(await phones()) == {None}, username
    await sign_in(client, "grid-here")
    assert any(p for p in await phones())


async def test_the_five_pet_waste_stations_are_on_the_map_as_samples(client):
    facilities = _zhongche(await gql(client, COMMUNITIES))["facilities"]
    stations = [f for f in facilities if f["kind"] == "PET_WASTE"]

    assert len(stations) == 5
    assert all(f["isSample"] for f in stations)
    assert all(36 < f["location"]["lat"] < 39 and f["navigation"]["amap"] for f in stations)


async def test_community_by_id_and_an_id_of_another_type(client):
    community = _zhongche(await gql(client, COMMUNITIES))
    query = "query($id: ID!) { community(id: $id) { name } }"

    found = await gql(client, query, {"id": community["id"]})
    other = await gql(client, query, {"id": "SG91c2luZ1Byb2plY3Q6MQ=="})  # HousingProject:1

    assert found["data"]["community"]["name"] == "中车社区"
    assert other["data"]["community"] is None


async def test_the_communities_query_takes_the_same_statements_whatever_the_lists(client):
    first, _ = await count_statements(client, COMMUNITIES)
    await _grid_worker("grid-here", linked=True)
    await sign_in(client, "grid-here")
    second, _ = await count_statements(client, COMMUNITIES)

    # One statement per level of the tree and per list, however long the lists are.
    assert first == 10
    assert second == first + 2  # the session, and the worker's own communities, once


async def test_the_community_page_shows_the_chain_workers_and_facilities(client):
    page = await client.get("/council")

    assert page.status_code == 200
    html = page.text
    for text in ("四级组织链条", "中车社区党总支", "王琳", "薄丽娜", "便便屋", "中车国际二期"):
        assert text in html, text
    assert "示例" in html
    assert "电话仅对本社区网格员显示" in html
    assert '<figure class="station-map">' in html


async def test_the_site_search_finds_the_community_and_its_compounds(client):
    query = """query($t: String!) {
      search(text: $t) { domain totalCount sampleCount hits { title path isSample } }
    }"""

    sections = (await gql(client, query, {"t": "中车"}))["data"]["search"]
    council = next(s for s in sections if s["domain"] == "council")

    places = [h for h in council["hits"] if h["path"] == "/council"]
    titles = [h["title"] for h in places]
    assert "中车社区" in titles and "中车国际二期" in titles
    assert not any(h["isSample"] for h in places)
    cases = [h for h in council["hits"] if h["path"] != "/council"]  # the public cases
    assert all(h["path"].startswith("/council/cases/") and h["isSample"] for h in cases)
    assert council["totalCount"] == len(council["hits"]) and council["sampleCount"] == len(cases)


async def test_the_dashboard_counts_the_councils_records_with_their_samples(client):
    figures = (await gql(client, "{ cityFigures { key value sampleCount } }"))["data"]
    by_key = {f["key"]: f for f in figures["cityFigures"]}

    assert by_key["council.compounds"]["value"] == 3
    assert by_key["council.compounds"]["sampleCount"] == 0
    assert by_key["council.facilities"]["value"] == by_key["council.facilities"]["sampleCount"] >= 5
    talent = by_key["council.talent"]
    assert talent["value"] == talent["sampleCount"] > 0
    cases = by_key["council.cases"]  # the seeded public cases, all samples
    assert cases["value"] == cases["sampleCount"] > 0
    responses = by_key["council.survey_responses"]
    assert responses["value"] == responses["sampleCount"] == 12
