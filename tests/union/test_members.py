"""The union and its members through GraphQL: figures, registration, masking, the viewer."""

from __future__ import annotations

import pytest

from cityhub.models.audit import AuditEntry
from cityhub.models.union.members import Member
from cityhub.resolvers.union.members import link_account
from tests.conftest import SERVER_URL
from tests.helpers import (
    codes,
    count_queries,
    count_statements,
    csrf_from,
    full_scans,
    gql,
    make_account,
    make_key,
    sign_in,
)
from tests.union.aid_support import as_member

UNION = """
{ union { name memberCount registeredDrivers membershipRate stationCount
          publishedFigures { key value unit fraction asOf source { publishedOn } } } }
"""
MEMBERS = """
query($first: Int, $text: String, $fleet: String, $status: MemberStatus) {
  members(first: $first, text: $text, fleet: $fleet, status: $status) {
    totalCount
    nodes {
      id memberNo name phone idNumber onHardshipRegister vehicleType status fleet { code name }
      isSample
    }
  }
}
"""
REGISTER = """
mutation($input: RegisterMemberInput!) {
  registerMember(input: $input) {
    member { memberNo name phone idNumber vehicleType fleet { code } }
    userErrors { field code message }
  }
}
"""
VALID_ID = "110101199003074477"
VALID = {
    "name": "李明",
    "phone": "13812345678",
    "idNumber": VALID_ID,
    "vehicleType": "RIDE_HAILING",
    "fleet": "platform-a",
}


async def test_union_shows_live_counts_and_published_figures_apart(client):
    body = await gql(client, UNION)

    union = body["data"]["union"]
    assert union["name"] == "太原市巡游网约车行业工会联合会"
    assert union["memberCount"] == 55  # active sample members, not the published 65,000
    assert union["stationCount"] == 35
    assert union["registeredDrivers"] == 69892
    assert union["membershipRate"] == round(55 / 69892, 4)
    figures = {f["key"]: f for f in union["publishedFigures"]}
    assert figures["union.members"]["value"] == "65000"
    assert figures["union.members"]["fraction"] is None
    # The published rate is a percent; its fraction sits beside the live membershipRate.
    assert (
        figures["union.membership_rate"]["value"],
        figures["union.membership_rate"]["unit"],
    ) == ("93", "%")
    assert figures["union.membership_rate"]["fraction"] == "0.93"
    assert figures["union.members"]["source"]["publishedOn"] == "2024-11-21"


async def test_the_rate_is_computed_from_live_counts_and_admin_edits_the_driver_count(client):
    await make_account("root", "admin")
    await sign_in(client, "root")
    update = "mutation($n: Int) { updateUnion(input: {registeredDrivers: $n}) { union { membershipRate registeredDrivers } userErrors { code } } }"  # noqa: E501

    changed = await gql(client, update, {"n": 110})
    refused = await gql(client, update, {"n": -5})

    assert changed["data"]["updateUnion"]["union"] == {
        "membershipRate": 0.5,
        "registeredDrivers": 110,
    }
    assert refused["data"]["updateUnion"]["userErrors"] == [{"code": "INVALID"}]
    assert (await gql(client, UNION))["data"]["union"]["registeredDrivers"] == 110


