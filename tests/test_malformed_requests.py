"""Malformed requests, one row each: a 400 or a coded GraphQL error, never a 500 or
INTERNAL_SERVER_ERROR, and nothing written (every table but the rate-limit counters is
compared before and after). Rows run on SQLite and PostgreSQL alike."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from tortoise import Tortoise

from tests.helpers import make_account, make_key, sign_in


@dataclass(frozen=True)
class Case:
    name: str
    status: int
    code: str | None  # the first error's extensions.code; None for a portal page
    query: str | None = None
    variables: dict[str, Any] | None = None
    body: bytes | None = None  # sent as is, application/json
    get: dict[str, str] | None = None  # GET /graphql with these parameters
    multipart: dict[str, str] | None = None  # operations and map, with one PDF as "0"
    page: str | None = None  # a portal path
    shows: str | None = None  # text the portal page must show
    viewer: str = "anonymous"  # or staff, admin, key
    headers: dict[str, str] = field(default_factory=dict)


async def become(client: httpx.AsyncClient, viewer: str) -> dict[str, str]:
    """Sign the client in as ``viewer``; the headers its requests then carry."""
    if viewer in ("staff", "admin"):
        await make_account(viewer, "union_staff" if viewer == "staff" else "admin")
        await sign_in(client, viewer)
    if viewer == "key":
        return {"Authorization": f"Bearer {await make_key('partner', 'members:read')}"}
    return {}


async def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table except the rate-limit counters, in id order; an API key's
    last use is stamped by any request made with it."""
    rows: dict[str, list[tuple]] = {}
    for app in Tortoise.apps.values():
        for name, model in sorted(app.items()):
            if name != "RateLimitEntry":
                ordered = model.all().order_by(model._meta.pk_attr)
                found = await ordered.values()
                rows[name] = [tuple(v for k, v in r.items() if k != "last_used_at") for r in found]
    return rows


async def send(client: httpx.AsyncClient, case: Case, headers: dict[str, str]) -> tuple:
    sent = {**headers, **case.headers}
    if case.page is not None:
        response = await client.get(case.page, headers=sent)
        assert case.shows is None or case.shows in response.text, response.text[-2000:]
        return response.status_code, None
    if case.body is not None:
        sent.setdefault("Content-Type", "application/json")
        response = await client.post("/graphql", content=case.body, headers=sent)
    elif case.multipart is not None:
        files = {"0": ("invoice.pdf", b"%PDF-1.4\n", "application/pdf")}
        response = await client.post("/graphql", data=case.multipart, files=files, headers=sent)
    elif case.get is not None:
        response = await client.get("/graphql", params=case.get, headers=sent)
    else:
        payload = {"query": case.query, "variables": case.variables}
        response = await client.post("/graphql", json=payload, headers=sent)
    errors = response.json().get("errors") or [{}]
    return response.status_code, errors[0].get("extensions", {}).get("code")


def gid(type_name: str, number: object) -> str:
    return base64.b64encode(f"{type_name}:{number}".encode()).decode()


