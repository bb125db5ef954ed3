"""Sending a broadcast in the schema: the mutation, which asks for the audience size the
sender confirmed, and what the SMS relay is doing (smsRelay)."""

from __future__ import annotations

import strawberry

from cityhub import relay
from cityhub.resolvers.union import broadcasts
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.union.broadcasts import Broadcast, broadcasts_from_rows
from cityhub.schema.union.broadcasts.segments import STAFF_ONLY, BroadcastSegmentInput


@strawberry.input(description="An SMS broadcast to send.")
class SendBroadcastInput:
    text: str = strawberry.field(description="The SMS text, 1-500 characters.")
    segment: BroadcastSegmentInput = strawberry.field(description="Who it is for.")
    request_key: str = strawberry.field(
        description="Your own ID for this request (8-64 letters, digits or . _ : -, e.g. a "
        "UUID). Sending again with the same key returns the same broadcast and queues only "
        "what is still pending: no member gets it twice."
    )
    expected_recipients: int | None = strawberry.field(
        default=None,
        description="How many members you confirmed it goes to: `broadcastAudience`'s "
        "recipients for this segment. Required for a new broadcast: without it the answer "
        "is AUDIENCE_NOT_CONFIRMED, and AUDIENCE_CHANGED (nothing sent) when the audience is "
        "no longer that size. Not checked when the requestKey's broadcast exists already.",
    )


@strawberry.type(description="The broadcast, queued or partly queued.")
class SendBroadcastPayload:
    broadcast: Broadcast | None = strawberry.field(
        default=None,
        description="The broadcast; `pending` > 0 means send again to finish queueing.",
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was sent."
    )


@strawberry.type(description="How broadcast SMS leave: the gateway and the relay.")
class SmsRelayStatus:
    gateway: str | None = strawberry.field(
        description="The SMS gateway messages are handed to (`tencent`); null when none is "
        "configured: messages then stay queued in the outbox."
    )
    relay_running: bool = strawberry.field(
        description="Whether a relay (the server's or `cityhub sms-relay`) holds the lease now."
    )


def _settings(info: Info):
    return info.context.request.app.state.settings


@strawberry.type
class SmsRelayQuery:
    @strawberry.field(
        description="Whether broadcast SMS can leave the outbox now. Union staff.",
        extensions=STAFF_ONLY,
    )
    async def sms_relay(self, info: Info) -> SmsRelayStatus:
        state = await relay.relay_state(_settings(info))
        return SmsRelayStatus(gateway=state.gateway or None, relay_running=bool(state.holder))


@strawberry.type
class BroadcastsMutation:
    @strawberry.mutation(
        description="Queue an SMS to a segment of members, skipping those who opted out; the "
        "SMS relay hands the copies to the gateway (copies to sample members are held). Give "
        "expectedRecipients. Idempotent by requestKey. Union staff and admins; no API key.",
        extensions=STAFF_ONLY,
    )
    async def send_broadcast(self, info: Info, input: SendBroadcastInput) -> SendBroadcastPayload:
        sending = broadcasts.send_broadcast(
            info.context.viewer,
            text=input.text,
            spec=input.segment.spec(),
            request_key=input.request_key,
            expected_recipients=input.expected_recipients,
        )
        row, errors = await attempt(info, sending)
        broadcast = (await broadcasts_from_rows(info, [row]))[0] if row else None
        return SendBroadcastPayload(broadcast=broadcast, user_errors=errors)
