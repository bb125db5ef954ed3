"""Broadcast SMS in the schema: for union staff and admins only, never for API keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub.models.sms import SmsStatus
from cityhub.models.union.broadcasts import DeliveryStatus as DeliveryStatusValue
from cityhub.resolvers import sms
from cityhub.resolvers.union import broadcasts
from cityhub.schema.accounts import Account, AccountByIdLoader
from cityhub.schema.connections import After, Connection, First, connection, node_pk, node_pks
from cityhub.schema.context import Info
from cityhub.schema.union.aid_programs import AidProgram, AidProgramByIdLoader
from cityhub.schema.union.broadcasts.deliveries import (
    BroadcastDelivery,
    DeliveryStatus,
    deliveries_from_rows,
)
from cityhub.schema.union.broadcasts.segments import (
    BROADCASTERS,
    STAFF_ONLY,
    BroadcastSegment,
)
from cityhub.schema.union.members import Fleet, FleetByIdLoader
from cityhub.schema.union.stations import StationByIdLoader, stations_from_rows


class BroadcastByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=broadcasts.broadcasts_by_id)


class MessageCountsByBroadcastLoader(DataLoader[int, sms.BatchCounts]):
    def __init__(self) -> None:
        super().__init__(load_fn=broadcasts.message_counts)


class DeliveryCountsByBroadcastLoader(DataLoader[int, dict[str, int]]):
    def __init__(self) -> None:
        super().__init__(load_fn=broadcasts.delivery_counts)


@strawberry.type(
    description="An SMS broadcast to a segment of members, with delivery counts. "
    "Union staff and admins only."
)
class Broadcast(relay.Node):
    id: relay.NodeID[int]
    text: str = strawberry.field(description="The SMS text, 1-500 characters.")
    segment: BroadcastSegment = strawberry.field(description="Who it was for.")
    created_at: dt.datetime = strawberry.field(description="When it was composed (UTC).")
    queued_at: dt.datetime | None = strawberry.field(
        description="When the last copy was queued in the SMS outbox (UTC); null while some "
        "are pending. Queued is not sent: see handedOverAt and the counts."
    )
    handed_over_at: dt.datetime | None = strawberry.field(
        description="When the gateway took the last copy it was to get (UTC); null while any "
        "is pending or queued, and when no gateway took any (sample members only)."
    )
    finished_at: dt.datetime | None = strawberry.field(
        description="When the last copy reached its end (delivered, failed or held; UTC); "
        "null while any is pending, queued or handed over without a delivery report."
    )
    sent_at: dt.datetime | None = strawberry.field(
        deprecation_reason="It was when the copies reached the SMS outbox, not when they were "
        "sent: use queuedAt, handedOverAt and finishedAt."
    )
    created_by: Account | None = strawberry.field(description="The staff member who sent it.")
    recipients: int = strawberry.field(
        description="Copies made: the members in the segment who take SMS (sample ones too)."
    )
    pending: int = strawberry.field(
        description="Copies not yet queued in the outbox: the send stopped; send again with "
        "the same requestKey to finish."
    )
    queued: int = strawberry.field(
        description="Copies queued in the SMS outbox, not yet handed to a gateway (none is "
        "configured, the relay is not running, or a retry is waiting: see smsRelay)."
    )
    handed_over: int = strawberry.field(
        description="Copies the gateway took, without a delivery report yet."
    )
    delivered: int = strawberry.field(description="Copies the gateway reported delivered.")
    failed: int = strawberry.field(
        description="Copies that failed for good: refused by the gateway, out of attempts, or "
        "reported undelivered (each delivery's errorCode says why)."
    )
    held_sample: int = strawberry.field(
        description="Copies to sample members: kept in the outbox, never handed to a gateway."
    )
    sent: int = strawberry.field(
        deprecation_reason="It counted copies written to the outbox, whatever happened next: "
        "use queued, handedOver, delivered, failed and heldSample."
    )
    skipped_opt_out: int = strawberry.field(
        description="Members in the segment left out because they opted out of broadcast SMS."
    )
    opted_out_while_queued: int = strawberry.field(
        description="Copies not queued because the member opted out after the broadcast was "
        "composed and before their copy reached the outbox (a resumed send reads opt-out again)."
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


def _counted(row: dict, deliveries: dict[str, int], messages: sms.BatchCounts) -> dict:
    return {
        "queued_at": row["queued_at"],
        "sent_at": row["queued_at"],
        "handed_over_at": messages.last_handed_over_at,
        "finished_at": None
        if deliveries.get(DeliveryStatusValue.PENDING)
        else messages.last_finished_at,
        "recipients": row["recipients"],
        "pending": deliveries.get(DeliveryStatusValue.PENDING, 0),
        "queued": messages.count(SmsStatus.QUEUED),
        "handed_over": messages.count(SmsStatus.HANDED_OVER),
        "delivered": messages.count(SmsStatus.DELIVERED),
        "failed": messages.count(SmsStatus.FAILED),
        "held_sample": messages.count(SmsStatus.HELD),
        "sent": deliveries.get(DeliveryStatusValue.OUTBOXED, 0),
        "skipped_opt_out": row["skipped_opt_out"],
        "opted_out_while_queued": deliveries.get(DeliveryStatusValue.OPTED_OUT, 0),
    }


async def broadcasts_from_rows(info: Info, rows: list[dict]) -> list[Broadcast]:
    """Broadcasts with their counts and segments: one batched load per relation."""
    ids = [row["id"] for row in rows]
    counts = await info.context.loader(DeliveryCountsByBroadcastLoader).load_many(ids)
    messages = await info.context.loader(MessageCountsByBroadcastLoader).load_many(ids)
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
            created_by=accounts.get(row["created_by_id"]),
            **_counted(row, count, message),
        )
        for row, count, message in zip(rows, counts, messages, strict=True)
    ]


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
