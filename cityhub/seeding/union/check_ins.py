"""Generated check-ins for `cityhub seed --scale N`: visits by active members."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from cityhub import clock
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Member, MemberStatus
from cityhub.models.union.stations import Station

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


async def generate_check_ins(count: int, rng: random.Random) -> int:
    """Insert ``count`` sample check-ins by active members at stations over the last
    90 days, in batches; returns how many were written. Busier stations get more."""
    member_ids = await Member.filter(status=MemberStatus.ACTIVE).values_list("id", flat=True)
    station_ids = await Station.all().order_by("id").values_list("id", flat=True)
    if not member_ids or not station_ids or count <= 0:
        return 0
    weights = [0.2 + rng.random() ** 2 for _ in station_ids]
    now = clock.now()
    written = 0
    while written < count:
        size = min(BATCH, count - written)
        stations = rng.choices(station_ids, weights=weights, k=size)
        batch = []
        for station_id in stations:
            moment, day = _visit_time(rng, now)
            batch.append(
                StationCheckIn(
                    station_id=station_id,
                    member_id=rng.choice(member_ids),
                    checked_in_at=moment,
                    day=day,
                )
            )
        await StationCheckIn.bulk_create(batch)
        written += size
    return written
