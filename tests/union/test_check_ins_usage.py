"""Station usage (使用率): check-ins per Asia/Shanghai day, who may read it, its limits."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime

import pytest

from cityhub import clock
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Member
from cityhub.models.union.stations import Station
from cityhub.resolvers.union.members import link_account
from tests.helpers import (
    codes,
    count_statements,
    gql,
    make_account,
    make_key,
    sign_in,
)

USAGE = """
query($id: ID!, $from: Date!, $to: Date!) {
  station(id: $id) { code usage(from: $from, to: $to) { date checkIns distinctMembers } }
}
"""
LIST_USAGE = """
query($first: Int) {
  stations(first: $first) { nodes { id usage(from: "2024-05-01", to: "2024-05-31") { checkIns } } }
}
"""
CHECK_IN = """
mutation($input: CheckInAtStationInput!) {
  checkInAtStation(input: $input) { counted checkIn { day } userErrors { code } }
}
"""


def global_id(station: Station) -> str:
    return base64.b64encode(f"Station:{station.id}".encode()).decode()


async def _visit(station: Station, member: Member, at: str) -> None:
    moment = datetime.fromisoformat(at)
    await StationCheckIn.create(
        station=station, member=member, checked_in_at=moment, day=clock.local_date(moment)
    )


@pytest.fixture
async def visits() -> Station:
    """Three visits by two members on 5-6 (Taiyuan), one on 5-7 just after midnight."""
    station = await Station.get(code="xd-dianzijie")
    first, second = await Member.filter(status="active").order_by("id").limit(2)
    await _visit(station, first, "2024-05-06T01:00:00+00:00")
    await _visit(station, first, "2024-05-06T09:00:00+00:00")
    await _visit(station, second, "2024-05-06T15:59:00+00:00")  # 23:59 in Taiyuan
    await _visit(station, second, "2024-05-06T16:00:00+00:00")  # 00:00 on 5-7
    return station


async def _staff(client, role: str = "union_staff") -> None:
    await make_account(role, role)
    await sign_in(client, role)


async def test_staff_see_each_taiyuan_day_with_zero_days_included(client, visits):
    await _staff(client)

    body = await gql(
        client, USAGE, {"id": global_id(visits), "from": "2024-05-05", "to": "2024-05-08"}
    )

    assert body["data"]["station"]["usage"] == [
        {"date": "2024-05-05", "checkIns": 0, "distinctMembers": 0},
        {"date": "2024-05-06", "checkIns": 3, "distinctMembers": 2},
        {"date": "2024-05-07", "checkIns": 1, "distinctMembers": 1},
        {"date": "2024-05-08", "checkIns": 0, "distinctMembers": 0},
    ]


async def test_a_check_in_just_after_local_midnight_counts_for_the_new_day(
    client, visits, monkeypatch
):
    account = await make_account("driver", "member")
    await link_account("TYDS0003", account["id"])
    await sign_in(client, "driver")
    monkeypatch.setattr(clock, "now", lambda: datetime(2024, 5, 7, 16, 30, tzinfo=UTC))

    body = await gql(
        client, CHECK_IN, {"input": {"station": global_id(visits), "code": visits.checkin_code}}
    )

    assert body["data"]["checkInAtStation"]["checkIn"]["day"] == "2024-05-08"


@pytest.mark.parametrize("role", ["union_staff", "admin"])
async def test_union_staff_and_admins_may_read_usage(client, visits, role):
    await _staff(client, role)

    body = await gql(
        client, USAGE, {"id": global_id(visits), "from": "2024-05-06", "to": "2024-05-06"}
    )

    assert body["data"]["station"]["usage"][0]["checkIns"] == 3


async def test_a_key_needs_the_stations_usage_scope(client, visits):
    allowed = await make_key("district office", "stations:usage")
    refused = await make_key("map app", "stations:write", "members:read")
    variables = {"id": global_id(visits), "from": "2024-05-06", "to": "2024-05-06"}

    with_scope = await gql(client, USAGE, variables, key=allowed)
    without = await gql(client, USAGE, variables, key=refused)

    assert with_scope["data"]["station"]["usage"][0] == {
        "date": "2024-05-06",
        "checkIns": 3,
        "distinctMembers": 2,
    }
    assert codes(without) == ["FORBIDDEN"]
    assert without["data"]["station"] == {"code": "xd-dianzijie", "usage": None}


async def test_anonymous_visitors_and_members_may_not(client, visits):
    variables = {"id": global_id(visits), "from": "2024-05-06", "to": "2024-05-06"}
    anonymous = await gql(client, USAGE, variables)
    account = await make_account("driver", "member")
    await link_account("TYDS0001", account["id"])
    await sign_in(client, "driver")
    member = await gql(client, USAGE, variables)

    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(member) == ["FORBIDDEN"]
    assert member["data"]["station"]["usage"] is None


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ("2024-01-01", "2024-04-02", "BAD_USER_INPUT"),  # 93 days
        ("2024-05-07", "2024-05-06", "BAD_USER_INPUT"),
        ("2024-02-30", "2024-03-01", "BAD_USER_INPUT"),
        ("yesterday", "2024-03-01", "BAD_USER_INPUT"),
    ],
)
async def test_bad_ranges_are_clear_errors(client, visits, start, end, code):
    await _staff(client)

    body = await gql(client, USAGE, {"id": global_id(visits), "from": start, "to": end})

    assert codes(body) == [code]


async def test_92_days_is_the_longest_range(client, visits):
    await _staff(client)

    body = await gql(
        client, USAGE, {"id": global_id(visits), "from": "2024-04-01", "to": "2024-07-01"}
    )

    usage = body["data"]["station"]["usage"]
    assert len(usage) == 92 and date.fromisoformat(usage[-1]["date"]) == date(2024, 7, 1)


async def test_usage_for_a_list_is_one_statement_whatever_its_length(client, visits):
    await _staff(client)

    async def statements_for(first: int) -> int:
        count, data = await count_statements(client, LIST_USAGE, {"first": first})
        assert len(data["stations"]["nodes"]) == first
        return count

    assert (await statements_for(3), await statements_for(35)) == (4, 4)
