"""Housing projects and units through GraphQL: the list and its filters, a project's units,
the operator's live portfolio beside the published one, bad input, statement counts."""

from __future__ import annotations

from decimal import Decimal

from cityhub.models.housing.projects import HousingProject, HousingUnit, UnitStatus
from tests.helpers import codes, count_statements, gql

PROJECTS = """
query($first: Int, $after: String, $status: HousingProjectStatus, $district: String,
      $available: Boolean, $near: NearInput) {
  housingProjects(first: $first, after: $after, status: $status, district: $district,
                  hasAvailableUnits: $available, near: $near) {
    totalCount sampleCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id code name nameEn status isSample inferred plannedUnits phones fundPayment
      fundPaymentFrom openedOn availableUnits reservedUnits leasedUnits distanceKm
      location { lat lng } district { code name } navigation { amap baidu tencent }
    }
  }
}
"""

PROJECT_UNITS = """
query($id: ID!, $status: HousingUnitStatus, $layout: HousingUnitLayout, $maxRent: Decimal) {
  housingProject(id: $id) {
    code name
    units(first: 50, status: $status, layout: $layout, maxRent: $maxRent) {
      totalCount
      nodes { id code layout areaM2 monthlyRent floor status isSample }
    }
  }
}
"""

OPERATOR = """
{
  housingOperator {
    name shortName wechatAccount phones
    portfolio { projects projectsOperating plannedUnits units unitsAvailable residentsHoused
                sampleProjects sampleUnits }
    publishedFigures { key value asWritten asOf source { key } }
  }
}
"""


async def test_the_source_s_project_is_listed_with_its_published_facts(client):
    body = await gql(client, PROJECTS, {"first": 50})
    projects = body["data"]["housingProjects"]
    assert projects["totalCount"] == 31
    assert projects["sampleCount"] == 30
    wuyue = next(p for p in projects["nodes"] if p["code"] == "zjt-wuyue")
    assert wuyue["name"] == "租建投·吾悦广场安居公寓"
    assert wuyue["isSample"] is False
    assert wuyue["phones"] == ["0351-5618555", "0351-5616555"]
    assert wuyue["status"] == "OPERATING"
    assert (wuyue["openedOn"], wuyue["fundPayment"]) == ("2024-11-20", True)
    assert wuyue["fundPaymentFrom"] == "2024-12-01"
    assert wuyue["inferred"] == ["LOCATION"]
    assert wuyue["navigation"]["amap"].startswith("https://uri.amap.com/marker?position=")
    assert (wuyue["availableUnits"], wuyue["reservedUnits"], wuyue["leasedUnits"]) == (3, 1, 2)


async def test_filters_by_status_district_and_availability(client):
    async def codes_for(**variables) -> set[str]:
        body = await gql(client, PROJECTS, {"first": 50, **variables})
        return {p["code"] for p in body["data"]["housingProjects"]["nodes"]}

    operating = await codes_for(status="OPERATING")
    raised = await codes_for(status="RAISED")
    assert (len(operating), len(raised)) == (11, 20)
    assert await codes_for(available=True) == operating  # raised ones have no units yet
    assert await codes_for(available=False) == raised
    in_jinyuan = await codes_for(district="jinyuan")
    in_db = await HousingProject.filter(district__code="jinyuan").values_list("code", flat=True)
    assert in_jinyuan and in_jinyuan == set(in_db)
    assert await codes_for(district="no-such-district") == set()


async def test_near_lists_the_nearest_first_with_distances(client):
    near = {"lat": 37.7846, "lng": 112.5620, "radiusKm": 3}
    body = await gql(client, PROJECTS, {"first": 50, "near": near})
    nodes = body["data"]["housingProjects"]["nodes"]
    assert nodes[0]["code"] == "zjt-wuyue"
    distances = [n["distanceKm"] for n in nodes]
    assert distances == sorted(distances) and all(d <= 3 for d in distances)


async def test_bad_near_and_first_are_refused_with_a_code(client):
    far = await gql(client, PROJECTS, {"near": {"lat": 95, "lng": 112.5, "radiusKm": 3}})
    assert codes(far) == ["BAD_USER_INPUT"]
    huge = await gql(client, PROJECTS, {"near": {"lat": 37.8, "lng": 112.5, "radiusKm": 500}})
    assert codes(huge) == ["BAD_USER_INPUT"]
    too_many = await gql(client, PROJECTS, {"first": 100000})
    assert codes(too_many) == ["PAGE_SIZE_OUT_OF_RANGE"]


