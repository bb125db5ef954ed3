"""Enrolment in medical mutual aid: idempotent, for all active members at once, staff only."""

from __future__ import annotations

from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.aid_programs import AidProgram
from cityhub.models.union.members import Member, MemberStatus
from tests.helpers import codes, gql, make_account, make_key, sign_in
from tests.union.aid_support import as_member

ENROLL = """
mutation($input: EnrollMembersInput!) {
  enrollMembers(input: $input) {
    aidProgram { code }
    newlyEnrolled alreadyEnrolled
    userErrors { field code }
  }
}
"""
MEMBERS = "query($text: String) { members(text: $text) { nodes { id } } }"
PROGRAM = "query($code: String) { aidProgram(code: $code) { id } }"
ENROLLED = """
query($code: String) { aidProgram(code: $code) { viewerEnrolled statistics { enrolled } } }
"""


async def ids(client) -> tuple[str, str]:
    program = (await gql(client, PROGRAM, {"code": "medical-2023"}))["data"]["aidProgram"]["id"]
    member = (await gql(client, MEMBERS, {"text": "TYDS0040"}))["data"]["members"]["nodes"][0]
    return program, member["id"]


async def staff(client) -> None:
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")


async def enrolled_in(code: str) -> int:
    program = await AidProgram.get(code=code)
    return await AidEnrolment.filter(program_id=program.id).count()


async def test_enrolling_a_member_twice_enrols_once(client):
    await staff(client)
    program, member = await ids(client)

    first = await gql(client, ENROLL, {"input": {"program": program, "members": [member]}})
    again = await gql(client, ENROLL, {"input": {"program": program, "members": [member]}})

    assert first["data"]["enrollMembers"]["newlyEnrolled"] == 1
    assert again["data"]["enrollMembers"]["newlyEnrolled"] == 0
    assert again["data"]["enrollMembers"]["alreadyEnrolled"] == 1
    assert await enrolled_in("medical-2023") == 31


async def test_the_union_gifts_it_to_every_active_member_and_a_rerun_adds_nobody(client):
    await staff(client)
    program, _ = await ids(client)
    active = await Member.filter(status=MemberStatus.ACTIVE).count()

    gift = await gql(client, ENROLL, {"input": {"program": program, "allActive": True}})
    rerun = await gql(client, ENROLL, {"input": {"program": program, "allActive": True}})

    payload = gift["data"]["enrollMembers"]
    assert payload["newlyEnrolled"] + payload["alreadyEnrolled"] == active == 55
    assert payload["alreadyEnrolled"] == 27  # TYDS0001-0030 minus the three who left
    assert rerun["data"]["enrollMembers"]["newlyEnrolled"] == 0
    assert await enrolled_in("medical-2023") == 30 + 28
    read = await gql(client, ENROLLED, {"code": "medical-2023"})
    assert read["data"]["aidProgram"]["statistics"]["enrolled"] == 58


async def test_a_member_reads_whether_they_are_enrolled_and_others_read_null(client):
    anonymous = await gql(client, ENROLLED, {"code": "medical-2024"})
    await as_member(client, "TYDS0040")  # enrolled in 2024 only
    in_2024 = await gql(client, ENROLLED, {"code": "medical-2024"})
    in_2023 = await gql(client, ENROLLED, {"code": "medical-2023"})
    student = await gql(client, ENROLLED, {"code": "jinqiu-2024"})

    assert anonymous["data"]["aidProgram"]["viewerEnrolled"] is None
    assert in_2024["data"]["aidProgram"]["viewerEnrolled"] is True
    assert in_2023["data"]["aidProgram"]["viewerEnrolled"] is False
    assert student["data"]["aidProgram"]["viewerEnrolled"] is None
    assert student["data"]["aidProgram"]["statistics"]["enrolled"] == 0


async def test_bad_enrolments_are_user_errors_and_nothing_is_written(client):
    await staff(client)
    program, member = await ids(client)
    student = (await gql(client, PROGRAM, {"code": "jinqiu-2024"}))["data"]["aidProgram"]["id"]
    left = await Member.get(member_no="TYDS0006")
    left_id = (await gql(client, MEMBERS, {"text": "TYDS0006"}))["data"]["members"]["nodes"][0]

    nothing = await gql(client, ENROLL, {"input": {"program": program}})
    unknown = await gql(client, ENROLL, {"input": {"program": program, "members": [program]}})
    gone = await gql(client, ENROLL, {"input": {"program": program, "members": [left_id["id"]]}})
    wrong_kind = await gql(client, ENROLL, {"input": {"program": student, "members": [member]}})
    missing = await gql(
        client, ENROLL, {"input": {"program": "QWlkUHJvZ3JhbTo5OTk=", "members": [member]}}
    )

    def errors(body):
        return [(e["field"], e["code"]) for e in body["data"]["enrollMembers"]["userErrors"]]

    assert errors(nothing) == [("members", "NOTHING_TO_ENROL")]
    assert errors(unknown) == [("members", "UNKNOWN_MEMBER")]
    assert errors(gone) == [("members", "MEMBER_NOT_ACTIVE")]
    assert errors(wrong_kind) == [("program", "NOT_APPLICABLE")]
    assert errors(missing) == [("program", "NOT_FOUND")]
    assert left.status == MemberStatus.LEFT
    assert await enrolled_in("medical-2023") == 30


async def test_only_union_staff_and_admins_enrol(client):
    await staff(client)
    program, member = await ids(client)
    await sign_in(client, "staff")  # keep the ids, then try as others
    key = await make_key("fund centre", "aid:read", "members:read")
    await make_account("driver", "member")
    change = {"input": {"program": program, "members": [member]}}

    keyed = await gql(client, ENROLL, change, key=key)
    await sign_in(client, "driver")
    driver = await gql(client, ENROLL, change)
    client.cookies.clear()
    anonymous = await gql(client, ENROLL, change)

    assert codes(keyed) == ["FORBIDDEN"]
    assert codes(driver) == ["FORBIDDEN"]
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert await enrolled_in("medical-2023") == 30
