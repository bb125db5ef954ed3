"""Who sees what of a case: a public case for everyone without its reporter's name and
phone, a private one only for its reporter and the grid workers of its community; staff
notes, talent matches and contact details for those grid workers only; partner keys see
no personal data."""

from __future__ import annotations

from tests.council.case_support import CASE, CASES, grid_worker, move, report
from tests.helpers import gql, make_account, make_key, sign_in

PEOPLE = """
query($id: ID!) {
  councilCase(id: $id) {
    reporterName reporterPhone isMine
    timeline { action actor note isPublic }
    talentMatches { name phone skills consent }
  }
}
"""


async def _everyone(client) -> dict[str, str]:
    await make_account("neighbour")
    return {"key": await make_key("partner", "stations:usage")}


async def test_a_public_case_shows_no_reporter_to_anyone_else(client):
    case = (await report(client))["councilCase"]
    key = (await _everyone(client))["key"]
    client.cookies.clear()  # signed out

    anonymous = (await gql(client, PEOPLE, {"id": case["id"]}))["data"]["councilCase"]
    partner = (await gql(client, PEOPLE, {"id": case["id"]}, key=key))["data"]["councilCase"]
    await sign_in(client, "neighbour")
    neighbour = (await gql(client, PEOPLE, {"id": case["id"]}))["data"]["councilCase"]

    for seen in (anonymous, partner, neighbour):
        assert seen["reporterName"] is None and seen["reporterPhone"] is None
        assert not seen["isMine"] and seen["talentMatches"] == []
        assert all(e["actor"] is None for e in seen["timeline"])


async def test_a_private_case_is_only_for_its_reporter_and_the_community(client):
    case = (await report(client, isPublic=False))["councilCase"]
    key = (await _everyone(client))["key"]
    mine = await gql(client, CASES, {"mine": True})
    assert [n["reference"] for n in mine["data"]["councilCases"]["nodes"]] == [case["reference"]]
    client.cookies.clear()  # signed out

    assert (await gql(client, CASE, {"id": case["id"]}))["data"]["councilCase"] is None
    assert (await gql(client, CASE, {"id": case["id"]}, key=key))["data"]["councilCase"] is None
    listed = await gql(client, CASES, {"first": 100})
    assert case["reference"] not in {
        n["reference"] for n in listed["data"]["councilCases"]["nodes"]
    }
    await sign_in(client, "neighbour")
    assert (await gql(client, CASE, {"id": case["id"]}))["data"]["councilCase"] is None
    refused = await move(client, case["id"], "WITHDRAW")
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]
    await grid_worker(client)
    seen = (await gql(client, CASE, {"id": case["id"]}))["data"]["councilCase"]
    assert seen["reference"] == case["reference"]


async def test_the_grid_worker_sees_the_reporter_staff_notes_and_the_electrician(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    await move(client, case["id"], "ACCEPT")
    await move(client, case["id"], "STAFF_NOTE", note="已电话联系业主")

    seen = (await gql(client, PEOPLE, {"id": case["id"]}))["data"]["councilCase"]

    assert seen["reporterName"] == "Resident-A" and seen["reporterPhone"] == "13800000001"
    assert [e["action"] for e in seen["timeline"]] == ["submit", "accept", "staff_note"]
    assert seen["timeline"][-1]["note"] == "已电话联系业主"
    electricians = [t for t in seen["talentMatches"] if "ELECTRICIAN" in t["skills"]]
    assert electricians and all(t["consent"] and t["phone"] for t in electricians)


async def test_the_reporter_does_not_see_staff_notes(client):
    case = (await report(client))["councilCase"]
    await grid_worker(client)
    await move(client, case["id"], "ACCEPT")
    await move(client, case["id"], "STAFF_NOTE", note="内部")
    await sign_in(client, "resident-a")

    seen = (await gql(client, PEOPLE, {"id": case["id"]}))["data"]["councilCase"]

    assert seen["reporterName"] == "Resident-A" and seen["isMine"]
    assert [e["action"] for e in seen["timeline"]] == ["submit", "accept"]
    assert seen["talentMatches"] == []


async def test_an_anonymous_report_hides_the_name_but_not_from_the_community(client):
    case = (await report(client, anonymous=True))["councilCase"]
    assert case["anonymous"]
    await make_account("neighbour")
    await sign_in(client, "neighbour")
    assert (await gql(client, PEOPLE, {"id": case["id"]}))["data"]["councilCase"][
        "reporterName"
    ] is None
    await grid_worker(client)

    seen = (await gql(client, PEOPLE, {"id": case["id"]}))["data"]["councilCase"]

    assert seen["reporterName"] == "Resident-A"


async def test_a_partner_app_with_council_report_relays_a_residents_report(client):
    from tests.council.case_support import REPORT, places

    key = await make_key("311 app", "council:report")
    compounds, categories = await places(client)
    data = {
        "category": categories["noise"],
        "compound": compounds["中车国际三期"],
        "title": "夜间施工噪音",
        "description": "晚上十一点后还在装修，影响休息。",
        "onBehalf": {"name": "刘先生", "phone": "13600000000", "channel": "SYSTEM"},
    }

    made = (await gql(client, REPORT, {"input": data}, key=key))["data"]["submitCouncilCase"]
    nameless = {**data, "onBehalf": None}
    refused = (await gql(client, REPORT, {"input": nameless}, key=key))["data"]

    assert made["userErrors"] == []
    case = made["councilCase"]
    assert case["reporterName"] is None and case["timeline"][0]["channel"] == "SYSTEM"
    assert [e["code"] for e in refused["submitCouncilCase"]["userErrors"]] == ["NAME_REQUIRED"]
    await grid_worker(client)
    seen = (await gql(client, PEOPLE, {"id": case["id"]}))["data"]["councilCase"]
    assert seen["reporterName"] == "刘先生" and seen["reporterPhone"] == "13600000000"


async def test_site_search_finds_public_cases_only(client):
    await report(client)
    await report(client, "resident-q", isPublic=False, title="私下反映充电桩")
    client.cookies.clear()

    sections = (
        await gql(client, '{ search(text: "充电桩") { domain totalCount hits { title path } } }')
    )["data"]["search"]

    (council,) = [s for s in sections if s["domain"] == "council"]
    titles = [h["title"] for h in council["hits"]]
    assert "地下车库装不了充电桩" in titles and "私下反映充电桩" not in titles
    hit = next(h for h in council["hits"] if h["title"] == "地下车库装不了充电桩")
    assert hit["path"].startswith("/council/cases/")
