"""Generated check-ins for `cityhub seed --scale N`: visits by generated active members."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import cast

from cityhub import clock
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.stations import Station
from cityhub.resolvers.transactions import atomic
from cityhub.seeding.batches import batches, unit_random
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
    rng: random.Random, size: int, stations: list[int], weights: list[float], members: list[int]
) -> list[StationCheckIn]:
    now = clock.now()
    rows = []
    for station_id in rng.choices(stations, weights=weights, k=size):
        moment, day = _visit_time(rng, now)
        member = rng.choice(members)
        rows.append(
            StationCheckIn(station_id=station_id, member_id=member, checked_in_at=moment, day=day)
        )
    return rows


async def generate_check_ins(members: list[int], count: int, seed: int) -> int:
    """Sample check-ins by the generated active ``members`` (in member-number order) at
    stations over the last 90 days, busier stations more, until ``count`` of theirs exist;
    a batch per transaction, each drawn from its own random. Returns how many were added."""
    generated = StationCheckIn.filter(member__member_no__startswith=MEMBER_PREFIX)
    done = await generated.count()
    found = await Station.all().order_by("code").values_list("id", flat=True)
    stations = list(cast("list[int]", found))
    if not members or not stations or done >= count:
        return 0
    busy = unit_random(seed, "check-ins", "stations")
    weights = [0.2 + busy.random() ** 2 for _ in stations]
    for batch in batches(count, BATCH, done=done):
        rng = unit_random(seed, "check-ins", batch.number)
        rows = _drawn(rng, batch.size, stations, weights, members)
        async with atomic():
            await StationCheckIn.bulk_create(rows[max(done - batch.start, 0) :])
    return count - done
