"""The broadcast queries and the sendBroadcast mutation (union staff and admins)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.tools import merge_types

from cityhub.resolvers import sms
from cityhub.resolvers.union import broadcast_segments, broadcasts
from cityhub.schema.connections import After, Connection, First, connection, node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.union.broadcasts import (
    STAFF_ONLY,
    Broadcast,
    BroadcastByIdLoader,
    SegmentKind,
    broadcasts_from_rows,
)
from cityhub.schema.union.consultations import ConsultationsMutation, ConsultationsQuery


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

    def spec(self) -> broadcast_segments.SegmentSpec:
        return broadcast_segments.SegmentSpec(
            kind=self.kind.value,
            program_id=_pk(self.program, "AidProgram"),
            fleet=self.fleet,
            station_id=_pk(self.station, "Station"),
            since=self.since,
        )


@strawberry.input(description="An SMS broadcast to send.")
class SendBroadcastInput:
    text: str = strawberry.field(description="The SMS text, 1-500 characters.")
    segment: BroadcastSegmentInput = strawberry.field(description="Who it is for.")
    request_key: str = strawberry.field(
        description="Your own ID for this request (8-64 letters, digits or . _ : -, e.g. a "
        "UUID). Sending again with the same key returns the same broadcast and sends only "
        "what is still queued: no member gets it twice."
    )


@strawberry.type(description="The broadcast, sent or partly sent.")
class SendBroadcastPayload:
    broadcast: Broadcast | None = strawberry.field(
        default=None, description="The broadcast; `queued` > 0 means send again to finish."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was sent."
    )


@strawberry.type(description="How many members a broadcast to a segment would reach.")
class BroadcastAudience:
    recipients: int = strawberry.field(description="Active members who would get the SMS.")
    skipped_opt_out: int = strawberry.field(
        description="Active members in the segment who opted out of broadcast SMS."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="What is wrong with the segment (counts are 0 then)."
    )


def _sender(info: Info) -> sms.SmsSender:
    """The sender CITYHUB_SMS_SENDER names (the app's settings; the default without one)."""
    app = getattr(info.context.request, "app", None)
    return sms.sender_named(app.state.settings.sms_sender if app is not None else "outbox")


@strawberry.type
class BroadcastsQuery:
    @strawberry.field(
        description="SMS broadcasts, newest first. Union staff.", extensions=STAFF_ONLY
    )
    async def broadcasts(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Broadcast]:
        page = await broadcasts.list_broadcasts(first=first, after=after)
        return connection(page, await broadcasts_from_rows(info, page.rows))

    @strawberry.field(
        description="One broadcast by its global ID. Union staff.", extensions=STAFF_ONLY
    )
    async def broadcast(self, info: Info, id: relay.GlobalID) -> Broadcast | None:
        broadcast_id = node_pk(id, "Broadcast")
        row = await info.context.loader(BroadcastByIdLoader).load(broadcast_id or 0)
        return (await broadcasts_from_rows(info, [row]))[0] if row else None

    @strawberry.field(
        description="How many members a broadcast to this segment would reach, before sending. "
        "Union staff.",
        extensions=STAFF_ONLY,
    )
    async def broadcast_audience(
        self, info: Info, segment: BroadcastSegmentInput
    ) -> BroadcastAudience:
        found, errors = await attempt(info, broadcast_segments.audience(segment.spec()))
        if found is None:
            return BroadcastAudience(recipients=0, skipped_opt_out=0, user_errors=errors)
        return BroadcastAudience(recipients=found.recipients, skipped_opt_out=found.skipped_opt_out)


@strawberry.type
class BroadcastsMutation:
    @strawberry.mutation(
        description="Send an SMS to a segment of members, skipping those who opted out. "
        "Idempotent by requestKey. Union staff and admins; no API key may send.",
        extensions=STAFF_ONLY,
    )
    async def send_broadcast(self, info: Info, input: SendBroadcastInput) -> SendBroadcastPayload:
        sending = broadcasts.send_broadcast(
            info.context.viewer,
            text=input.text,
            spec=input.segment.spec(),
            request_key=input.request_key,
            sender=_sender(info),
        )
        row, errors = await attempt(info, sending)
        broadcast = (await broadcasts_from_rows(info, [row]))[0] if row else None
        return SendBroadcastPayload(broadcast=broadcast, user_errors=errors)


# Broadcasts and the hotline they set ringing: one part of the union schema.
OutreachQuery = merge_types("OutreachQuery", (BroadcastsQuery, ConsultationsQuery))
OutreachMutation = merge_types("OutreachMutation", (BroadcastsMutation, ConsultationsMutation))
