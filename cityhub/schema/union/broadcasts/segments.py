"""Broadcast segments in the schema: who a broadcast is for, and how many it would reach."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay

from cityhub.i18n import N_
from cityhub.models.union.broadcasts import Segment as SegmentValue
from cityhub.resolvers.union.broadcasts import segments
from cityhub.resolvers.union.trade_union import UNION_STAFF_ROLES
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.labels import labelled_enum
from cityhub.schema.permissions import allow
from cityhub.schema.union.aid_programs import AidProgram
from cityhub.schema.union.members import Fleet
from cityhub.schema.union.stations import Station

SegmentKind = SegmentValue
labelled_enum(
    SegmentKind,
    {
        SegmentValue.ALL_ACTIVE: N_("全部在册会员"),
        SegmentValue.PROGRAM_ENROLLED: N_("参加某个资助项目的会员"),
        SegmentValue.FLEET: N_("某车队或平台的会员"),
        SegmentValue.STATION_VISITORS: N_("在某驿站签到过的会员"),
    },
    name="BroadcastSegmentKind",
    description="Who a broadcast is for: all active members, a program-year's enrolled "
    "members, a fleet's members, or the members who checked in at a station since a date.",
)


# Broadcasts reach members' phones: union staff and admins only; no API key scope opens them.
BROADCASTERS = UNION_STAFF_ROLES


STAFF_ONLY = allow(roles=BROADCASTERS)


@strawberry.type(description="The segment a broadcast was sent to.")
class BroadcastSegment:
    kind: SegmentKind = strawberry.field(description="Which kind of segment.")
    program: AidProgram | None = strawberry.field(
        description="PROGRAM_ENROLLED: the aid program-year whose enrolled members it reached."
    )
    fleet: Fleet | None = strawberry.field(description="FLEET: the company or platform.")
    station: Station | None = strawberry.field(description="STATION_VISITORS: the station.")
    since: dt.date | None = strawberry.field(
        description="STATION_VISITORS: check-ins counted from this Asia/Shanghai day on."
    )


def _pk(global_id: relay.GlobalID | None, type_name: str) -> int | None:
    """None when not given; 0 (matching nothing) when it is not a ``type_name`` ID."""
    return None if global_id is None else (node_pk(global_id, type_name) or 0)


@strawberry.input(
    description="Who a broadcast is for. Give exactly the parameters its kind takes: "
    "PROGRAM_ENROLLED program; FLEET fleet; STATION_VISITORS station and since."
)
class BroadcastSegmentInput:
    kind: SegmentKind = strawberry.field(description="Which kind of segment.")
    program: relay.GlobalID | None = strawberry.field(
        default=None, description="An aid program's global ID (see `aidPrograms`)."
    )
    fleet: str | None = strawberry.field(default=None, description="A fleet code (see `fleets`).")
    station: relay.GlobalID | None = strawberry.field(
        default=None, description="A station's global ID."
    )
    since: dt.date | None = strawberry.field(
        default=None, description="Members who checked in at the station on or after this day."
    )

    def spec(self) -> segments.SegmentSpec:
        return segments.SegmentSpec(
            kind=self.kind.value,
            program_id=_pk(self.program, "AidProgram"),
            fleet=self.fleet,
            station_id=_pk(self.station, "Station"),
            since=self.since,
        )


@strawberry.type(description="How many members a broadcast to a segment would reach.")
class BroadcastAudience:
    recipients: int = strawberry.field(
        description="Active members who would get a copy (sample members included: see "
        "sample). Give it as sendBroadcast's expectedRecipients."
    )
    sample: int = strawberry.field(
        description="Of the recipients, sample members: their copies are held in the outbox, "
        "never handed to a gateway."
    )
    skipped_opt_out: int = strawberry.field(
        description="Active members in the segment who opted out of broadcast SMS."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="What is wrong with the segment (counts are 0 then)."
    )


@strawberry.type
class BroadcastAudienceQuery:
    @strawberry.field(
        description="How many members a broadcast to this segment would reach, before sending. "
        "Union staff.",
        extensions=STAFF_ONLY,
    )
    async def broadcast_audience(
        self, info: Info, segment: BroadcastSegmentInput
    ) -> BroadcastAudience:
        found, errors = await attempt(info, segments.audience(segment.spec()))
        if found is None:
            return BroadcastAudience(recipients=0, sample=0, skipped_opt_out=0, user_errors=errors)
        return BroadcastAudience(
            recipients=found.recipients, sample=found.sample, skipped_opt_out=found.skipped_opt_out
        )
