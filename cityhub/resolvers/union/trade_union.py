"""The union itself: its figures (members against registered drivers), its policy numbers
and who works for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cityhub.cache.counts import counted
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.members import Member, MemberStatus
from cityhub.models.union.stations import Station, StationKind
from cityhub.models.union.trade_union import TradeUnion
from cityhub.resolvers import audit
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.registry import ADMIN

MEMBER = "member"  # a union member's own account
UNION_STAFF = "union_staff"
UNION_STAFF_ROLES = (UNION_STAFF, ADMIN)  # who runs the union's services
UNION_CODE = "taiyuan-drivers"


UNION_FIELDS = (
    "id",
    "code",
    "name",
    "registered_drivers",
    "registered_drivers_note",
    "name_en",
    "registered_drivers_note_en",
    "founded_on",
    "check_in_repeat_minutes",
)


CHECK_IN_REPEAT_RANGE = (1, 24 * 60)


@dataclass(frozen=True)
class UnionFigures:
    row: dict[str, Any]
    member_count: int
    station_count: int

    @property
    def membership_rate(self) -> float | None:
        """Members / registered drivers (入会率), computed, never stored."""
        drivers = self.row["registered_drivers"]
        return round(self.member_count / drivers, 4) if drivers else None


async def union_figures() -> UnionFigures:
    row = await TradeUnion.get(code=UNION_CODE).values(*UNION_FIELDS)
    members = await counted(Member.filter(status=MemberStatus.ACTIVE))
    stations = await counted(Station.filter(kind=StationKind.STATION))
    return UnionFigures(row=row, member_count=members, station_count=stations)


async def member_sample_count() -> int:
    """Of the live member count, the sample members."""
    return await counted(Member.filter(status=MemberStatus.ACTIVE, is_sample=True))


async def station_sample_count() -> int:
    """Of the live station count, the sample stations."""
    return await counted(Station.filter(kind=StationKind.STATION, is_sample=True))


async def update_union(
    viewer: Viewer,
    *,
    registered_drivers: int | None = None,
    check_in_repeat_minutes: int | None = None,
) -> UnionFigures:
    """Admins correct the registered-driver count or change the check-in policy; audited."""
    problems = []
    if registered_drivers is not None and not 0 < registered_drivers <= 10_000_000:
        problems.append(Problem("INVALID", N_("登记司机人数须为正整数"), "registeredDrivers"))
    low, high = CHECK_IN_REPEAT_RANGE
    if check_in_repeat_minutes is not None and not low <= check_in_repeat_minutes <= high:
        problems.append(
            Problem(
                "INVALID",
                N_("重复签到间隔须为 {min}-{max} 分钟"),
                "checkInRepeatMinutes",
                {"min": low, "max": high},
            )
        )
    if problems:
        raise Rejected(*problems)
    before = await TradeUnion.get(code=UNION_CODE).values(*UNION_FIELDS)
    after = {
        name: value
        for name, value in (
            ("registered_drivers", registered_drivers),
            ("check_in_repeat_minutes", check_in_repeat_minutes),
        )
        if value is not None
    }
    if changes := audit.differences(before, after):
        await TradeUnion.filter(id=before["id"]).update(**after)
        await audit.record(viewer, "union.update", "trade_union", before["id"], changes)
    return await union_figures()
