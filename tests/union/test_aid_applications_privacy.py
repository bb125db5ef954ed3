"""Who reads aid applications: the applicant and union staff in full, aid:read keys masked."""

from __future__ import annotations

from tests.helpers import (
    codes,
    count_statements,
    gql,
    make_account,
    make_key,
    sign_in,
)
from tests.union.aid_support import as_member, as_staff, program_id

LIST = """
query($first: Int, $after: String, $program: ID, $state: AidApplicationState) {
  aidApplications(first: $first, after: $after, program: $program, state: $state) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id reference state childName school selfPaidAmount approvedAmount paidAmount hospital
      channel category { code name }
      member { name phone memberNo }
      program { code }
      attachments { filename }
      timeline { action actor note }
    }
  }
}
"""
MINE = """
{ viewer { aidApplications { totalCount nodes {
    id reference state childName school paidAmount channel member { name }
    timeline { action toState isPublic }
} } } }
"""
NODE = "query($id: ID!) { node(id: $id) { ... on AidApplication { reference childName } } }"


async def test_the_applicant_sees_their_own_applications_in_full(client):
    await as_member(client, "TYDS0002")  # 肖师傅

    body = await gql(client, MINE)

    mine = body["data"]["viewer"]["aidApplications"]
    assert mine["totalCount"] == 2
    assert [a["childName"] for a in mine["nodes"]] == ["肖雨涵", "肖雨泽"]
    assert {a["member"]["name"] for a in mine["nodes"]} == {"肖师傅"}
    assert sum(float(a["paidAmount"]) for a in mine["nodes"]) == 15200
    assert [t["toState"] for t in mine["nodes"][0]["timeline"]] == [
        "submitted",
        "under_review",
        "approved",
        "paid",
    ]


async def test_another_member_sees_none_of_them(client):
    await as_member(client, "TYDS0002")
    xiao = (await gql(client, MINE))["data"]["viewer"]["aidApplications"]["nodes"][0]["id"]
    await as_member(client, "TYDS0001")

    by_node = await gql(client, NODE, {"id": xiao})
    listed = await gql(client, LIST)
    own = await gql(client, MINE)

    assert by_node["data"]["node"] is None
    assert codes(listed) == ["FORBIDDEN"]
    assert [a["reference"] for a in own["data"]["viewer"]["aidApplications"]["nodes"]] == [
        "YL2024-000011"
    ]


async def test_union_staff_list_and_filter_applications_with_personal_data(client):
    await as_staff(client)
    program = await program_id(client, "jinqiu-2024")

    body = await gql(client, LIST, {"first": 100, "program": program, "state": "PAID"})

    paid = body["data"]["aidApplications"]
    assert paid["totalCount"] == 3
    first = paid["nodes"][0]
    assert first["childName"] == "肖雨涵" and first["school"] == "山西大学"
    assert first["member"]["name"] == "肖师傅"
    assert first["paidAmount"] == "7600.00"
    assert first["channel"] in ("HARDSHIP_REGISTER", "NON_HARDSHIP")
    assert first["timeline"][-1]["actor"] == "工会工作人员（示例）"


async def test_a_key_with_aid_read_sees_the_list_masked(client):
    key = await make_key("city federation", "aid:read")
    program = await program_id(client, "jinqiu-2024")

    body = await gql(client, LIST, {"first": 2, "program": program}, key=key)

    application = body["data"]["aidApplications"]["nodes"][0]
    assert application["reference"] == "JQ2024-000001"
    assert application["childName"] == "肖**"
    assert application["member"]["name"] == "肖**"
    assert "*" in application["member"]["phone"]
    personal_fields = (
        "school",
        "channel",
        "category",
        "selfPaidAmount",
        "approvedAmount",
        "paidAmount",
        "hospital",
    )
    for personal in personal_fields:
        assert application[personal] is None, personal
    assert application["attachments"] == []
    assert {(t["actor"], t["note"]) for t in application["timeline"]} == {(None, None)}


async def test_a_key_with_aid_read_gets_masked_nodes_and_none_without_the_scope(client):
    scoped = await make_key("city federation", "aid:read")
    plain = await make_key("map app", "stations:write")
    listed = await gql(client, LIST, {"first": 1}, key=scoped)
    application = listed["data"]["aidApplications"]["nodes"][0]["id"]

    by_scoped = await gql(client, NODE, {"id": application}, key=scoped)
    by_plain = await gql(client, NODE, {"id": application}, key=plain)
    refused = await gql(client, LIST, key=plain)

    assert by_scoped["data"]["node"]["childName"] == "肖**"
    assert by_plain["data"]["node"] is None
    assert codes(refused) == ["FORBIDDEN"]


async def test_anonymous_and_members_cannot_list_applications(client):
    anonymous = await gql(client, LIST)
    own_for_anonymous = await gql(client, MINE)
    await make_account("citizen", "citizen")
    await sign_in(client, "citizen")
    citizen = await gql(client, LIST)

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert own_for_anonymous["data"]["viewer"]["aidApplications"]["totalCount"] == 0
    assert codes(citizen) == ["FORBIDDEN"]


async def test_pages_follow_the_cursor(client):
    await as_staff(client)
    seen, after = [], None
    while True:
        page = (await gql(client, LIST, {"first": 7, "after": after}))["data"]["aidApplications"]
        seen += [a["reference"] for a in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert len(seen) == len(set(seen)) == 30


async def test_the_list_runs_the_same_statements_for_12_and_30_applications(client):
    await as_staff(client)

    async def statements(first: int) -> int:
        count, data = await count_statements(client, LIST, {"first": first})
        assert len(data["aidApplications"]["nodes"]) == first
        return count

    # 10 student-aid applications come first; 12 holds 2 medical claims, whose
    # categories one statement loads (as for 30).
    assert (await statements(12), await statements(30)) == (9, 9)


async def test_the_viewers_list_runs_the_same_statements_for_1_and_2_applications(client):
    await as_member(client, "TYDS0002")
    query = "query($n: Int) { viewer { aidApplications(first: $n) { nodes { reference timeline { action } member { name } program { code } } } } }"  # noqa: E501

    async def statements(first: int) -> int:
        count, data = await count_statements(client, query, {"n": first})
        assert len(data["viewer"]["aidApplications"]["nodes"]) == first
        return count

    assert (await statements(1), await statements(2)) == (7, 7)
