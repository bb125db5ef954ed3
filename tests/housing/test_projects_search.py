"""The housing projects in the site search (both languages) and in the city's figures,
through the domain list, with no code of the search's or the dashboard's own."""

from __future__ import annotations

from cityhub.models.housing.projects import HousingProject, HousingUnit, UnitStatus
from tests.helpers import gql

SEARCH = """
query($text: String!) {
  search(text: $text, first: 5) {
    domain label totalCount sampleCount hits { title summary path isSample }
  }
}
"""
FIGURES = "{ cityFigures { key domain value sampleCount unit } }"


def section(body: dict, domain: str) -> dict:
    return next(s for s in body["data"]["search"] if s["domain"] == domain)


async def test_the_search_finds_projects_by_chinese_and_english_words(client):
    chinese = section(await gql(client, SEARCH, {"text": "吾悦"}), "housing")
    assert chinese["totalCount"] == 1 and chinese["sampleCount"] == 0
    (hit,) = chinese["hits"]
    assert hit["title"] == "租建投·吾悦广场安居公寓" and hit["path"].startswith(
        "/housing/projects/"
    )
    assert hit["isSample"] is False and "小店区" in hit["summary"]

    english = await gql(client, SEARCH, {"text": "Wuyue"}, headers={"Accept-Language": "en"})
    (hit,) = section(english, "housing")["hits"]
    assert hit["title"] == "ZJT Wuyue Plaza Anju Apartments" and "Xiaodian" in hit["summary"]
    page = await client.get(hit["path"])
    assert page.status_code == 200


async def test_the_search_counts_sample_projects_apart(client):
    found = section(await gql(client, SEARCH, {"text": "安居公寓"}), "housing")
    assert found["totalCount"] == 31 and found["sampleCount"] == 30
    assert len(found["hits"]) == 5


async def test_the_city_figures_count_the_housing_data(client):
    body = await gql(client, FIGURES)
    figures = {f["key"]: f for f in body["data"]["cityFigures"] if f["domain"] == "housing"}
    operating = figures["housing.projects_operating"]
    assert (operating["value"], operating["sampleCount"]) == (11, 10)
    available = figures["housing.units_available"]
    assert available["value"] == await HousingUnit.filter(status=UnitStatus.AVAILABLE).count()
    assert available["sampleCount"] == available["value"]  # every unit is sample data
    assert await HousingProject.filter(status="operating").count() == 11
