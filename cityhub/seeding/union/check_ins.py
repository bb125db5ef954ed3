"""Generated check-ins for `cityhub seed --scale N`: visits by generated active members."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import cast

from cityhub import clock
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.stations import Station
from cityhub.resolvers.transactions import atomic
from cityhub.seeding.batches import Batch, batches, unit_random
from cityhub.seeding.registry import Progress
from cityhub.seeding.union.members import MEMBER_PREFIX

BATCH = 1_000
GENERATED_DAYS = 90


def _visit_time(rng: random.Random, now: datetime) -> tuple[datetime, date]:
    """A plausible past visit: a day in the last GENERATED_DAYS, mostly daytime."""
    day = clock.local_date(now) - timedelta(days=rng.randrange(GENERATED_DAYS))
    minute = int(rng.triangular(6 * 60, 23 * 60, 13 * 60))
    moment = clock.at_local(day, clock.clock_of(minute))
    if moment > now:  # later today: move it to yesterday
        moment, day = moment - timedelta(days=1), day - timedelta(days=1)
    return moment, day


def _drawn(
    rng: random.Random, batch: Batch, stations: list[int], weights: list[float], order: list[int]
) -> list[StationCheckIn]:
    """The batch's visits: position i by member order[i mod n] (each member once before
    anyone comes twice, so no visit repeats one within the union's check-in window while
    there are fewer visits than members)."""
    now = clock.now()
    rows = []
    chosen = rng.choices(stations, weights=weights, k=batch.size)
    for position, station_id in zip(range(batch.start, batch.stop), chosen, strict=True):
        moment, day = _visit_time(rng, now)
        member = order[position % len(order)]
        rows.append(
            StationCheckIn(station_id=station_id, member_id=member, checked_in_at=moment, day=day)
        )
    return rows


async def generate_check_ins(members: list[int], count: int, seed: int, progress: Progress) -> int:
    """Sample check-ins by the generated active ``members`` (in member-number order) at
    stations over the last 90 days, busier stations more, until ``count`` of theirs exist;
    a batch per transaction, each drawn from its own random. Returns how many were added."""
    generated = StationCheckIn.filter(member__member_no__startswith=MEMBER_PREFIX)
    done = await generated.count()
    found = await Station.all().order_by("code").values_list("id", flat=True)
    stations = list(cast("list[int]", found))
    if not members or not stations or done >= count:
        progress("check-ins", count, count)
        return 0
    busy = unit_random(seed, "check-ins", "stations")
    weights = [0.2 + busy.random() ** 2 for _ in stations]
    order = list(members)
    unit_random(seed, "check-ins", "members").shuffle(order)
    for batch in batches(count, BATCH, done=done):
        rows = _drawn(unit_random(seed, "check-ins", batch.number), batch, stations, weights, order)
        async with atomic():
            await StationCheckIn.bulk_create(rows[max(done - batch.start, 0) :])
        progress("check-ins", batch.stop, count)
    return count - done