def cursor(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode()


def nested(levels: int) -> bytes:
    return json.dumps({"query": "{ __typename }"}).encode()[:-1] + (
        b',"variables":{"a":' + b"[" * levels + b"]" * levels + b"}}"
    )


BAD = "BAD_USER_INPUT"
SUBSCRIPTION = "subscription { stationUpdated { id } }"

BODIES = [
    Case("body null", 400, BAD, body=b"null"),
    Case("body number", 400, BAD, body=b"123"),
    Case("body string", 400, BAD, body=b'"str"'),
    Case("body true", 400, BAD, body=b"true"),
    Case("body empty list (no batching)", 400, BAD, body=b"[]"),
    Case("body batch", 400, BAD, body=b'[{"query": "{ __typename }"}]'),
    Case("body not JSON", 400, BAD, body=b"{query"),
    Case("body empty", 400, BAD, body=b""),
    Case(
        "body invalid UTF-8",
        400,
        BAD,
        body=b'{"query": "{ stations(text: \\"\xff\\") { totalCount } }"}',
    ),
    Case("body lone surrogate byte", 400, BAD, body=b'{"query": "\xed\xa0\x80"}'),
    Case("body nested 3,000 levels", 400, BAD, body=nested(3000)),
    Case("body nested 100,000 levels", 400, BAD, body=b"[" * 100_000 + b"]" * 100_000),
    Case("query not a string", 400, BAD, body=b'{"query": 7}'),
    Case(
        "body with NaN (not JSON)",
        400,
        BAD,
        body=b'{"query": "query($a: Float) { __typename }", "variables": {"a": NaN}}',
    ),
    Case(
        "body with Infinity (not JSON)",
        400,
        BAD,
        body=b'{"query": "{ __typename }", "x": Infinity}',
    ),
    Case("variables not an object", 400, BAD, body=b'{"query": "{ __typename }", "variables": 1}'),
    Case("no query", 400, BAD, body=b"{}"),
    Case("GET variables not JSON", 400, BAD, get={"query": "{ __typename }", "variables": "{"}),
    Case("GET variables a number", 400, BAD, get={"query": "{ __typename }", "variables": "5"}),
    Case(
        "GET variables nested 3,000 levels",
        400,
        BAD,
        get={"query": "{ __typename }", "variables": '{"a":' + "[" * 3000 + "]" * 3000 + "}"},
    ),
]
SUBSCRIPTIONS = [
    Case("subscription over POST", 400, BAD, query=SUBSCRIPTION),
    Case("subscription over GET", 400, BAD, get={"query": SUBSCRIPTION}),
    Case(
        "subscription over POST, graphql-response+json",
        400,
        BAD,
        query=SUBSCRIPTION,
        headers={"Accept": "application/graphql-response+json"},
    ),
]
NODE = "query($id: ID!) { node(id: $id) { id } }"
STATION = "query($id: ID!) { station(id: $id) { id } }"
STATIONS_AFTER = "query($after: String) { stations(after: $after) { totalCount } }"
FLEETS_AFTER = "query($after: String) { fleets(after: $after) { totalCount } }"
REVIEW = """mutation($input: ReviewAidApplicationInput!) {
  reviewAidApplication(input: $input) { userErrors { code } } }"""
UPDATE_PROGRAM = """mutation($input: UpdateAidProgramInput!) {
  updateAidProgram(input: $input) { userErrors { code } } }"""
UPDATE_MEMBER = """mutation($input: UpdateMemberInput!) {
  updateMember(input: $input) { userErrors { code } } }"""
ENROL = """mutation($input: EnrollMembersInput!) {
  enrollMembers(input: $input) { userErrors { code } } }"""
CHECK_IN = """mutation($input: CheckInAtStationInput!) {
  checkInAtStation(input: $input) { userErrors { code } } }"""
PROGRAM_1 = gid("AidProgram", 1)
IDS = [
    Case("node id 2^63 (SQLite's integer)", 200, BAD, NODE, {"id": gid("Station", 2**63)}),
    Case("node id 2^31 (PostgreSQL's integer)", 200, BAD, NODE, {"id": gid("Station", 2**31)}),
    Case("node id negative", 200, BAD, NODE, {"id": gid("Member", -1)}),
    Case("node id zero", 200, BAD, NODE, {"id": gid("Member", 0)}),
    Case("node id of 5,000 digits", 200, BAD, NODE, {"id": gid("Station", "9" * 5000)}),
    Case(
        "nodes ids 2^40",
        200,
        BAD,
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [gid("Station", 1), gid("AidApplication", 2**40)]},
    ),
    Case("station id 2^63", 200, BAD, STATION, {"id": gid("Station", 2**63)}),
    Case("station id of 5,000 digits", 200, BAD, STATION, {"id": gid("Station", "9" * 5000)}),
    Case(
        "aidStatistics program 2^31",
        200,
        BAD,
        "query($p: ID!) { aidStatistics(program: $p) { __typename } }",
        {"p": gid("AidProgram", 2**31)},
    ),
    Case("cursor key 2^63", 200, "INVALID_CURSOR", STATIONS_AFTER, {"after": cursor(f"k:{2**63}")}),
    Case("cursor key 2^31", 200, "INVALID_CURSOR", STATIONS_AFTER, {"after": cursor(f"k:{2**31}")}),
    Case("cursor key negative", 200, "INVALID_CURSOR", STATIONS_AFTER, {"after": cursor("k:-5")}),
    Case(
        "cursor key of 5,000 digits",
        200,
        BAD,
        STATIONS_AFTER,
        {"after": cursor("k:" + "9" * 5000)},
    ),
    Case(
        "cursor key of 140 digits",
        200,
        "INVALID_CURSOR",
        STATIONS_AFTER,
        {"after": cursor("k:" + "9" * 140)},
    ),
    Case(
        "offset cursor 2^63", 200, "INVALID_CURSOR", FLEETS_AFTER, {"after": cursor(f"o:{2**63}")}
    ),
    Case(
        "offset cursor of 5,000 digits",
        200,
        BAD,
        FLEETS_AFTER,
        {"after": cursor("o:" + "9" * 5000)},
    ),
    Case(
        "reviewAidApplication id 2^31",
        200,
        BAD,
        REVIEW,
        {"input": {"application": gid("AidApplication", 2**31), "action": "APPROVE"}},
        viewer="staff",
    ),
    Case(
        "updateAidProgram id 2^63",
        200,
        BAD,
        UPDATE_PROGRAM,
        {"input": {"id": gid("AidProgram", 2**63), "name": "x"}},
        viewer="admin",
    ),
    Case(
        "updateMember id negative",
        200,
        BAD,
        UPDATE_MEMBER,
        {"input": {"id": gid("Member", -3), "status": "LEFT"}},
        viewer="staff",
    ),
    Case(
        "enrollMembers member 5,000 digits",
        200,
        BAD,
        ENROL,
        {"input": {"program": PROGRAM_1, "members": [gid("Member", "9" * 5000)]}},
        viewer="staff",
    ),
    Case(
        "checkInAtStation station 2^31",
        200,
        BAD,
        CHECK_IN,
        {"input": {"station": gid("Station", 2**31), "code": "x"}},
        viewer="staff",
    ),
]
CLAIM = """query($input: MedicalAidClaimCheckInput!) {
  checkMedicalAidClaim(input: $input) { eligible } }"""


