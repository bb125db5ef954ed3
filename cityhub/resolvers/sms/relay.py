"""The SMS relay: hands queued messages to a gateway, retries with exponential backoff,
and records the gateway's reference, error and delivery reports.

One relay sends at a time (a lease, cityhub.leases): a pass runs only while its holder
keeps the lease. A message is handed over at least once: if the relay stops between the
gateway's answer and recording it, the next pass hands it over again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from cityhub import clock
from cityhub.models.sms import SmsOutbox, SmsStatus
from cityhub.resolvers.sms.gateways import Gateway, GatewayUnavailable, Outcome, Outgoing, Report

logger = logging.getLogger("cityhub.sms.relay")
BATCH = 200  # messages handed over per call (Tencent Cloud takes at most 200 numbers a call)


@dataclass(frozen=True)
class RelayPolicy:
    max_attempts: int  # hand-overs tried before a message fails
    retry_base: float  # seconds before the first retry; each next one waits twice as long


@dataclass
class PassCounts:
    handed_over: int = 0
    retrying: int = 0
    failed: int = 0
    delivered: int = 0
    undelivered: int = 0
    stopped: list[str] = field(default_factory=list)  # why a pass stopped early

    def __str__(self) -> str:
        return (
            f"handed over {self.handed_over}, to retry {self.retrying}, failed {self.failed}, "
            f"delivered {self.delivered}, undelivered {self.undelivered}"
        )


def _due(now: datetime) -> Q:
    return Q(status=SmsStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


async def relay_once(
    gateway: Gateway, policy: RelayPolicy, holds_lease: Callable[[], Awaitable[bool]]
) -> PassCounts:
    """Hand every message due now to ``gateway``, batch by batch while ``holds_lease()``
    says the lease is still ours, then record its delivery reports."""
    counts = PassCounts()
    last_id = 0
    while await holds_lease():
        now = clock.now()
        due = SmsOutbox.filter(_due(now), id__gt=last_id).order_by("id").limit(BATCH)
        batch = [Outgoing(*row) for row in await due.values_list("id", "phone", "text")]
        if not batch:
            break
        last_id = batch[-1].id
        try:
            outcomes = await gateway.send(batch)
        except GatewayUnavailable as down:
            logger.warning("SMS gateway %s unavailable: %s", gateway.name, down)
            outcomes = [Outcome(m.id, "", down.code, down.message, retry=True) for m in batch]
            counts.stopped.append(down.code)
        # One transaction per batch: one commit for its 200 updates, not one each.
        async with in_transaction():
            for outcome in outcomes:
                await _record(gateway.name, policy, outcome, now, counts)
        if counts.stopped:
            break
    for report in await gateway.reports():
        await _record_report(gateway.name, report, counts)
    return counts


async def _record(
    name: str, policy: RelayPolicy, outcome: Outcome, now: datetime, counts: PassCounts
) -> None:
    message = SmsOutbox.filter(id=outcome.id, status=SmsStatus.QUEUED)
    error = {"error_code": outcome.error_code[:64], "error_message": outcome.error_message[:255]}
    if outcome.taken:
        counts.handed_over += await message.update(
            status=SmsStatus.HANDED_OVER,
            gateway=name,
            gateway_ref=outcome.reference[:64],
            handed_over_at=now,
            attempts=F("attempts") + 1,
            **error,
        )
        return
    row = await message.first().values("attempts")
    tried = (row["attempts"] if row else 0) + 1
    if outcome.retry and tried < policy.max_attempts:
        wait = timedelta(seconds=policy.retry_base * 2 ** (tried - 1))
        counts.retrying += await message.update(
            attempts=tried, next_attempt_at=now + wait, gateway=name, **error
        )
        return
    counts.failed += await message.update(
        status=SmsStatus.FAILED, attempts=tried, gateway=name, finished_at=now, **error
    )


async def _record_report(name: str, report: Report, counts: PassCounts) -> None:
    message = SmsOutbox.filter(
        gateway=name, gateway_ref=report.reference, status=SmsStatus.HANDED_OVER
    )
    at = report.at or clock.now()
    if report.delivered:
        counts.delivered += await message.update(status=SmsStatus.DELIVERED, finished_at=at)
        return
    counts.undelivered += await message.update(
        status=SmsStatus.FAILED,
        finished_at=at,
        error_code=report.error_code[:64],
        error_message=report.error_message[:255],
    )
