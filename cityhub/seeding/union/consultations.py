"""Seed import and generated volume of the consultation log."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from cityhub import clock
from cityhub.models.union.consultations import Consultation
from cityhub.resolvers.transactions import atomic
from cityhub.seeding.batches import batches, unit_random
from cityhub.seeding.imports import ImportCounts

BATCH = 1_000
GENERATED_NOTE = "批量生成的示例数据"
GENERATED_DAYS = 120
CHANNEL_WEIGHTS = {"sms": 0.74, "hotline": 0.2, "wechat": 0.05, "walk_in": 0.01}
TOPIC_WEIGHTS = {
    "medical_aid": 0.5,
    "student_aid": 0.1,
    "rights": 0.12,
    "station": 0.1,
    "membership": 0.1,
    "other": 0.08,
}


async def import_consultations(records: list[dict[str, Any]]) -> ImportCounts:
    """Sample log entries, keyed by (time, channel, topic): a second run adds nothing."""
    wanted = {
        (datetime.fromisoformat(r["at"]).astimezone(UTC), r["channel"], r["topic"]): r
        for r in records
    }
    have = {
        (row["at"], row["channel"], row["topic"]): row
        for row in await Consultation.filter(
            is_sample=True, at__in=[key[0] for key in wanted]
        ).values("id", "at", "channel", "topic", "note")
    }
    counts = ImportCounts()
    for key, record in wanted.items():
        row, note = have.get(key), record.get("note", "")
        if row is None:
            await Consultation.create(
                at=key[0],
                day=clock.local_date(key[0]),
                channel=key[1],
                topic=key[2],
                note=note,
                is_sample=record["sample"],
            )
            counts.created += 1
        elif row["note"] != note:
            await Consultation.filter(id=row["id"]).update(note=note)
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def _day_weights(days: int, spike: int) -> list[float]:
    """A steady trickle, and a burst that fades over a week after the spike day."""
    return [1.0 + (25.0 * math.exp(-(d - spike) / 2.5) if d >= spike else 0.0) for d in range(days)]


def _drawn(rng: random.Random, size: int, spike: int) -> Iterable[Consultation]:
    first_day = clock.today() - timedelta(days=GENERATED_DAYS - 1)
    days = rng.choices(range(GENERATED_DAYS), weights=_day_weights(GENERATED_DAYS, spike), k=size)
    channels = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()), k=size)
    topics = rng.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()), k=size)
    now = clock.now()
    for offset, channel, topic in zip(days, channels, topics, strict=True):
        day = first_day + timedelta(days=offset)
        at = min(clock.local_day_bounds(day)[0] + timedelta(minutes=rng.randrange(480, 1260)), now)
        yield Consultation(
            channel=channel,
            topic=topic,
            at=at,
            day=clock.local_date(at),
            note=GENERATED_NOTE,
            is_sample=True,
        )


async def generate_consultations(count: int, seed: int) -> int:
    """For `cityhub seed --scale`: sample consultations over the last 120 days with a
    spike after a generated broadcast day, until ``count`` exist; a batch per transaction,
    each drawn from its own random. Returns how many were added."""
    done = await Consultation.filter(is_sample=True, note=GENERATED_NOTE).count()
    spike = unit_random(seed, "consultations", "spike").randrange(30, GENERATED_DAYS - 20)
    for batch in batches(count, BATCH, done=done):
        rows = list(_drawn(unit_random(seed, "consultations", batch.number), batch.size, spike))
        async with atomic():
            await Consultation.bulk_create(rows[max(done - batch.start, 0) :])
    return max(count - done, 0)
