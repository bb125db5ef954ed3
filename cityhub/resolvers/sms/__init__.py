"""The SMS outbox: messages are queued here, in the transaction that decides to send them;
the relay (relay.py) hands them to a gateway and records what the gateway says.

A message to a sample record is held: recorded, never handed to a gateway. Each message
keeps the state it reached (models.sms.SmsStatus) with the gateway's reference and error,
so a caller can say exactly what happened, per message and per batch.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.functions import Count, Max

from cityhub import clock
from cityhub.models.sms import SmsOutbox, SmsStatus
from cityhub.resolvers.privacy import mask_phone

logger = logging.getLogger("cityhub.sms")
MESSAGE_FIELDS = (
    "id",
    "subject_id",
    "status",
    "attempts",
    "next_attempt_at",
    "gateway",
    "gateway_ref",
    "error_code",
    "error_message",
    "created_at",
    "handed_over_at",
    "finished_at",
)


@dataclass(frozen=True)
class SmsMessage:
    """One text to one phone. The subject says what it is about and the batch which set it
    belongs to, in the caller's terms (e.g. a broadcast's delivery, the broadcast)."""

    subject_type: str
    subject_id: int
    phone: str
    text: str
    batch_type: str = ""
    batch_id: int | None = None
    sample: bool = False  # to a sample record: held, never handed to a gateway


@dataclass(frozen=True)
class BatchCounts:
    """Messages of one batch by state, and when the last one was handed over or finished."""

    by_status: dict[str, int] = field(default_factory=dict)
    last_handed_over_at: datetime | None = None
    last_finished_at: datetime | None = None

    def count(self, status: SmsStatus) -> int:
        return self.by_status.get(status, 0)


class Outbox:
    """Queues messages: one outbox row and one log line (phone masked) per message."""

    async def queue(self, messages: Sequence[SmsMessage]) -> None:
        now = clock.now()
        await SmsOutbox.bulk_create([_row(m, now) for m in messages], batch_size=1000)
        for message in messages:
            logger.info(
                "SMS to %s (%s %s, %s characters) %s",
                mask_phone(message.phone),
                message.subject_type,
                message.subject_id,
                len(message.text),
                "held: a sample record" if message.sample else "queued in the outbox",
            )


def _row(message: SmsMessage, now: datetime) -> SmsOutbox:
    held = {"status": SmsStatus.HELD, "finished_at": now} if message.sample else {}
    return SmsOutbox(
        phone=message.phone,
        text=message.text,
        subject_type=message.subject_type,
        subject_id=message.subject_id,
        batch_type=message.batch_type,
        batch_id=message.batch_id,
        **held,
    )


async def counts_by_batch(batch_type: str, batch_ids: list[int]) -> list[BatchCounts]:
    """Each batch's messages by state: one grouped statement for the whole list."""
    grouped = (
        await SmsOutbox.filter(batch_type=batch_type, batch_id__in=batch_ids)
        .annotate(n=Count("id"), handed=Max("handed_over_at"), finished=Max("finished_at"))
        .group_by("batch_id", "status")
        .values("batch_id", "status", "n", "handed", "finished")
    )
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in grouped:
        rows[row["batch_id"]].append(row)
    return [_batch_counts(rows[i]) for i in batch_ids]


def _batch_counts(rows: list[dict[str, Any]]) -> BatchCounts:
    by_status = {row["status"]: row["n"] for row in rows}
    waiting = by_status.get(SmsStatus.QUEUED, 0)
    handed = [row["handed"] for row in rows if row["handed"]]
    finished = [row["finished"] for row in rows if row["finished"]]
    open_ = waiting + by_status.get(SmsStatus.HANDED_OVER, 0)
    return BatchCounts(
        by_status=by_status,
        last_handed_over_at=max(handed) if handed and not waiting else None,
        last_finished_at=max(finished) if finished and not open_ else None,
    )


async def messages_about(subject_type: str, subject_ids: list[int]) -> list[dict[str, Any] | None]:
    """The outbox message about each subject (None when there is none), in key order."""
    rows = await SmsOutbox.filter(subject_type=subject_type, subject_id__in=subject_ids).values(
        *MESSAGE_FIELDS
    )
    found = {row["subject_id"]: row for row in rows}
    return [found.get(i) for i in subject_ids]
