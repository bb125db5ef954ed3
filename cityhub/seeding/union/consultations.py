"""Seed import and generated volume of the consultation log."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cityhub import clock
from cityhub.models.union.consultations import Consultation
from cityhub.resolvers.transactions import atomic
from cityhub.seeding.batches import Batch, batches, unit_random
from cityhub.seeding.imports import ImportCounts
from cityhub.seeding.registry import Progress
from cityhub.seeding.union.volume import targets

BATCH = 1_000
GENERATED_NOTE = "批量生成的示例数据"
GENERATED_NOTE_EN = "Generated sample data"
Block = tuple[str, list[date], int, int, int]  # channel, days, first/last minute, size
# The holiday's flood followed the medical mutual aid notice of 30 April.
TOPIC_WEIGHTS = {
    "medical_aid": 0.85,
    "student_aid": 0.02,
    "rights": 0.04,
    "station": 0.03,
    "membership": 0.04,
    "other": 0.02,
}


async def import_consultations(records: list[dict[str, Any]]) -> ImportCounts:
    """Sample log entries, keyed by (time, channel, topic): a second run adds nothing."""
    wanted = {
        (datetime.fromisoformat(r["at"]).astimezone(UTC), r["channel"], r["topic"]): r
        for r in records
    }
    have = {
        (row["at"], row["channel"], row["topic"]): row
        for row in await Consultation.filter(is_sample=True, at__in=[key[0] for key in wanted])
        .exclude(note=GENERATED_NOTE)  # generated ones may share a seeded one's minute
        .values("id", "at", "channel", "topic", "note", "note_en")
    }
    counts = ImportCounts()
    for key, record in wanted.items():
        row, note = have.get(key), record.get("note", "")
        note_en = record.get("note_en", "")
        if row is None:
            await Consultation.create(
                at=key[0],
                day=clock.local_date(key[0]),
                channel=key[1],
                topic=key[2],
                note=note,
                note_en=note_en,
                is_sample=record["sample"],
            )
            counts.created += 1
        elif (row["note"], row["note_en"]) != (note, note_en):
            await Consultation.filter(id=row["id"]).update(note=note, note_en=note_en)
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def _blocks(seeded: dict[str, int]) -> list[Block]:
    """(channel, days, first minute, last minute, how many to generate) of each block of
    the sequence: the holiday's calls (08:00-21:00) and SMS (07:00-24:00), then the
    consultation day's visitors (09:00-17:00, as the day's window session)."""
    first, last = targets.MAY_DAY
    holiday = [first + timedelta(days=d) for d in range((last - first).days + 1)]
    return [
        ("hotline", holiday, 8 * 60, 21 * 60, targets.CALLS - seeded.get("hotline", 0)),
        ("sms", holiday, 7 * 60, 24 * 60, targets.SMS - seeded.get("sms", 0)),
        (
            "walk_in",
            [targets.CONSULTATION_DAY],
            9 * 60,
            17 * 60,
            targets.WALK_INS - seeded.get("walk_in", 0),
        ),
    ]


def _block_of(position: int, blocks: list[Block]) -> tuple[str, list[date], int, int]:
    for channel, days, first, last, size in blocks:
        if position < size:
            return channel, days, first, last
        position -= size
    raise IndexError(position)


def _drawn(rng: random.Random, batch: Batch, blocks: list[Block]) -> Iterator[Consultation]:
    """The batch's positions of the sequence: each its block's channel, a day (the
    holiday's first, the day after the notice, busiest), a minute and a topic."""
    topics = rng.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()), k=batch.size)
    for position, topic in zip(range(batch.start, batch.stop), topics, strict=True):
        channel, days, first, last = _block_of(position, blocks)
        day = rng.choices(days, weights=[0.7**d for d in range(len(days))])[0]
        at = clock.local_day_bounds(day)[0] + timedelta(minutes=rng.randrange(first, last))
        yield Consultation(
            channel=channel,
            topic=topic,
            at=at,
            day=day,
            note=GENERATED_NOTE,
            note_en=GENERATED_NOTE_EN,
            is_sample=True,
        )


async def _seeded() -> dict[str, int]:
    """The seeded consultations on the generated days, by channel."""
    first, last = targets.MAY_DAY
    rows = await (
        Consultation.exclude(note=GENERATED_NOTE)
        .filter(day__gte=first, day__lte=targets.CONSULTATION_DAY)
        .values_list("channel", "day")
    )
    counted: dict[str, int] = {}
    for channel, day in rows:
        if day <= last or (channel == "walk_in" and day == targets.CONSULTATION_DAY):
            counted[channel] = counted.get(channel, 0) + 1
    return counted


async def generate_consultations(seed: int, progress: Progress) -> int:
    """For `cityhub seed --scale`: the May Day holiday's calls and SMS and the next day's
    visitors at the published numbers (the seeded ones counted), until all exist; a batch
    per transaction, each drawn from its own random. Returns how many were added."""
    done = await Consultation.filter(is_sample=True, note=GENERATED_NOTE).count()
    blocks = _blocks(await _seeded())
    count = sum(block[4] for block in blocks)
    for batch in batches(count, BATCH, done=done):
        rows = list(_drawn(unit_random(seed, "consultations", batch.number), batch, blocks))
        async with atomic():
            await Consultation.bulk_create(rows[max(done - batch.start, 0) :])
        progress("consultations", batch.stop, count)
    progress("consultations", count, count)
    return max(count - done, 0)