async def test_staff_register_a_member_and_see_the_personal_data(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    body = await gql(client, REGISTER, {"input": VALID})

    payload = body["data"]["registerMember"]
    assert payload["userErrors"] == []
    member = payload["member"]
    assert member["memberNo"].startswith("TYD")
    assert member["phone"] == "13812345678"
    assert member["idNumber"] == VALID_ID
    assert member["fleet"] == {"code": "platform-a"}


async def test_a_bad_id_checksum_phone_or_fleet_is_a_user_error_and_nothing_is_written(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    before = (await gql(client, MEMBERS))["data"]["members"]["totalCount"]

    bad_checksum = await gql(
        client, REGISTER, {"input": {**VALID, "idNumber": "110101199003074478"}}
    )
    bad_format = await gql(client, REGISTER, {"input": {**VALID, "idNumber": "12345"}})
    bad_phone = await gql(client, REGISTER, {"input": {**VALID, "phone": "0351-5618555"}})
    bad_fleet = await gql(client, REGISTER, {"input": {**VALID, "fleet": "nowhere"}})
    blank_name = await gql(client, REGISTER, {"input": {**VALID, "name": " "}})

    def problems(body):
        return [(e["field"], e["code"]) for e in body["data"]["registerMember"]["userErrors"]]

    assert problems(bad_checksum) == [("idNumber", "INVALID_ID_CHECKSUM")]
    assert problems(bad_format) == [("idNumber", "INVALID_ID_NUMBER")]
    assert problems(bad_phone) == [("phone", "INVALID_PHONE")]
    assert problems(bad_fleet) == [("fleet", "UNKNOWN_FLEET")]
    assert problems(blank_name) == [("name", "INVALID")]
    assert (await gql(client, MEMBERS))["data"]["members"]["totalCount"] == before


async def test_the_same_id_number_cannot_register_twice(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    await gql(client, REGISTER, {"input": VALID})

    again = await gql(client, REGISTER, {"input": {**VALID, "phone": "13900000000"}})

    assert again["data"]["registerMember"]["userErrors"][0]["code"] == "ID_NUMBER_TAKEN"


async def test_anonymous_citizens_and_keys_without_the_scope_cannot_list_members(client):
    key = await make_key("map app", "stations:write")
    await make_account("citizen", "citizen")

    anonymous = await gql(client, MEMBERS)
    keyed = await gql(client, MEMBERS, key=key)
    await sign_in(client, "citizen")
    citizen = await gql(client, MEMBERS)

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(keyed) == ["FORBIDDEN"]
    assert codes(citizen) == ["FORBIDDEN"]


async def test_a_key_with_members_read_sees_members_with_personal_data_masked(client):
    key = await make_key("fund centre", "members:read")

    body = await gql(client, MEMBERS, {"text": "TYDS0001"}, key=key)

    (member,) = body["data"]["members"]["nodes"]
    assert member["name"] == "陈**"
    assert member["phone"][3:7] == "****"
    assert member["idNumber"][1:-1] == "*" * 16
    assert member["onHardshipRegister"] is None
    assert member["isSample"] is True


async def test_the_hardship_register_flag_is_for_the_member_and_staff_only(client):
    key = await make_key("fund centre", "members:read")
    keyed = await gql(client, MEMBERS, {"text": "TYDS0007"}, key=key)
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    staff = await gql(client, MEMBERS, {"text": "孔学军"})
    account = await make_account("kong", "member")
    await link_account("TYDS0007", account["id"])
    await sign_in(client, "kong")
    own = await gql(client, "{ viewer { member { onHardshipRegister } } }")

    assert keyed["data"]["members"]["nodes"][0]["onHardshipRegister"] is None
    assert staff["data"]["members"]["nodes"][0]["onHardshipRegister"] is True
    assert own["data"]["viewer"]["member"]["onHardshipRegister"] is True


async def test_members_filter_by_fleet_and_status(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    taxi = await gql(client, MEMBERS, {"first": 100, "fleet": "longcheng-taxi"})
    left = await gql(client, MEMBERS, {"first": 100, "status": "LEFT"})

    assert taxi["data"]["members"]["nodes"]
    assert all(m["fleet"]["code"] == "longcheng-taxi" for m in taxi["data"]["members"]["nodes"])
    assert left["data"]["members"]["totalCount"] == 5
    assert all(m["status"] == "LEFT" for m in left["data"]["members"]["nodes"])


async def test_a_member_sees_their_own_record_through_the_viewer_and_not_others(client):
    account = await make_account("chen", "member")
    await link_account("TYDS0001", account["id"])
    await make_account("other", "member")
    await sign_in(client, "chen")
    own = await gql(client, "{ viewer { member { id memberNo name phone idNumber } } }")
    member_id = own["data"]["viewer"]["member"]["id"]
    node = "query($id: ID!) { node(id: $id) { ... on Member { name phone } } }"

    await sign_in(client, "other")
    by_other = await gql(client, node, {"id": member_id})

    assert own["data"]["viewer"]["member"]["name"] == "陈师傅"
    assert "*" not in own["data"]["viewer"]["member"]["phone"]
    assert by_other["data"]["node"] is None


async def test_members_list_query_count_does_not_grow_with_the_page(client):

    await make_account("staff", "union_staff")
    await sign_in(client, "staff")

    async def statements(first: int) -> int:
        count, data = await count_statements(client, MEMBERS, {"first": first})
        assert len(data["members"]["nodes"]) == first
        return count

    assert (await statements(3), await statements(50)) == (4, 4)


async def test_a_member_opts_out_of_broadcast_sms(client):
    account = await make_account("chen", "member")
    await link_account("TYDS0001", account["id"])
    await make_account("nomember", "citizen")
    opt_out = "mutation { setSmsOptOut(optOut: true) { member { smsOptOut } userErrors { code } } }"

    await sign_in(client, "chen")
    body = await gql(client, opt_out)
    await sign_in(client, "nomember")
    refused = await gql(client, opt_out)

    assert body["data"]["setSmsOptOut"]["member"] == {"smsOptOut": True}
    assert refused["data"]["setSmsOptOut"]["userErrors"] == [{"code": "NOT_A_MEMBER"}]


@pytest.mark.skipif(bool(SERVER_URL), reason="reads SQLite's query plans")
async def test_member_searches_and_enrolment_reads_use_indexes(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    enrolled = '{ aidProgram(code: "medical-2024") { viewerEnrolled } }'

    with count_queries() as counter:
        await gql(client, MEMBERS, {"text": "陈"})
        await gql(client, MEMBERS, {"fleet": "longcheng-taxi"})
        await gql(client, MEMBERS, {"text": "TYDS0001"})
        await as_member(client, "TYDS0040")
        await gql(client, enrolled)

    assert await full_scans(counter.statements, {"member", "aid_enrolment"}) == []


UPDATE_MEMBER = """
mutation($input: UpdateMemberInput!) {
  updateMember(input: $input) {
    member { memberNo status phone fleet { code } }
    userErrors { field code }
  }
}
"""


async def member_id(client, member_no: str) -> str:
    body = await gql(client, MEMBERS, {"text": member_no})
    return body["data"]["members"]["nodes"][0]["id"]


async def test_staff_mark_a_member_as_left_and_the_live_count_follows_audited(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    chen = await member_id(client, "TYDS0001")

    body = await gql(client, UPDATE_MEMBER, {"input": {"id": chen, "status": "LEFT"}})
    union = await gql(client, "{ union { memberCount } }")

    payload = body["data"]["updateMember"]
    assert payload["userErrors"] == []
    assert (payload["member"]["memberNo"], payload["member"]["status"]) == ("TYDS0001", "LEFT")
    assert union["data"]["union"]["memberCount"] == 54
    (entry,) = await AuditEntry.filter(subject_type="member").values("action", "changes")
    assert entry == {"action": "member.update", "changes": {"status": ["active", "left"]}}


async def test_member_corrections_that_are_wrong_change_nothing(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    chen = await member_id(client, "TYDS0001")
    before = await Member.get(member_no="TYDS0001").values("status", "phone", "fleet_id")

    phone = await gql(
        client, UPDATE_MEMBER, {"input": {"id": chen, "status": "LEFT", "phone": "12345"}}
    )
    fleet = await gql(client, UPDATE_MEMBER, {"input": {"id": chen, "fleet": "no-such"}})
    station = (await gql(client, "{ stations(first: 1) { nodes { id } } }"))["data"]
    other_type = await gql(
        client, UPDATE_MEMBER, {"input": {"id": station["stations"]["nodes"][0]["id"]}}
    )

    assert phone["data"]["updateMember"]["userErrors"] == [
        {"field": "phone", "code": "INVALID_PHONE"}
    ]
    assert fleet["data"]["updateMember"]["userErrors"] == [
        {"field": "fleet", "code": "UNKNOWN_FLEET"}
    ]
    assert other_type["data"]["updateMember"]["userErrors"] == [
        {"field": "id", "code": "NOT_FOUND"}
    ]
    assert await Member.get(member_no="TYDS0001").values("status", "phone", "fleet_id") == before
    assert await AuditEntry.filter(subject_type="member").count() == 0


async def test_only_union_staff_and_admins_update_members(client):
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    chen = await member_id(client, "TYDS0001")
    change = {"input": {"id": chen, "status": "SUSPENDED"}}
    await client.post("/logout", data={"csrf_token": csrf_from((await client.get("/")).text)})

    anonymous = await gql(client, UPDATE_MEMBER, change)
    keyed = await gql(
        client, UPDATE_MEMBER, change, key=await make_key("fund centre", "members:read")
    )
    await as_member(client, "TYDS0001")
    own = await gql(client, UPDATE_MEMBER, change)

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(keyed) == ["FORBIDDEN"]
    assert codes(own) == ["FORBIDDEN"]
    assert (await Member.get(member_no="TYDS0001")).status == "active"


async def test_fleets_and_published_figures_are_connections_that_page(client):
    query = """
    query($after: String, $first: Int) {
      fleets(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { code }
      }
      publishedFigures(domain: "union", first: $first, after: $after) {
        totalCount nodes { key }
      }
    }
    """
    first = await gql(client, query, {"first": 4})
    cursor = first["data"]["fleets"]["pageInfo"]["endCursor"]
    rest = await gql(client, query, {"first": 4, "after": cursor})
    too_many = await gql(client, query, {"first": 101})

    fleets = first["data"]["fleets"]
    assert fleets["totalCount"] == 6 and fleets["pageInfo"]["hasNextPage"] is True
    codes_seen = [f["code"] for f in fleets["nodes"] + rest["data"]["fleets"]["nodes"]]
    assert len(codes_seen) == len(set(codes_seen)) == 6
    assert len(first["data"]["publishedFigures"]["nodes"]) == 4
    assert codes(too_many) == ["PAGE_SIZE_OUT_OF_RANGE"]
