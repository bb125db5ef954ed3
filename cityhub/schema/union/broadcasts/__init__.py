"""Broadcast SMS in the schema: for union staff and admins only, never for API keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub.models.union.broadcasts import DeliveryStatus as DeliveryStatusValue
from cityhub.resolvers import sms
from cityhub.resolvers.privacy import can_read_personal, mask_phone
from cityhub.resolvers.union import broadcasts
from cityhub.schema.accounts import Account, AccountByIdLoader
from cityhub.schema.connections import After, Connection, First, connection, node_pk, node_pks
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.union.aid_programs import AidProgram, AidProgramByIdLoader
from cityhub.schema.union.broadcasts.segments import (
    BROADCASTERS,
    STAFF_ONLY,
    BroadcastSegment,
    BroadcastSegmentInput,
)
from cityhub.schema.union.members import (
    Fleet,
    FleetByIdLoader,
    Member,
    MemberByIdLoader,
    members_from_rows,
)
from cityhub.schema.union.stations import StationByIdLoader, stations_from_rows

DeliveryStatus = DeliveryStatusValue
strawberry.enum(
    DeliveryStatus,
    name="BroadcastDeliveryStatus",
    description="Queued (not sent yet), sent, failed (refused by the gateway for good), or "
    "opted out (the member opted out while the delivery waited; nothing was sent).",
)


class BroadcastByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=broadcasts.broadcasts_by_id)


class DeliveryCountsByBroadcastLoader(DataLoader[int, dict[str, int]]):
    def __init__(self) -> None:
        super().__init__(load_fn=broadcasts.delivery_counts)


@strawberry.type(description="One member's copy of a broadcast.")
class BroadcastDelivery:
    member: Member = strawberry.field(description="Who it was for.")
    phone: str = strawberry.field(description="The number it went to (masked for non-staff).")
    status: DeliveryStatus = strawberry.field(
        description="Queued, sent, failed or opted out (not sent)."
    )
    sent_at: dt.datetime | None = strawberry.field(description="When it was sent (UTC).")


@strawberry.type(
    description="An SMS broadcast to a segment of members, with delivery counts. "
    "Union staff and admins only."
)
class Broadcast(relay.Node):
    id: relay.NodeID[int]
    text: str = strawberry.field(description="The SMS text, 1-500 characters.")
    segment: BroadcastSegment = strawberry.field(description="Who it was for.")
    created_at: dt.datetime = strawberry.field(description="When it was composed (UTC).")
    sent_at: dt.datetime | None = strawberry.field(
        description="When the last queued message left (UTC); null while some are queued."
    )
    created_by: Account | None = strawberry.field(description="The staff member who sent it.")
    recipients: int = strawberry.field(description="Deliveries made: members reached.")
    sent: int = strawberry.field(description="Deliveries sent.")
    failed: int = strawberry.field(description="Deliveries the gateway refused for good.")
    queued: int = strawberry.field(
        description="Deliveries not sent yet: the sender stopped; send again with the same "
        "requestKey to finish."
    )
    skipped_opt_out: int = strawberry.field(
        description="Members in the segment left out because they opted out of broadcast SMS."
    )
    opted_out_while_queued: int = strawberry.field(
        description="Deliveries not sent because the member opted out after the broadcast was "
        "composed and before their message left (a resumed send reads opt-out again)."
    )

    @strawberry.field(
        description="Each member's copy, in member order. Ask for it through `broadcast(id)`: "
        "in a list of broadcasts each one costs its own page query."
    )
    async def deliveries(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: Annotated[
            DeliveryStatus | None, strawberry.argument(description="Only these.")
        ] = None,
    ) -> Connection[BroadcastDelivery]:
        page = await broadcasts.list_deliveries(
            self.id, status=status and status.value, first=first, after=after
        )
        return connection(page, await deliveries_from_rows(info, page.rows))

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        if not info.context.viewer.has_role(*BROADCASTERS):
            return [None for _ in node_ids]
        rows = await info.context.loader(BroadcastByIdLoader).load_many(
            [i or 0 for i in node_pks(node_ids)]
        )
        built = iter(await broadcasts_from_rows(info, [row for row in rows if row]))
        return [next(built) if row else None for row in rows]


async def _by_id(info: Info, loader: type[DataLoader], build, ids: list[int | None]) -> dict:
    """{id: object} for the non-null ``ids``, one batched load."""
    wanted = list(dict.fromkeys(i for i in ids if i is not None))
    rows = [row for row in await info.context.loader(loader).load_many(wanted) if row]
    return {row["id"]: obj for row, obj in zip(rows, await build(rows), strict=True)}


async def _programs(rows: list[dict]) -> list[AidProgram]:
    return [AidProgram.from_row(row) for row in rows]


async def _fleets(rows: list[dict]) -> list[Fleet]:
    return [Fleet.from_row(row) for row in rows]


async def _accounts(rows: list[dict]) -> list[Account]:
    return [Account.from_row(row) for row in rows]


async def broadcasts_from_rows(info: Info, rows: list[dict]) -> list[Broadcast]:
    """Broadcasts with their counts and segments: one batched load per relation."""
    counts = await info.context.loader(DeliveryCountsByBroadcastLoader).load_many(
        [row["id"] for row in rows]
    )
    programs = await _by_id(
        info, AidProgramByIdLoader, _programs, [r["segment_program_id"] for r in rows]
    )
    fleets = await _by_id(info, FleetByIdLoader, _fleets, [r["segment_fleet_id"] for r in rows])
    stations = await _by_id(
        info,
        StationByIdLoader,
        lambda found: stations_from_rows(info, found),
        [r["segment_station_id"] for r in rows],
    )
    accounts = await _by_id(info, AccountByIdLoader, _accounts, [r["created_by_id"] for r in rows])
    return [
        Broadcast(
            id=row["id"],
            text=row["text"],
            segment=BroadcastSegment(
                kind=row["segment"],
                program=programs.get(row["segment_program_id"]),
                fleet=fleets.get(row["segment_fleet_id"]),
                station=stations.get(row["segment_station_id"]),
                since=row["segment_since"],
            ),
            created_at=row["created_at"],
            sent_at=row["sent_at"],
            created_by=accounts.get(row["created_by_id"]),
            recipients=row["recipients"],
            sent=count.get(DeliveryStatusValue.SENT, 0),
            failed=count.get(DeliveryStatusValue.FAILED, 0),
            queued=count.get(DeliveryStatusValue.QUEUED, 0),
            skipped_opt_out=row["skipped_opt_out"],
            opted_out_while_queued=count.get(DeliveryStatusValue.OPTED_OUT, 0),
        )
        for row, count in zip(rows, counts, strict=True)
    ]


async def deliveries_from_rows(info: Info, rows: list[dict]) -> list[BroadcastDelivery]:
    loaded = await info.context.loader(MemberByIdLoader).load_many([r["member_id"] for r in rows])
    members = {m.id: m for m in await members_from_rows(info, [m for m in loaded if m])}
    owners = {m["id"]: m["account_id"] for m in loaded if m}
    viewer = info.context.viewer
    return [
        BroadcastDelivery(
            member=members[row["member_id"]],
            phone=row["phone"]
            if can_read_personal(viewer, owners[row["member_id"]], *BROADCASTERS)
            else mask_phone(row["phone"]),
            status=row["status"],
            sent_at=row["sent_at"],
        )
        for row in rows
    ]


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
