"""Broadcast SMS to a segment of members: compose once, queue in the SMS outbox.

A broadcast is composed once per request key: its deliveries (one per member, unique)
are written with it, pending. Sending claims pending deliveries in batches, each batch in
one transaction with its outbox messages, so a retried or concurrent send never queues a
delivery twice; a send that stops leaves the rest pending for the next attempt. From the
outbox the SMS relay hands them to a gateway; a sample member's message is held there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from typing import Any, cast

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.sms import SmsOutbox
from cityhub.models.union.broadcasts import Broadcast, BroadcastDelivery, DeliveryStatus
from cityhub.models.union.members import Member
from cityhub.resolvers import sms
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, keyset_page
from cityhub.resolvers.sms import SmsMessage
from cityhub.resolvers.union.broadcasts import segments
from cityhub.resolvers.union.broadcasts.segments import SegmentSpec

SEND_BATCH = 500
DELIVERY = "broadcast_delivery"  # the SMS outbox subject of one member's copy
BATCH = "broadcast"  # the SMS outbox batch of a broadcast's messages
TEXT_MAX = 500
REQUEST_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
BROADCAST_FIELDS = (
    "id",
    "text",
    "segment",
    "segment_program_id",
    "segment_fleet_id",
    "segment_station_id",
    "segment_since",
    "created_by_id",
    "created_at",
    "queued_at",
    "recipients",
    "skipped_opt_out",
)
DELIVERY_FIELDS = ("id", "broadcast_id", "member_id", "phone", "status", "queued_at")


class _Raced(Exception):
    """Another sender claimed part of the batch first; read the queue again."""


def _check_request(text: str, request_key: str) -> list[Problem]:
    problems = []
    if not 0 < len(text) <= TEXT_MAX:
        problems.append(
            Problem("INVALID", N_("短信内容须为 1-{max} 个字"), "text", {"max": TEXT_MAX})
        )
    if not REQUEST_KEY.match(request_key):
        message = N_("请求编号须为 8-64 位字母、数字或 . _ : -")
        problems.append(Problem("INVALID", message, "requestKey"))
    return problems


async def send_broadcast(
    viewer: Viewer,
    *,
    text: str,
    spec: SegmentSpec,
    request_key: str,
    expected_recipients: int | None,
) -> dict[str, Any]:
    """Compose (once per request key) and queue what is still pending; returns the broadcast.

    The same request sent again returns the same broadcast and queues only what is left.
    A new broadcast is composed only when ``expected_recipients`` is the audience's size
    now (what the sender was shown and confirmed), so nobody reaches thousands by mistake.
    """
    text = text.strip()
    if problems := _check_request(text, request_key):
        raise Rejected(*problems)
    columns, members = await segments.resolve(spec)
    row = await _by_request_key(request_key)
    if row is None:
        row = await _compose(viewer, text, request_key, columns, members, expected_recipients)
    if row["text"] != text or any(row[c] != columns[c] for c in segments.SEGMENT_COLUMNS):
        message = N_("这个请求编号已用于另一条广播，请重新填写")
        raise Rejected(Problem("REQUEST_KEY_REUSED", message, "requestKey"))
    await _queue_pending(row["id"], row["text"])
    (sent,) = await broadcasts_by_id([row["id"]])
    assert sent is not None, "the broadcast was read above"
    return sent


def _check_expected(found: int, expected: int | None) -> None:
    if expected is None:
        message = N_("请先确认收件人数：发送前须说明将发给多少名会员")
        raise Rejected(Problem("AUDIENCE_NOT_CONFIRMED", message, "expectedRecipients"))
    if found != expected:
        message = N_("收件人数已变为 {recipients}（确认的是 {expected}），请重新确认")
        params = {"recipients": found, "expected": expected}
        raise Rejected(Problem("AUDIENCE_CHANGED", message, "expectedRecipients", params))


async def _by_request_key(request_key: str) -> dict[str, Any] | None:
    return await Broadcast.filter(request_key=request_key).first().values(*BROADCAST_FIELDS)


async def _compose(
    viewer: Viewer,
    text: str,
    request_key: str,
    columns: dict[str, Any],
    members: QuerySet[Member],
    expected: int | None,
) -> dict[str, Any]:
    """The broadcast and one pending delivery per member who takes SMS, written together,
    when they are as many as the sender confirmed."""
    recipients = await members.filter(sms_opt_out=False).order_by("id").values_list("id", "phone")
    if not recipients:
        raise Rejected(Problem("EMPTY_SEGMENT", N_("这个人群中没有可以接收短信的会员"), "segment"))
    _check_expected(len(recipients), expected)
    columns = columns | {
        "text": text,
        "request_key": request_key,
        "created_by_id": viewer.account_id,
        "recipients": len(recipients),
        "skipped_opt_out": await members.filter(sms_opt_out=True).count(),
    }
    try:
        async with in_transaction():
            broadcast = await Broadcast.create(**columns)
            deliveries = [
                BroadcastDelivery(broadcast_id=broadcast.id, member_id=member, phone=phone)
                for member, phone in recipients
            ]
            await BroadcastDelivery.bulk_create(deliveries, batch_size=1000)
    except IntegrityError:
        # The same request, composed at the same moment by another worker: use theirs.
        if await _by_request_key(request_key) is None:
            raise
    row = await _by_request_key(request_key)
    assert row is not None, "written above, or by the request that won the race"
    return row


async def _queue_pending(broadcast_id: int, text: str) -> None:
    while True:
        try:
            if not await _queue_batch(broadcast_id, text):
                break
        except _Raced:
            continue
    await Broadcast.filter(id=broadcast_id, queued_at__isnull=True).update(queued_at=clock.now())


async def _queue_batch(broadcast_id: int, text: str) -> int:
    """Claim up to SEND_BATCH pending deliveries and queue their messages, all or nothing."""
    pending = BroadcastDelivery.filter(broadcast_id=broadcast_id, status=DeliveryStatus.PENDING)
    async with in_transaction():
        batch = (
            await pending.order_by("id")
            .limit(SEND_BATCH)
            .values("id", "phone", "member_id", "member__is_sample")
        )
        if not batch:
            return 0
        # Opt-out is read again at sending time: a retried or resumed send never reaches a
        # member who opted out after the broadcast was composed.
        member_ids = {row["member_id"] for row in batch}
        opted_out = set(
            await Member.filter(id__in=member_ids, sms_opt_out=True).values_list("id", flat=True)
        )
        rows = [row for row in batch if row["member_id"] not in opted_out]
        skipped = [row["id"] for row in batch if row["member_id"] in opted_out]
        ids = [row["id"] for row in rows]
        claimed = 0
        if skipped:
            claimed += await BroadcastDelivery.filter(
                id__in=skipped, status=DeliveryStatus.PENDING
            ).update(status=DeliveryStatus.OPTED_OUT)
        if ids:
            claimed += await BroadcastDelivery.filter(
                id__in=ids, status=DeliveryStatus.PENDING
            ).update(status=DeliveryStatus.OUTBOXED, queued_at=clock.now())
        if claimed != len(batch):
            raise _Raced
        if rows:
            await sms.Outbox().queue([_message(row, broadcast_id, text) for row in rows])
    return len(batch)


def _message(row: dict[str, Any], broadcast_id: int, text: str) -> SmsMessage:
    return SmsMessage(
        DELIVERY, row["id"], row["phone"], text, BATCH, broadcast_id, row["member__is_sample"]
    )


async def broadcasts_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(Broadcast, BROADCAST_FIELDS, ids)


async def list_broadcasts(*, first: int | None, after: str | None) -> Page:
    """Newest first."""
    return await keyset_page(
        Broadcast.all(), BROADCAST_FIELDS, first=first, after=after, newest_first=True
    )


async def broadcasts_between(start: datetime, end: datetime, limit: int) -> list[dict[str, Any]]:
    """Broadcasts started in [start, end), oldest first."""
    query = Broadcast.filter(created_at__gte=start, created_at__lt=end)
    return await query.order_by("created_at", "id").limit(limit).values(*BROADCAST_FIELDS)


async def broadcast_times_between(start: datetime, end: datetime) -> list[datetime]:
    """When each broadcast in [start, end) was composed: one small column, all of them."""
    query = Broadcast.filter(created_at__gte=start, created_at__lt=end)
    # Tortoise types every values_list() as tuples; flat=True gives the column's values.
    return cast("list[datetime]", await query.values_list("created_at", flat=True))


async def message_counts(broadcast_ids: list[int]) -> list[sms.BatchCounts]:
    """Each broadcast's outbox messages by state, one grouped statement for the list."""
    return await sms.counts_by_batch(BATCH, broadcast_ids)