def claim(amount: object) -> dict[str, Any]:
    return {"input": {"category": "hospitalisation", "selfPaidAmount": amount}}


def program_update(**fields: object) -> dict[str, Any]:
    return {"input": {"id": PROGRAM_1, **fields}}


DECIMALS = [
    Case("claim amount 1e30", 200, BAD, CLAIM, claim("1e30")),
    Case("claim amount NaN", 200, BAD, CLAIM, claim("NaN")),
    Case("claim amount sNaN", 200, BAD, CLAIM, claim("sNaN")),
    Case("claim amount Infinity", 200, BAD, CLAIM, claim("Infinity")),
    Case("claim amount -Infinity", 200, BAD, CLAIM, claim("-Infinity")),
    Case("claim amount of 29 digits", 200, BAD, CLAIM, claim("9" * 29)),
    Case("claim amount of 11 integer digits", 200, BAD, CLAIM, claim("12345678901")),
    Case("claim amount 1e-30", 200, BAD, CLAIM, claim("1e-30")),
    Case("claim amount a JSON number 1e30", 200, BAD, CLAIM, claim(1e30)),
    Case("claim amount of 5,000 digits", 200, BAD, CLAIM, claim("1" * 5000)),
    Case(
        "claim amount 1e30 in the document",
        200,
        BAD,
        '{ checkMedicalAidClaim(input: {category: "hospitalisation", selfPaidAmount: "1e30"}) '
        "{ eligible } }",
    ),
    Case(
        "reviewAidApplication amount 1e30",
        200,
        BAD,
        REVIEW,
        {"input": {"application": gid("AidApplication", 1), "action": "APPROVE", "amount": "1e30"}},
        viewer="staff",
    ),
    Case(
        "reviewAidApplication amount NaN",
        200,
        BAD,
        REVIEW,
        {"input": {"application": gid("AidApplication", 1), "action": "PAY", "amount": "NaN"}},
        viewer="staff",
    ),
    Case(
        "updateAidProgram threshold of 29 digits",
        200,
        BAD,
        UPDATE_PROGRAM,
        program_update(selfPaidThreshold="9" * 29),
        viewer="admin",
    ),
    Case(
        "updateAidProgram ratio Infinity",
        200,
        BAD,
        UPDATE_PROGRAM,
        program_update(reimbursementRatio="Infinity"),
        viewer="admin",
    ),
    Case(
        "updateAidProgram per-claim maximum 1e30",
        200,
        BAD,
        UPDATE_PROGRAM,
        program_update(maxAmountPerClaim="1e30"),
        viewer="admin",
    ),
]
STATIONS = """query($text: String, $district: String) {
  stations(text: $text, district: $district) { totalCount } }"""
MEMBERS = (
    "query($text: String, $fleet: String) { members(text: $text, fleet: $fleet) { totalCount } }"
)
REGISTER = """mutation($input: RegisterMemberInput!) {
  registerMember(input: $input) { userErrors { code } } }"""
