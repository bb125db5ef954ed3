"""A broadcast's deliveries in the schema: each member's copy and the state it reached."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.resolvers.privacy import can_read_personal, mask_phone
from cityhub.resolvers.union import broadcasts
from cityhub.schema.context import Info
from cityhub.schema.union.broadcasts.segments import BROADCASTERS
from cityhub.schema.union.members import Member, MemberByIdLoader, members_from_rows


@strawberry.enum(
    name="BroadcastDeliveryStatus",
    description="The state a member's copy reached, in order: pending (not yet in the SMS "
    "outbox), queued (in the outbox, waiting for the relay and a gateway), handed over (the "
    "gateway took it), then delivered or failed. Held: to a sample member, kept in the "
    "outbox and never handed to a gateway. Opted out: not sent, the member opted out.",
)
class DeliveryStatus(Enum):
    PENDING = "pending"
    QUEUED = "queued"
    HANDED_OVER = "handed_over"
    DELIVERED = "delivered"
    FAILED = "failed"
    HELD_SAMPLE = "held"
    OPTED_OUT = "opted_out"


class MessageByDeliveryLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=broadcasts.messages_of)


@strawberry.type(description="One member's copy of a broadcast and the state it reached.")
class BroadcastDelivery:
    member: Member = strawberry.field(description="Who it was for.")
    phone: str = strawberry.field(description="The number it went to (masked for non-staff).")
    status: DeliveryStatus = strawberry.field(description="The state it reached.")
    queued_at: dt.datetime | None = strawberry.field(
        description="When it was queued in the SMS outbox (UTC); null while pending."
    )
    handed_over_at: dt.datetime | None = strawberry.field(
        description="When the gateway took it (UTC); null until then."
    )
    delivered_at: dt.datetime | None = strawberry.field(
        description="When the gateway reported it delivered to the phone (UTC)."
    )
    failed_at: dt.datetime | None = strawberry.field(
        description="When it failed for good (UTC): refused, out of attempts or undelivered."
    )
    attempts: int = strawberry.field(description="Hand-overs to the gateway tried so far.")
    next_attempt_at: dt.datetime | None = strawberry.field(
        description="QUEUED after a failed try: when the relay tries again (UTC)."
    )
    gateway: str | None = strawberry.field(description="The gateway that took or refused it.")
    gateway_reference: str | None = strawberry.field(
        description="The gateway's reference for it (Tencent Cloud's SerialNo)."
    )
    error_code: str | None = strawberry.field(
        description="The gateway's code for the last failure (a retry may still follow)."
    )
    error_message: str | None = strawberry.field(description="The gateway's words for it.")
    sent_at: dt.datetime | None = strawberry.field(
        deprecation_reason="It was when the copy reached the SMS outbox, not when any phone "
        "got it: use queuedAt, handedOverAt and deliveredAt."
    )


def _delivery(row: dict[str, Any], message: dict[str, Any] | None, **known: Any) -> Any:
    m = message or {}
    status = m.get("status") or row["status"]
    status = "queued" if status == "outboxed" else status  # its message not found: queued
    finished = m.get("finished_at")
    return BroadcastDelivery(
        status=DeliveryStatus(status),
        queued_at=row["queued_at"],
        sent_at=row["queued_at"],
        handed_over_at=m.get("handed_over_at"),
        delivered_at=finished if status == DeliveryStatus.DELIVERED.value else None,
        failed_at=finished if status == DeliveryStatus.FAILED.value else None,
        attempts=m.get("attempts", 0),
        next_attempt_at=m.get("next_attempt_at"),
        gateway=m.get("gateway") or None,
        gateway_reference=m.get("gateway_ref") or None,
        error_code=m.get("error_code") or None,
        error_message=m.get("error_message") or None,
        **known,
    )


async def deliveries_from_rows(info: Info, rows: list[dict]) -> list[BroadcastDelivery]:
    loaded = await info.context.loader(MemberByIdLoader).load_many([r["member_id"] for r in rows])
    messages = await info.context.loader(MessageByDeliveryLoader).load_many([r["id"] for r in rows])
    members = {m.id: m for m in await members_from_rows(info, [m for m in loaded if m])}
    owners = {m["id"]: m["account_id"] for m in loaded if m}
    viewer = info.context.viewer
    return [
        _delivery(
            row,
            message,
            member=members[row["member_id"]],
            phone=row["phone"]
            if can_read_personal(viewer, owners[row["member_id"]], *BROADCASTERS)
            else mask_phone(row["phone"]),
        )
        for row, message in zip(rows, messages, strict=True)
    ]