async def messages_of(delivery_ids: list[int]) -> list[dict[str, Any] | None]:
    """Each delivery's outbox message (None while it is pending or opted out)."""
    return await sms.messages_about(DELIVERY, delivery_ids)


async def delivery_counts(broadcast_ids: list[int]) -> list[dict[str, int]]:
    """{status: count} per broadcast, one grouped statement for the whole list."""
    grouped = (
        await BroadcastDelivery.filter(broadcast_id__in=broadcast_ids)
        .annotate(n=Count("id"))
        .group_by("broadcast_id", "status")
        .values_list("broadcast_id", "status", "n")
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for broadcast_id, status, n in grouped:
        found[broadcast_id][status] = n
    return [found[i] for i in broadcast_ids]


async def list_deliveries(
    broadcast_id: int, *, status: str | None, first: int | None, after: str | None
) -> Page:
    """``status``: a delivery's own (pending, opted_out) or its outbox message's."""
    query = BroadcastDelivery.filter(broadcast_id=broadcast_id)
    if status in (DeliveryStatus.PENDING, DeliveryStatus.OPTED_OUT):
        query = query.filter(status=status)
    elif status:
        messages = SmsOutbox.filter(subject_type=DELIVERY, status=status)
        query = query.filter(id__in=Subquery(messages.values("subject_id")))
    return await keyset_page(query, DELIVERY_FIELDS, first=first, after=after)