UPDATE_STATION = """mutation($input: UpdateStationInput!) {
  updateStation(input: $input) { userErrors { code } } }"""
BROADCAST = """mutation($input: SendBroadcastInput!) {
  sendBroadcast(input: $input) { userErrors { code } } }"""
CONSULTATION = """mutation($input: LogConsultationInput!) {
  logConsultation(input: $input) { userErrors { code } } }"""
SIGN_IN = """mutation($input: SignInInput!) { signIn(input: $input) { userErrors { code } } }"""
MEMBER = {
    "name": "潘一诺",
    "phone": "13900000000",
    "idNumber": "140105199001011234",
    "vehicleType": "CRUISING_TAXI",
}
STRINGS = [
    Case("stations text of 50 KB", 200, BAD, STATIONS, {"text": "站" * 50_000}),
    Case("stations text of 201 characters", 200, BAD, STATIONS, {"text": "a" * 201}),
    Case("stations district of 33 characters", 200, BAD, STATIONS, {"district": "x" * 33}),
    Case("stations text with NUL", 200, BAD, STATIONS, {"text": "北\x00中环"}),
    Case("stations district with NUL", 200, BAD, STATIONS, {"district": "xiaodian\x00"}),
    Case(
        "stations district of 33 characters in the document",
        200,
        BAD,
        '{ stations(district: "' + "x" * 33 + '") { totalCount } }',
    ),
    Case(
        "stations district in a fragment",
        200,
        BAD,
        "query($d: String) { ...F } fragment F on Query { stations(district: $d) { totalCount } }",
        {"d": "x" * 33},
    ),
    Case(
        "aidProgram code of 41 characters",
        200,
        BAD,
        "query($c: String) { aidProgram(code: $c) { id } }",
        {"c": "m" * 41},
    ),
    Case(
        "publishedFigures domain of 33 characters",
        200,
        BAD,
        "query($d: String) { publishedFigures(domain: $d) { totalCount } }",
        {"d": "u" * 33},
    ),
    Case("members text of 21 characters", 200, BAD, MEMBERS, {"text": "邱" * 21}, viewer="staff"),
    Case(
        "members text of 21 characters, a key", 200, BAD, MEMBERS, {"text": "邱" * 21}, viewer="key"
    ),
    Case("members fleet of 41 characters", 200, BAD, MEMBERS, {"fleet": "f" * 41}, viewer="staff"),
    Case("members text with NUL", 200, BAD, MEMBERS, {"text": "邱\x00"}, viewer="staff"),
    Case(
        "search text with NUL",
        200,
        BAD,
        "query($t: String!) { search(text: $t) { domain } }",
        {"t": "站\x00"},
    ),
    Case(
        "enumLabels name with NUL (in a list)",
        200,
        BAD,
        "query($n: [String!]!) { enumLabels(names: $n) { name } }",
        {"n": ["Amenity", "A\x00"]},
    ),
    Case("cursor of 5,000 characters", 200, BAD, STATIONS_AFTER, {"after": "a" * 5000}),
    Case(
        "registerMember name with NUL",
        200,
        BAD,
        REGISTER,
        {"input": {**MEMBER, "name": "潘\x00一诺"}},
        viewer="staff",
    ),
    Case(
        "registerMember name of 5,000 characters",
        200,
        BAD,
        REGISTER,
        {"input": {**MEMBER, "name": "潘" * 5000}},
        viewer="staff",
    ),
    Case(
        "updateStation name with NUL",
        200,
        BAD,
        UPDATE_STATION,
        {"input": {"id": gid("Station", 1), "name": "站\x00"}},
        viewer="staff",
    ),
    Case(
        "sendBroadcast text with NUL",
        200,
        BAD,
        BROADCAST,
        {"input": {"text": "通知\x00", "segment": {"kind": "ALL_ACTIVE"}, "requestKey": "k" * 12}},
        viewer="staff",
    ),
    Case(
        "logConsultation note with NUL",
        200,
        BAD,
        CONSULTATION,
        {"input": {"channel": "HOTLINE", "topic": "OTHER", "note": "\x00"}},
        viewer="staff",
    ),
    Case(
        "signIn username with NUL",
        200,
        BAD,
        SIGN_IN,
        {"input": {"username": "staff\x00", "password": "x"}},
    ),
]
CHECKER = "/union/aid/medical/check?category=hospitalisation&amount="
PAGES = [
    Case(
        "page stations district of 33", 400, None, page="/stations?district=" + "x" * 33, shows="32"
    ),
    Case("page stations district with NUL", 400, None, page="/stations?district=xiaodian%00"),
    Case("page stations text with NUL", 400, None, page="/stations?q=%E5%8C%97%00"),
    Case("page stations at NaN, Infinity", 400, None, page="/stations?lat=nan&lng=inf"),
    Case("page stations cursor of 300", 400, None, page="/stations?after=" + "a" * 300),
    Case("page station id 2^63", 400, None, page="/stations/" + gid("Station", 2**63)),
    Case("page station id negative", 400, None, page="/stations/" + gid("Station", -1)),
    Case("page checker amount 1e30", 422, None, page=CHECKER + "1e30", shows="请输入自付金额"),
    Case("page checker amount NaN", 422, None, page=CHECKER + "NaN", shows="请输入自付金额"),
    Case("page checker amount Infinity", 422, None, page=CHECKER + "Infinity"),
    Case("page checker amount of 29 digits", 422, None, page=CHECKER + "9" * 29),
    Case(
        "page checker year of 5,000 digits",
        422,
        None,
        page=CHECKER + "3000&year=" + "9" * 5000,
        shows="请选择年份",
    ),
    Case("page checker year of 11 digits", 422, None, page=CHECKER + "3000&year=" + "9" * 11),
    Case("page checker year in superscript", 422, None, page=CHECKER + "3000&year=%C2%B2024"),
    Case(
        "page members q of 21",
        400,
        None,
        page="/union/members?q=" + "邱" * 21,
        shows="20",
        viewer="staff",
    ),
    Case("page members q with NUL", 400, None, page="/union/members?q=%00", viewer="staff"),
    Case(
        "page members fleet of 41",
        400,
        None,
        page="/union/members?fleet=" + "f" * 41,
        viewer="staff",
    ),
    Case("page search with NUL", 400, None, page="/search?q=%E7%AB%99%00"),
]
# No bound in the schema stops these: the database (Tortoise checking the column) refuses
# them, and the backstop (db.refuses_a_value) makes that BAD_USER_INPUT.
COLUMNS = [
    Case(
        "updateMember fleet longer than its column",
        200,
        BAD,
        UPDATE_MEMBER,
        {"input": {"id": gid("Member", 1), "fleet": "f" * 41}},
        viewer="staff",
    ),
    Case(
        "registerMember fleet longer than its column",
        200,
        BAD,
        REGISTER,
        {"input": {**MEMBER, "fleet": "f" * 41}},
        viewer="staff",
    ),
    Case(
        "sendBroadcast fleet longer than its column",
        200,
        BAD,
        BROADCAST,
        {
            "input": {
                "text": "通知",
                "segment": {"kind": "FLEET", "fleet": "f" * 41},
                "requestKey": "k" * 12,
            }
        },
        viewer="staff",
    ),
]
TYPENAME = '{"query": "{ __typename }", "variables": {"a": []}}'
MULTIPART = [
    Case("multipart operations null", 400, BAD, multipart={"operations": "null", "map": "{}"}),
    Case("multipart operations a number", 400, BAD, multipart={"operations": "7", "map": "{}"}),
    Case("multipart operations not JSON", 400, BAD, multipart={"operations": "{", "map": "{}"}),
    Case("multipart map a list", 400, BAD, multipart={"operations": TYPENAME, "map": "[]"}),
    Case(
        "multipart map entry a number",
        400,
        BAD,
        multipart={"operations": TYPENAME, "map": '{"0": 5}'},
    ),
    Case(
        "multipart map path a number",
        400,
        BAD,
        multipart={"operations": TYPENAME, "map": '{"0": [5]}'},
    ),
    Case(
        "multipart map path past a list",
        400,
        BAD,
        multipart={"operations": TYPENAME, "map": '{"0": ["variables.a.5"]}'},
    ),
    Case(
        "multipart map naming a missing file",
        400,
        BAD,
        multipart={"operations": TYPENAME, "map": '{"1": ["variables.a"]}'},
    ),
]
CASES = [*BODIES, *SUBSCRIPTIONS, *MULTIPART, *IDS, *DECIMALS, *STRINGS, *PAGES, *COLUMNS]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_malformed_request_is_refused_with_a_code(client, case: Case):
    headers = await become(client, case.viewer)
    before = await snapshot()

    found = await send(client, case, headers)

    assert found == (case.status, case.code)
    assert await snapshot() == before, "a refused request wrote to the database"


def test_the_table_covers_every_kind_of_malformed_input():
    assert len(CASES) >= 40
