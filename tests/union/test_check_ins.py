"""Check-ins through GraphQL: scanning a station's code, repeats, bad codes, who may."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from cityhub import clock
from cityhub.models.audit import AuditEntry
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Member
from cityhub.models.union.stations import Station
from cityhub.resolvers.union.members import link_account
from cityhub.seeding.union.check_ins import generate_check_ins
from tests.helpers import codes, gql, make_account, make_key, sign_in

CHECK_IN = """
mutation($input: CheckInAtStationInput!) {
  checkInAtStation(input: $input) {
    counted
    checkIn { checkedInAt day station { code } }
    userErrors { field code message }
  }
}
"""
CODE = "query($id: ID!) { station(id: $id) { name checkinCode } }"


def global_id(station: Station) -> str:
    return base64.b64encode(f"Station:{station.id}".encode()).decode()


async def signed_in_member(client, username: str = "driver", member_no: str = "TYDS0001"):
    account = await make_account(username, "member")
    await link_account(member_no, account["id"])
    await sign_in(client, username)


@pytest.fixture
async def station() -> Station:
    return await Station.get(code="xd-dianzijie")


async def _scan(client, station: Station, code: str | None = None, **kwargs) -> dict:
    variables = {"input": {"station": global_id(station), "code": code or station.checkin_code}}
    return await gql(client, CHECK_IN, variables, **kwargs)


async def test_a_member_checks_in_with_the_stations_code(client, station):
    await signed_in_member(client)

    body = await _scan(client, station)

    payload = body["data"]["checkInAtStation"]
    assert payload["userErrors"] == [] and payload["counted"] is True
    assert payload["checkIn"]["station"] == {"code": "xd-dianzijie"}
    assert payload["checkIn"]["day"] == clock.today().isoformat()
    assert await StationCheckIn.filter(station_id=station.id).count() == 1


async def test_a_repeat_within_30_minutes_is_not_counted_again(client, station):
    await signed_in_member(client)
    first = await _scan(client, station)

    again = await _scan(client, station)

    assert again["data"]["checkInAtStation"]["counted"] is False
    assert again["data"]["checkInAtStation"]["userErrors"] == []
    assert (
        again["data"]["checkInAtStation"]["checkIn"]["checkedInAt"]
        == first["data"]["checkInAtStation"]["checkIn"]["checkedInAt"]
    )
    assert await StationCheckIn.filter(station_id=station.id).count() == 1


async def test_scans_sent_at_once_count_one_visit(client, station):
    import asyncio

    await signed_in_member(client)

    bodies = await asyncio.gather(*(_scan(client, station) for _ in range(3)))

    counted = sorted(b["data"]["checkInAtStation"]["counted"] for b in bodies)
    assert counted == [False, False, True]
    assert await StationCheckIn.filter(station_id=station.id).count() == 1


async def test_after_30_minutes_or_at_another_station_it_counts(client, station):
    await signed_in_member(client)
    await _scan(client, station)
    other = await Station.get(code="xd-changfeng")
    elsewhere = await _scan(client, other)
    await StationCheckIn.filter(station_id=station.id).update(
        checked_in_at=clock.now() - timedelta(minutes=31)
    )

    later = await _scan(client, station)

    assert elsewhere["data"]["checkInAtStation"]["counted"] is True
    assert later["data"]["checkInAtStation"]["counted"] is True
    assert await StationCheckIn.filter(station_id=station.id).count() == 2


POLICY = """
mutation($minutes: Int) {
  updateUnion(input: {checkInRepeatMinutes: $minutes}) {
    union { checkInRepeatMinutes } userErrors { field code }
  }
}
"""


async def test_an_admin_changes_the_repeat_window_and_it_applies_at_once(client, station):
    await make_account("root", "admin")
    await sign_in(client, "root")
    changed = await gql(client, POLICY, {"minutes": 10})
    await signed_in_member(client)
    await _scan(client, station)
    await StationCheckIn.filter(station_id=station.id).update(
        checked_in_at=clock.now() - timedelta(minutes=11)
    )

    later = await _scan(client, station)

    assert changed["data"]["updateUnion"]["union"] == {"checkInRepeatMinutes": 10}
    assert later["data"]["checkInAtStation"]["counted"] is True
    (entry,) = await AuditEntry.filter(action="union.update").values("changes")
    assert entry["changes"] == {"check_in_repeat_minutes": [30, 10]}


@pytest.mark.parametrize("minutes", [0, -5, 1441])
async def test_a_repeat_window_out_of_range_is_refused_and_nothing_changes(client, minutes):
    await make_account("root", "admin")
    await sign_in(client, "root")

    body = await gql(client, POLICY, {"minutes": minutes})
    union = await gql(client, "{ union { checkInRepeatMinutes } }")

    assert body["data"]["updateUnion"]["userErrors"] == [
        {"field": "checkInRepeatMinutes", "code": "INVALID"}
    ]
    assert union["data"]["union"]["checkInRepeatMinutes"] == 30
    assert await AuditEntry.filter(action="union.update").count() == 0


@pytest.mark.parametrize("code", ["wrong-code", "", "签到" * 40, "x" * 65])
async def test_a_wrong_code_is_refused_and_nothing_is_written(client, station, code):
    await signed_in_member(client)

    body = await _scan(client, station, code=code or " ")

    payload = body["data"]["checkInAtStation"]
    assert payload["checkIn"] is None and payload["counted"] is False
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [("code", "WRONG_CODE")]
    assert await StationCheckIn.all().count() == 0


async def test_another_stations_code_is_a_wrong_code(client, station):
    await signed_in_member(client)
    other = await Station.get(code="xd-changfeng")

    body = await _scan(client, station, code=other.checkin_code)

    assert body["data"]["checkInAtStation"]["userErrors"][0]["code"] == "WRONG_CODE"


async def test_accounts_without_an_active_membership_cannot_check_in(client, station):
    await make_account("citizen", "citizen")
    await sign_in(client, "citizen")
    not_member = await _scan(client, station)
    await signed_in_member(client, "former", "TYDS0006")  # status: left
    former = await _scan(client, station)

    assert not_member["data"]["checkInAtStation"]["userErrors"][0]["code"] == "NOT_A_MEMBER"
    assert former["data"]["checkInAtStation"]["userErrors"][0]["code"] == "MEMBERSHIP_INACTIVE"
    assert await StationCheckIn.all().count() == 0


async def test_anonymous_visitors_and_api_keys_must_sign_in(client, station):
    key = await make_key("map app", "stations:write", "stations:usage")

    anonymous = await _scan(client, station)
    with_key = await _scan(client, station, key=key)

    assert codes(anonymous) == codes(with_key) == ["UNAUTHENTICATED"]
    assert await StationCheckIn.all().count() == 0


async def test_an_unknown_station_is_not_found(client):
    await signed_in_member(client)

    body = await gql(
        client, CHECK_IN, {"input": {"station": "U3RhdGlvbjo5OTk5", "code": "whatever"}}
    )
    wrong_type = await gql(client, CHECK_IN, {"input": {"station": "QXBpS2V5OjE=", "code": "x"}})

    assert body["data"]["checkInAtStation"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert wrong_type["data"]["checkInAtStation"]["userErrors"][0]["field"] == "station"


async def test_only_union_staff_and_admins_read_the_check_in_code(client, station):
    key = await make_key("everything", "stations:write", "stations:usage", "members:read")
    anonymous = await gql(client, CODE, {"id": global_id(station)})
    partner = await gql(client, CODE, {"id": global_id(station)}, key=key)
    await signed_in_member(client)
    member = await gql(client, CODE, {"id": global_id(station)})
    await make_account("staff", "union_staff")
    await sign_in(client, "staff")
    staff = await gql(client, CODE, {"id": global_id(station)})

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(partner) == codes(member) == ["FORBIDDEN"]
    for refused in (anonymous, partner, member):
        assert refused["data"]["station"] == {"name": station.name, "checkinCode": None}
    assert staff["data"]["station"]["checkinCode"] == station.checkin_code


async def test_every_station_has_its_own_code(client):
    found = await Station.all().values_list("checkin_code", flat=True)

    assert all(found) and len(set(found)) == len(found) == 36
    assert all(len(code) >= 16 for code in found)


async def test_the_generator_writes_sample_check_ins_by_active_members(client):
    active = set(await Member.filter(status="active").values_list("id", flat=True))

    written = await generate_check_ins(sorted(active), 2_500, 7, lambda *progress: None)

    rows = await StationCheckIn.all().values("member_id", "day", "checked_in_at")
    assert written == len(rows) == 2_500
    assert {row["member_id"] for row in rows} <= active
    today = clock.today()
    for row in rows:
        assert today - timedelta(days=90) < row["day"] <= today
        assert clock.local_date(row["checked_in_at"]) == row["day"]
        assert row["checked_in_at"] <= clock.now()
    assert await generate_check_ins(sorted(active), 0, 7, lambda *progress: None) == 0


CODE_MATCHES = "query($id: ID!, $code: String!) { checkInCodeMatches(station: $id, code: $code) }"
RECENT = "query($id: ID!) { myRecentCheckIn(station: $id) { checkedInAt station { code } } }"


async def test_a_code_is_checked_for_signed_in_accounts_and_a_visit_is_yours_only(
    client, monkeypatch
):
    station = await Station.get(code="xd-dianzijie")
    key = await make_key("maps", "stations:write")
    anonymous = await gql(client, CODE_MATCHES, {"id": global_id(station), "code": "x"})
    with_key = await gql(client, RECENT, {"id": global_id(station)}, key=key)
    await signed_in_member(client)
    right = await gql(
        client, CODE_MATCHES, {"id": global_id(station), "code": station.checkin_code}
    )
    wrong = await gql(client, CODE_MATCHES, {"id": global_id(station), "code": "forged"})
    before = await gql(client, RECENT, {"id": global_id(station)})
    visit = {"input": {"station": global_id(station), "code": station.checkin_code}}
    await gql(client, CHECK_IN, visit)
    after = await gql(client, RECENT, {"id": global_id(station)})
    moment = clock.now() + timedelta(minutes=31)
    monkeypatch.setattr(clock, "now", lambda: moment)
    later = await gql(client, RECENT, {"id": global_id(station)})

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert with_key["data"]["myRecentCheckIn"] is None
    assert right["data"]["checkInCodeMatches"] is True
    assert wrong["data"]["checkInCodeMatches"] is False
    assert before["data"]["myRecentCheckIn"] is None
    assert after["data"]["myRecentCheckIn"]["station"]["code"] == "xd-dianzijie"
    assert later["data"]["myRecentCheckIn"] is None  # past the union's 30-minute window