async def _wuyue_id(client) -> str:
    body = await gql(client, PROJECTS, {"first": 50})
    return next(
        p["id"] for p in body["data"]["housingProjects"]["nodes"] if p["code"] == "zjt-wuyue"
    )


async def test_a_project_s_units_filter_by_status_layout_and_rent(client):
    project = await _wuyue_id(client)
    every = (await gql(client, PROJECT_UNITS, {"id": project}))["data"]["housingProject"]
    units = every["units"]["nodes"]
    assert every["units"]["totalCount"] == 6
    assert all(
        Decimal(u["monthlyRent"]) == Decimal(u["monthlyRent"]).quantize(Decimal("0.01"))
        for u in units
    )
    assert all("." in u["monthlyRent"] and len(u["monthlyRent"].split(".")[1]) == 2 for u in units)
    available = await gql(client, PROJECT_UNITS, {"id": project, "status": "AVAILABLE"})
    assert {u["status"] for u in available["data"]["housingProject"]["units"]["nodes"]} == {
        "AVAILABLE"
    }
    cheapest = min(Decimal(u["monthlyRent"]) for u in units)
    capped = await gql(client, PROJECT_UNITS, {"id": project, "maxRent": str(cheapest)})
    assert [
        Decimal(u["monthlyRent"]) for u in capped["data"]["housingProject"]["units"]["nodes"]
    ] == [cheapest]
    studios = await gql(client, PROJECT_UNITS, {"id": project, "layout": "STUDIO"})
    assert {u["layout"] for u in studios["data"]["housingProject"]["units"]["nodes"]} == {"STUDIO"}


async def test_a_bad_rent_cap_or_id_is_refused_with_a_code(client):
    project = await _wuyue_id(client)
    for bad in ("-1", "0", "1e9", "NaN", "abc"):
        body = await gql(client, PROJECT_UNITS, {"id": project, "maxRent": bad})
        assert codes(body) == ["BAD_USER_INPUT"], bad
    missing = await gql(client, PROJECT_UNITS, {"id": "SG91c2luZ1Byb2plY3Q6OTk5OQ=="})
    assert missing["data"]["housingProject"] is None and "errors" not in missing
    other_type = await gql(client, PROJECT_UNITS, {"id": "U3RhdGlvbjox"})  # Station:1
    assert other_type["data"]["housingProject"] is None


async def test_the_portfolio_is_counted_from_the_data_beside_the_published_figures(client):
    body = await gql(client, OPERATOR)
    assert "errors" not in body, body
    operator = body["data"]["housingOperator"]
    assert operator["shortName"] == "租建投"
    assert operator["wechatAccount"] == "租建投安居公寓"
    live = operator["portfolio"]
    assert live == {
        "projects": 31,
        "projectsOperating": 11,
        "plannedUnits": 32000,
        "units": await HousingUnit.all().count(),
        "unitsAvailable": await HousingUnit.filter(status=UnitStatus.AVAILABLE).count(),
        "residentsHoused": sum(
            await HousingUnit.filter(status=UnitStatus.LEASED).values_list("residents", flat=True)
        ),
        "sampleProjects": 30,
        "sampleUnits": await HousingUnit.filter(is_sample=True).count(),
    }
    published = {f["key"]: f for f in operator["publishedFigures"]}
    assert published["housing.projects"]["asWritten"] == "31个"
    assert published["housing.units"]["asWritten"] == "3.2万套"
    assert published["housing.units_operating"]["asWritten"] == "5000余套"
    assert {f["asOf"] for f in published.values()} == {"2024-11-20"}
    assert {f["source"]["key"] for f in published.values()} == {"taiyuan-daily-2024-11-21.housing"}


async def test_the_projects_list_runs_the_same_statements_for_3_and_31_projects(client):
    async def statements_for(first: int) -> int:
        count, data = await count_statements(client, PROJECTS, {"first": first})
        assert len(data["housingProjects"]["nodes"]) == first
        return count

    # The page (districts joined), the unit counts, totalCount and sampleCount.
    assert (await statements_for(3), await statements_for(31)) == (4, 4)


async def test_the_units_list_runs_the_same_statements_for_1_and_6_units(client):
    project = await _wuyue_id(client)
    query = PROJECT_UNITS.replace("units(first: 50,", "units(first: $first,").replace(
        "$maxRent: Decimal)", "$maxRent: Decimal, $first: Int)"
    )

    async def statements_for(first: int) -> int:
        count, data = await count_statements(client, query, {"id": project, "first": first})
        assert len(data["housingProject"]["units"]["nodes"]) == first
        return count

    assert await statements_for(1) == await statements_for(6)
