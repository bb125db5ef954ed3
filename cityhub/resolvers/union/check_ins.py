"""Station check-ins (a member scans the station's code) and the usage (使用率) they add
up to: check-ins and distinct members per station per Asia/Shanghai day."""

from __future__ import annotations

import hmac
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from cityhub import clock
from cityhub.errors import BadInput, Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import MemberStatus
from cityhub.models.union.stations import Station
from cityhub.models.union.trade_union import TradeUnion
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.union.members import lock_member, member_for_account
from cityhub.resolvers.union.trade_union import UNION_CODE

CHECK_IN_FIELDS = ("id", "station_id", "member_id", "checked_in_at", "day")
USAGE_MAX_DAYS = 92  # one quarter per request keeps the answer and the scan bounded
CODE_MAX = 64
BATCH = 1_000


@dataclass(frozen=True)
class CheckIn:
    row: dict[str, Any]
    counted: bool  # False: a repeat within the union's window, answered with the earlier visit


def _code_matches(sent: str, expected: str | None) -> bool:
    if not expected or len(sent) > CODE_MAX:
        return False
    return hmac.compare_digest(sent.strip().encode(), expected.encode())


async def _checking_member(viewer: Viewer) -> dict[str, Any]:
    member = await member_for_account(viewer.account_id)
    if member is None:
        raise Rejected(Problem("NOT_A_MEMBER", N_("当前账户没有关联会员，不能签到"), None))
    if member["status"] != MemberStatus.ACTIVE:
        raise Rejected(Problem("MEMBERSHIP_INACTIVE", N_("会员资格已暂停或终止，不能签到"), None))
    return member


async def check_in(viewer: Viewer, station_id: int | None, code: str) -> CheckIn:
    """Record a visit; a repeat at the same station within the union's check-in window
    (policy data, 30 minutes as seeded) is not counted again."""
    station = None
    if station_id is not None:
        station = await Station.filter(id=station_id).first().values("id", "checkin_code")
    if station is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该驿站"), "station"))
    member = await _checking_member(viewer)
    if not _code_matches(code, station["checkin_code"]):
        raise Rejected(Problem("WRONG_CODE", N_("签到码不正确，请重新扫描驿站的二维码"), "code"))
    now = clock.now()
    window = timedelta(minutes=await repeat_minutes())
    async with in_transaction():
        # Two quick scans cannot both be counted.
        await lock_member(member["id"])
        recent = (
            await StationCheckIn.filter(
                member_id=member["id"],
                station_id=station["id"],
                checked_in_at__gt=now - window,
            )
            .order_by("-checked_in_at")
            .first()
            .values(*CHECK_IN_FIELDS)
        )
        if recent is not None:
            return CheckIn(recent, counted=False)
        created = await StationCheckIn.create(
            station_id=station["id"],
            member_id=member["id"],
            checked_in_at=now,
            day=clock.local_date(now),
        )
    return CheckIn({name: getattr(created, name) for name in CHECK_IN_FIELDS}, counted=True)


async def code_matches(station_id: int | None, code: str) -> bool:
    """Whether ``code`` is the station's check-in code: asked before the confirm button, so
    a wrong code is refused before anything is pressed."""
    if station_id is None:
        return False
    expected = await Station.filter(id=station_id).first().values_list("checkin_code", flat=True)
    return _code_matches(code, expected if isinstance(expected, str) else None)


async def recent_check_in(viewer: Viewer, station_id: int | None) -> dict[str, Any] | None:
    """The viewer's own visit to the station within the union's check-in window: what a
    "checked in" message may rest on (none for anyone else, or when there was no visit)."""
    member = await member_for_account(viewer.account_id)
    if member is None or station_id is None:
        return None
    window = timedelta(minutes=await repeat_minutes())
    since = clock.now() - window
    row: dict[str, Any] | None = (
        await StationCheckIn.filter(
            member_id=member["id"], station_id=station_id, checked_in_at__gt=since
        )
        .order_by("-checked_in_at")
        .first()
        .values(*CHECK_IN_FIELDS)
    )
    if row is not None:
        clock.changes_at(row["checked_in_at"] + window)  # no longer "recent" from then
    return row


async def repeat_minutes() -> int:
    union = await TradeUnion.get(code=UNION_CODE).values("check_in_repeat_minutes")
    minutes: int = union["check_in_repeat_minutes"]
    return minutes


def check_usage_range(start: date, end: date) -> None:
    """BAD_USER_INPUT unless start <= end and the range spans at most USAGE_MAX_DAYS."""
    if end < start:
        raise BadInput(N_("结束日期不能早于开始日期"), argument="to")
    if (end - start).days + 1 > USAGE_MAX_DAYS:
        raise BadInput(N_("一次最多查询 {max} 天的使用情况"), argument="to", max=USAGE_MAX_DAYS)


def _every_day(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _add_up(counted: dict[tuple[int, date], tuple[int, ...]], rows: list[dict[str, Any]]) -> None:
    """Grouped rows (by station, day and whether the member is sample) into (check-ins,
    members, sample check-ins, sample members) per station and day: a member is sample or
    not, so the two groups add up."""
    for row in rows:
        key = (row["station_id"], row["day"])
        sample = bool(row["member__is_sample"])
        before = counted.get(key, (0, 0, 0, 0))
        counted[key] = (
            before[0] + row["check_ins"],
            before[1] + row["members"],
            before[2] + (row["check_ins"] if sample else 0),
            before[3] + (row["members"] if sample else 0),
        )


async def usage_by_station(keys: list[tuple[int, date, date]]) -> list[list[dict[str, Any]]]:
    """For (station id, first day, last day) keys: every day's check-ins and distinct
    members, and how many of each are sample members', zero days included. One grouped
    statement per distinct range (usually one)."""
    counted: dict[tuple[int, date], tuple[int, ...]] = {}
    ranges: dict[tuple[date, date], set[int]] = defaultdict(set)
    for station_id, start, end in keys:
        ranges[(start, end)].add(station_id)
    for (start, end), station_ids in ranges.items():
        rows = (
            await StationCheckIn.filter(
                station_id__in=list(station_ids), day__gte=start, day__lte=end
            )
            .annotate(check_ins=Count("id"), members=Count("member_id", distinct=True))
            .group_by("station_id", "day", "member__is_sample")
            .values("station_id", "day", "member__is_sample", "check_ins", "members")
        )
        _add_up(counted, rows)
    return [
        [
            {
                "day": day,
                "check_ins": c[0],
                "distinct_members": c[1],
                "sample_check_ins": c[2],
                "sample_members": c[3],
            }
            for day in _every_day(start, end)
            for c in [counted.get((station_id, day), (0, 0, 0, 0))]
        ]
        for station_id, start, end in keys
    ]
