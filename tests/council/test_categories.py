"""The case catalogue through GraphQL: codes, groups, keywords, fitting skills and extra
fields (Open311's attributes)."""

from __future__ import annotations

from tests.helpers import count_statements, gql

CATEGORIES = """
{
  caseCategories {
    id code name nameEn group keywords skills isSample
    attributes { code datatype required label labelEn values { key name nameEn } }
  }
}
"""


async def test_the_catalogue_covers_the_source_s_cases(client):
    categories = (await gql(client, CATEGORIES))["data"]["caseCategories"]
    by_code = {c["code"]: c for c in categories}

    assert len(by_code) == len(categories) >= 8
    assert "充电桩" in by_code["ev_charging"]["keywords"]
    assert by_code["ev_charging"]["skills"] == ["ELECTRICIAN"]
    assert by_code["ev_charging"]["group"] == "FACILITIES"
    assert {"pets", "disputes", "property_management"} <= set(by_code)
    assert all(c["name"] and c["nameEn"] for c in categories)
    assert all(c["isSample"] for c in categories)  # CityHub's own catalogue


async def test_list_attributes_carry_their_choices(client):
    categories = (await gql(client, CATEGORIES))["data"]["caseCategories"]
    lists = [a for c in categories for a in c["attributes"] if a["datatype"].endswith("valuelist")]

    assert lists
    assert all(a["values"] and all(v["key"] and v["name"] for v in a["values"]) for a in lists)


async def test_a_category_is_a_node(client):
    first = (await gql(client, CATEGORIES))["data"]["caseCategories"][0]
    body = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on CaseCategory { code } } }",
        {"id": first["id"]},
    )

    assert body["data"]["node"]["code"] == first["code"]


async def test_the_catalogue_is_one_statement(client):
    count, _ = await count_statements(client, CATEGORIES)

    assert count == 1
