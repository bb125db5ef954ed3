"""The Open311 GeoReport v2 facade (/open311/v2) over the council's cases, through HTTP:
discovery, services and their definitions, requests listed, read and posted, in JSON and
XML, with every refusal in the spec's errors format."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from cityhub.models.council.cases import CouncilCase, CouncilPolicy
from cityhub.models.council.categories import CaseCategory
from tests.council.case_support import CASE, grid_worker, report
from tests.council.test_cases_listing import cases_at
from tests.helpers import count_queries, forget_kept_answers, gql, make_key

BASE = "/open311/v2"
EV = "ev_charging"
BY_REFERENCE = "query($id: ID!) { councilCase(id: $id) { reference reporterName title } }"
POST = {
    "service_code": EV,
    "compound": "zc-2",
    "lat": "37.9161",
    "long": "112.5872",
    "address_string": "中车国际二期3号楼",
    "description": "地库充电桩申请了三个月还没装\n物业说要等电力扩容，居民希望社区协调。",
    "first_name": "Wei",
    "last_name": "Li",
    "phone": "13800000077",
    "attribute[charger_kind]": "slow",
}


def parsed(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 (the app's own answer)


def errors_of(response) -> list[dict]:
    body = response.json()
    assert isinstance(body, list) and body, body
    assert all(set(e) == {"code", "description"} for e in body)
    return body


async def test_discovery_names_the_endpoint_in_json_and_xml(client):
    body = (await client.get(f"{BASE}/discovery.json")).json()
    (endpoint,) = body["endpoints"]
    xml = await client.get(f"{BASE}/discovery.xml")
    root = parsed(xml)

    assert body["changeset"] and body["contact"] and body["key_service"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["application/json", "text/xml"]
    assert xml.headers["content-type"] == "text/xml; charset=utf-8"
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/url") == "http://testserver/open311/v2"
    assert [f.text for f in root.iterfind("endpoints/endpoint/formats/format")] == [
        "application/json",
        "text/xml",
    ]


async def test_services_are_the_active_categories(client):
    response = await client.get(f"{BASE}/services.json")
    by_code = {s["service_code"]: s for s in response.json()}
    english = (await client.get(f"{BASE}/services.json?locale=en")).json()
    xml = parsed(await client.get(f"{BASE}/services.xml"))

    ev = by_code[EV]
    assert ev["service_name"] == "充电桩安装"
    assert ev["metadata"] is True and ev["type"] == "realtime"
    assert ev["group"] == "facilities"
    assert "充电桩" in ev["keywords"].split(",") and "," in ev["keywords"]
    assert ev["description"]
    assert {s["service_code"]: s["service_name"] for s in english}[EV] == "EV charger installation"
    assert xml.tag == "services"
    found = [s for s in xml.iterfind("service") if s.findtext("service_code") == EV]
    assert found[0].findtext("metadata") == "true"
    assert found[0].findtext("keywords") == ev["keywords"]


async def test_a_service_definition_lists_its_attributes(client):
    body = (await client.get(f"{BASE}/services/{EV}.json")).json()
    attributes = {a["code"]: a for a in body["attributes"]}
    xml = parsed(await client.get(f"{BASE}/services/{EV}.xml"))

    assert body["service_code"] == EV
    kind = attributes["charger_kind"]
    assert kind["variable"] is True and kind["required"] is False
    assert kind["datatype"] == "singlevaluelist" and kind["datatype_description"]
    assert kind["description"] == "充电方式"
    assert {"key": "slow", "name": "交流慢充"} in kind["values"]
    assert [a["order"] for a in body["attributes"]] == list(range(1, len(attributes) + 1))
    assert xml.tag == "service_definition"
    (xml_kind,) = [
        a for a in xml.iterfind("attributes/attribute") if a.findtext("code") == "charger_kind"
    ]
    keys = [v.findtext("key") for v in xml_kind.iterfind("values/value")]
    assert keys == [v["key"] for v in kind["values"]]
    assert xml_kind.findtext("variable") == "true"


async def test_an_unknown_service_is_a_404_in_the_errors_format(client):
    response = await client.get(f"{BASE}/services/no_such_thing.json")
    xml = await client.get(f"{BASE}/services/no_such_thing.xml")

    assert response.status_code == 404
    assert errors_of(response)[0]["code"] == 404
    assert xml.status_code == 404
    root = parsed(xml)
    assert root.tag == "errors" and root.findtext("error/code") == "404"
    assert "no_such_thing" in (root.findtext("error/description") or "")


async def _listed(client, query: str = "") -> dict[str, dict]:
    response = await client.get(f"{BASE}/requests.json{query}")
    assert response.status_code == 200, response.text
    return {r["service_request_id"]: r for r in response.json()}


async def test_a_reported_case_is_a_service_request(client):
    case = (await report(client))["councilCase"]
    found = (await _listed(client))[case["reference"]]

    assert found["service_request_id"].startswith("YS") and found["status"] == "open"
    assert found["status_notes"] == case["stateLabel"]
    assert found["service_code"] == EV and found["service_name"] == "充电桩安装"
    assert found["description"] == case["description"]
    assert found["agency_responsible"] == "中车社区"
    submitted = dt.datetime.fromisoformat(found["requested_datetime"])
    assert submitted.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - submitted) < dt.timedelta(minutes=5)
    assert dt.datetime.fromisoformat(found["updated_datetime"]) >= submitted
    assert found["expected_datetime"] == ""
    assert found["address"] == "中车国际二期地下车库B区"
    assert found["lat"] == "" and found["long"] == "" and found["media_url"] == ""
    assert case["reference"] not in await _listed(client, "?status=closed")
    assert case["reference"] in await _listed(client, "?status=open,closed")
    assert case["reference"] in await _listed(client, f"?service_code={EV},pets")
    assert case["reference"] not in await _listed(client, "?service_code=pets")


async def test_dates_pages_and_statuses_are_checked(client):
    today = dt.date.today()
    wide = f"?start_date={today - dt.timedelta(days=400)}T00:00:00Z&end_date={today}T00:00:00Z"
    checks = [wide, "?start_date=yesterday", "?status=pending", "?page=0", "?page_size=500"]
    checks += ["?service_code=no_such_thing", "?end_date=2020-01-01&start_date=2020-02-01"]
    checks += ["?start_date=9999-12-31T00:00:00Z", "?end_date=0001-01-02T00:00:00Z"]

    for query in checks:
        response = await client.get(f"{BASE}/requests.json{query}")
        assert response.status_code == 400, query
        assert errors_of(response)[0]["code"] == 400
    old = "?start_date=2020-01-01T00:00:00+08:00&end_date=2020-02-01T00:00:00%2B08:00"
    assert await _listed(client, old) == {}  # a "+" sent unencoded is read as one
    assert await _listed(client, "?end_date=9999-12-31T23:59:59.999999Z") == {}


async def test_one_request_in_json_and_xml(client):
    case = (await report(client))["councilCase"]
    reference = case["reference"]
    body = (await client.get(f"{BASE}/requests/{reference}.json")).json()
    xml = parsed(await client.get(f"{BASE}/requests/{reference}.xml"))
    missing = await client.get(f"{BASE}/requests/YS2026-999999.json")
    by_id = await _listed(client, f"?service_request_id={reference},YS2026-999999")

    assert [r["service_request_id"] for r in body] == [reference]
    assert body[0]["service_code"] == EV
    assert xml.tag == "service_requests"
    assert [r.findtext("service_request_id") for r in xml.iterfind("request")] == [reference]
    assert xml.findtext("request/agency_responsible") == "中车社区"
    assert missing.status_code == 404 and errors_of(missing)[0]["code"] == 404
    assert list(by_id) == [reference]


async def test_a_partner_key_posts_a_report(client):
    key = await make_key("open311-app", "council:report")
    response = await client.post(f"{BASE}/requests.json", data={**POST, "api_key": key})

    assert response.status_code == 201, response.text
    ((posted),) = response.json()
    reference = posted["service_request_id"]
    assert posted["account_id"] is None and posted["service_notice"]
    assert reference in await _listed(client)
    (one,) = (await client.get(f"{BASE}/requests/{reference}.json")).json()
    assert (one["lat"], one["long"]) == (37.9161, 112.5872)
    assert one["address"] == "中车国际二期3号楼"
    (row,) = await CouncilCase.filter(reference=reference).values("id", "attributes")
    assert row["attributes"] == {"charger_kind": "slow"}
    node = await gql(client, "{ node: councilCases(first: 100) { nodes { id reference } } }")
    case_id = next(n["id"] for n in node["data"]["node"]["nodes"] if n["reference"] == reference)
    anonymous = (await gql(client, BY_REFERENCE, {"id": case_id}))["data"]["councilCase"]
    assert anonymous["reporterName"] is None
    assert anonymous["title"] == "地库充电桩申请了三个月还没装"
    await grid_worker(client)
    seen = (await gql(client, CASE, {"id": case_id}))["data"]["councilCase"]
    assert seen["reporterName"] == "Wei Li"
    assert seen["timeline"][0]["channel"] == "SYSTEM"


async def test_posting_needs_a_key_with_the_scope(client):
    reader = await make_key("reader-app")
    missing = await client.post(f"{BASE}/requests.json", data=POST)
    wrong = await client.post(f"{BASE}/requests.json", data={**POST, "api_key": "nope"})
    unscoped = await client.post(f"{BASE}/requests.xml", data={**POST, "api_key": reader})

    assert missing.status_code in (400, 403) and "api_key" in errors_of(missing)[0]["description"]
    assert wrong.status_code == 403 and errors_of(wrong)[0]["code"] == 403
    assert unscoped.status_code == 403
    assert parsed(unscoped).findtext("error/code") == "403"
    assert await CouncilCase.filter(reporter_name="Wei Li").count() == 0


async def test_a_bad_post_writes_nothing(client):
    key = await make_key("open311-app", "council:report")
    before = await CouncilCase.all().count()
    bad = [
        {"service_code": "no_such_thing"},
        {"compound": ""},
        {"compound": "nowhere"},
        {"lat": "north", "address_string": ""},
        {"lat": "", "long": "", "address_string": ""},
        {"description": "太短"},
        {"attribute[charger_kind]": "nuclear"},
    ]

    for change in bad:
        response = await client.post(
            f"{BASE}/requests.json", data={**POST, "api_key": key, **change}
        )
        assert response.status_code == 400, (change, response.text)
        assert errors_of(response)[0]["code"] == 400
    short = await client.post(
        f"{BASE}/requests.json", data={**POST, "api_key": key, "description": "太短"}
    )
    assert any(": " in e["description"] for e in short.json())
    assert await CouncilCase.all().count() == before


async def test_a_private_case_is_not_listed_for_anonymous_callers(client):
    case = (await report(client, isPublic=False))["councilCase"]
    # The reporter's session cookie is still on the client: Open311 never reads it.
    listed = await _listed(client)
    one = await client.get(f"{BASE}/requests/{case['reference']}.json")

    assert case["reference"] not in listed
    assert one.status_code == 404


MARCH = "?start_date=2001-03-01T00:00:00Z&end_date=2001-03-31T00:00:00Z"
T0 = dt.datetime(2001, 3, 1, tzinfo=dt.UTC)


# SQL statements of a requests call. A page: the lookup (4), the page, what it shows (3).
# Past the last case: the lookup and one page of positions. The third page of 100: two
# pages of positions read first. One request: no lookup.
COUNTS = {"page": 8, "nothing": 5, "far": 10, "one": 4}


def ids_of(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["service_request_id"] for r in response.json()]


async def _page(client, query: str) -> list[str]:
    return ids_of(await client.get(f"{BASE}/requests.json{query}"))


async def test_requests_are_the_window_s_newest_a_page_at_a_time(client):
    day = dt.timedelta(days=1)
    second = dt.timedelta(seconds=1)
    moments = [T0 - second, T0, T0 + 3 * day, T0 + day, T0 + 2 * day, T0 + 30 * day]
    _before, start, *middle, end, _after = await cases_at(*moments, T0 + 30 * day + second)
    newest = [end, middle[0], middle[2], middle[1], start]  # end_date and start_date in
    pages = [await _page(client, f"{MARCH}&page_size=2&page={n}") for n in (1, 2, 3, 4)]

    assert await _page(client, MARCH) == newest  # neither `before` nor `after`
    assert pages == [newest[:2], newest[2:4], newest[4:], []]
    xml = parsed(await client.get(f"{BASE}/requests.xml{MARCH}&page_size=2&page=2"))
    assert [r.findtext("service_request_id") for r in xml.iterfind("request")] == newest[2:4]


async def test_requests_stop_at_the_policy_s_most(client):
    made = await cases_at(*(T0 + dt.timedelta(hours=h) for h in range(5)))
    await CouncilPolicy.filter(id=1).update(open311_max=3)
    pages = [await _page(client, f"{MARCH}&page_size=2&page={n}") for n in (1, 2, 3)]

    assert pages == [[made[4], made[3]], [made[2]], []]


async def test_several_services_are_listed_together_newest_first(client):
    pets = await CaseCategory.get(code="pets")
    hour = dt.timedelta(hours=1)
    ev = await cases_at(T0, T0 + 2 * hour, T0 + 4 * hour)
    dogs = await cases_at(T0 + hour, T0 + 3 * hour, prefix="YS2001-6", category_id=pets.id)
    both = f"{MARCH}&service_code={EV},pets"

    assert await _page(client, both) == [ev[2], dogs[1], ev[1], dogs[0], ev[0]]
    assert await _page(client, f"{both}&page_size=2&page=2") == [ev[1], dogs[0]]
    assert await _page(client, f"{MARCH}&service_code=pets") == [dogs[1], dogs[0]]
    assert await _page(client, f"{MARCH}&status=closed&service_code=pets") == []


async def test_many_service_request_ids_are_looked_up_in_batches(client):
    made = await cases_at(T0, T0 + dt.timedelta(hours=1))
    unknown = [f"YS2001-{i:06d}" for i in range(150)]
    named = ",".join([made[1], *unknown, made[0], "Y" * 40])

    assert await _page(client, f"?service_request_id={named}") == [made[1], made[0]]
    assert (await client.get(f"{BASE}/requests/{'Y' * 40}.json")).status_code == 404


async def _statements(client, query: str) -> tuple[int, int]:
    forget_kept_answers(client)
    with count_queries() as counter:
        answered = await _page(client, query)
    return counter.count, len(answered)


async def test_a_requests_call_runs_the_same_statements_however_many_cases(client):
    await cases_at(*(T0 + dt.timedelta(minutes=m) for m in range(3)))
    (one,) = await cases_at(T0 + dt.timedelta(days=2), prefix="YS2001-5")
    few = await _statements(client, MARCH)
    few_far = await _statements(client, f"{MARCH}&page=3&page_size=100")
    by_id = await _statements(client, f"?service_request_id={one}")
    await cases_at(*(T0 + dt.timedelta(minutes=m) for m in range(3, 403)))
    many = await _statements(client, MARCH)
    many_far = await _statements(client, f"{MARCH}&page=3&page_size=100")
    several = await _statements(client, f"{MARCH}&service_code={EV},pets,pets")
    several_far = await _statements(client, f"{MARCH}&service_code={EV},pets&page=3&page_size=100")

    assert few == (COUNTS["page"], 4) and many == (COUNTS["page"], 50)
    assert several == many and several_far == many_far  # one walk, whatever the services
    assert few_far == (COUNTS["nothing"], 0) and many_far == (COUNTS["far"], 100)
    assert by_id == (COUNTS["page"], 1)
    assert await _statements(client, f"?service_request_id={one}") == by_id
    with count_queries() as counter:
        assert ids_of(await client.get(f"{BASE}/requests/{one}.json")) == [one]
    assert counter.count == COUNTS["one"]
