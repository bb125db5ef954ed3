"""Who a broadcast reaches: the segments (all active members, a program-year's enrolled
members, a fleet, a station's visitors since a date) and their audience counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.aid_programs import AidProgram
from cityhub.models.union.broadcasts import Segment as Kind
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Fleet, Member, MemberStatus
from cityhub.models.union.stations import Station

# The broadcast columns that record its segment.
SEGMENT_COLUMNS = (
    "segment",
    "segment_program_id",
    "segment_fleet_id",
    "segment_station_id",
    "segment_since",
)


# Which parameters each kind of segment takes; any other one given is refused.
PARAMETERS = {
    Kind.ALL_ACTIVE: (),
    Kind.PROGRAM_ENROLLED: ("program",),
    Kind.FLEET: ("fleet",),
    Kind.STATION_VISITORS: ("station", "since"),
}


@dataclass(frozen=True)
class SegmentSpec:
    """Who a broadcast is for; ids of the wrong type arrive as 0 and match nothing."""

    kind: str
    program_id: int | None = None
    fleet: str | None = None
    station_id: int | None = None
    since: date | None = None

    def given(self) -> set[str]:
        values = {
            "program": self.program_id,
            "fleet": self.fleet,
            "station": self.station_id,
            "since": self.since,
        }
        return {name for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class Audience:
    recipients: int  # active members in the segment who take SMS
    skipped_opt_out: int
    sample: int = 0  # of the recipients, sample members: their messages are held, not sent


def _parameter_problems(spec: SegmentSpec) -> list[Problem]:
    wanted = PARAMETERS[Kind(spec.kind)]
    given = spec.given()
    problems = [
        Problem("MISSING_SEGMENT_PARAMETER", N_("请选择此人群所需的条件"), f"segment.{name}")
        for name in wanted
        if name not in given
    ]
    problems += [
        Problem("UNEXPECTED_SEGMENT_PARAMETER", N_("此人群不使用这个条件"), f"segment.{name}")
        for name in sorted(given - set(wanted))
    ]
    if spec.since is not None and spec.since > clock.today():
        problems.append(Problem("INVALID", N_("起始日期不能晚于今天"), "segment.since"))
    return problems


async def _enrolled(
    spec: SegmentSpec, members: QuerySet[Member]
) -> tuple[dict[str, Any], QuerySet[Member]]:
    if not await AidProgram.filter(id=spec.program_id).exists():
        raise Rejected(Problem("UNKNOWN_PROGRAM", N_("找不到该资助项目"), "segment.program"))
    enrolled = AidEnrolment.filter(program_id=spec.program_id).values("member_id")
    return {"segment_program_id": spec.program_id}, members.filter(id__in=Subquery(enrolled))


async def _fleet(
    spec: SegmentSpec, members: QuerySet[Member]
) -> tuple[dict[str, Any], QuerySet[Member]]:
    fleet = await Fleet.filter(code=spec.fleet).first().values("id")
    if fleet is None:
        raise Rejected(Problem("UNKNOWN_FLEET", N_("找不到该车队或公司"), "segment.fleet"))
    return {"segment_fleet_id": fleet["id"]}, members.filter(fleet_id=fleet["id"])


async def _visitors(
    spec: SegmentSpec, members: QuerySet[Member]
) -> tuple[dict[str, Any], QuerySet[Member]]:
    if not await Station.filter(id=spec.station_id).exists():
        raise Rejected(Problem("UNKNOWN_STATION", N_("找不到该驿站"), "segment.station"))
    visits = StationCheckIn.filter(station_id=spec.station_id, day__gte=spec.since)
    columns = {"segment_station_id": spec.station_id, "segment_since": spec.since}
    return columns, members.filter(id__in=Subquery(visits.values("member_id")))


NARROWERS = {Kind.PROGRAM_ENROLLED: _enrolled, Kind.FLEET: _fleet, Kind.STATION_VISITORS: _visitors}


async def resolve(spec: SegmentSpec) -> tuple[dict[str, Any], QuerySet[Member]]:
    """The broadcast's segment columns and the active members in it; Rejected if unknown."""
    if problems := _parameter_problems(spec):
        raise Rejected(*problems)
    columns = dict.fromkeys(SEGMENT_COLUMNS) | {"segment": spec.kind}
    members = Member.filter(status=MemberStatus.ACTIVE)
    if narrow := NARROWERS.get(Kind(spec.kind)):
        chosen, members = await narrow(spec, members)
        columns |= chosen
    return columns, members


async def count_audience(members: QuerySet[Member]) -> Audience:
    grouped = await (
        members.annotate(n=Count("id"))
        .group_by("sms_opt_out", "is_sample")
        .values_list("sms_opt_out", "is_sample", "n")
    )
    counts = {(bool(opt_out), bool(sample)): n for opt_out, sample, n in grouped}
    return Audience(
        recipients=counts.get((False, False), 0) + counts.get((False, True), 0),
        skipped_opt_out=counts.get((True, False), 0) + counts.get((True, True), 0),
        sample=counts.get((False, True), 0),
    )


async def audience(spec: SegmentSpec) -> Audience:
    """How many members a broadcast to ``spec`` would reach, and how many opted out."""
    _, members = await resolve(spec)
    return await count_audience(members)
