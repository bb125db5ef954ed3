"""Hotline, SMS, WeChat and walk-in consultations: the log, and its daily counts per
channel beside the broadcasts sent, so a spike after a broadcast shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from tortoise.functions import Count

from cityhub import clock
from cityhub.errors import BadInput, Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.consultations import Consultation, ConsultationChannel
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, keyset_page
from cityhub.resolvers.union import broadcasts


class ConsultationTopic(StrEnum):
    MEDICAL_AID = "medical_aid"
    STUDENT_AID = "student_aid"
    RIGHTS = "rights"
    STATION = "station"
    MEMBERSHIP = "membership"
    OTHER = "other"


CONSULTATION_FIELDS = (
    "id",
    "channel",
    "topic",
    "at",
    "day",
    "answered_by_id",
    "note",
    "note_en",
    "is_sample",
)
NOTE_MAX = 500
STATS_MAX_DAYS = 366
STATS_MAX_BROADCASTS = 100
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=2)  # a phone's clock a little ahead is not "the future"
BATCH = 1_000


@dataclass(frozen=True)
class Stats:
    start: date
    end: date
    counts: dict[tuple[date, str], int]
    sample_counts: dict[date, int]  # of each day's count, the sample consultations
    broadcasts: list[dict[str, Any]]  # the first STATS_MAX_BROADCASTS, oldest first
    broadcast_times: list[datetime]  # every broadcast in the range, for the daily counts

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def _check(channel: str, topic: str, at: datetime, note: str) -> list[Problem]:
    problems = []
    if channel not in {c.value for c in ConsultationChannel}:
        problems.append(Problem("INVALID", N_("未知的咨询渠道"), "channel"))
    if topic not in {t.value for t in ConsultationTopic}:
        problems.append(Problem("INVALID", N_("未知的咨询主题"), "topic"))
    if at > clock.now() + CLOCK_SKEW:
        problems.append(Problem("INVALID", N_("咨询时间不能晚于现在"), "at"))
    elif at < EARLIEST:
        problems.append(Problem("INVALID", N_("咨询时间不能早于 2000 年"), "at"))
    if len(note) > NOTE_MAX:
        problems.append(Problem("INVALID", N_("备注最多 {max} 个字"), "note", {"max": NOTE_MAX}))
    return problems


async def log_consultation(
    viewer: Viewer, *, channel: str, topic: str, at: datetime | None, note: str = ""
) -> dict[str, Any]:
    """Record one consultation, answered by the viewer; `at` defaults to now."""
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)  # the API's rule: a time without an offset is UTC
    at = at or clock.now()
    note = note.strip()
    if problems := _check(channel, topic, at, note):
        raise Rejected(*problems)
    created = await Consultation.create(
        channel=channel,
        topic=topic,
        at=at,
        day=clock.local_date(at),
        answered_by_id=viewer.account_id,
        note=note,
    )
    (row,) = await consultations_by_id([created.id])
    assert row is not None, "the consultation was just created"
    return row


async def consultations_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(Consultation, CONSULTATION_FIELDS, ids)


async def list_consultations(*, channel: str | None, first: int | None, after: str | None) -> Page:
    """Newest logged first."""
    query = Consultation.all() if channel is None else Consultation.filter(channel=channel)
    return await keyset_page(
        query, CONSULTATION_FIELDS, first=first, after=after, newest_first=True
    )


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise BadInput(N_("结束日期不能早于开始日期"), argument="to")
    if (end - start).days + 1 > STATS_MAX_DAYS:
        raise BadInput(N_("一次最多统计 {max} 天"), max=STATS_MAX_DAYS, argument="to")


def _as_date(value: date | str) -> date:
    # SQLite hands grouped DATE columns back as text.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


async def stats(start: date, end: date) -> Stats:
    """Counts per Asia/Shanghai day and channel (one grouped statement), and broadcasts."""
    _check_range(start, end)
    grouped = (
        await Consultation.filter(day__gte=start, day__lte=end)
        .annotate(n=Count("id"))
        .group_by("day", "channel", "is_sample")
        .values_list("day", "channel", "is_sample", "n")
    )
    counts: dict[tuple[date, str], int] = defaultdict(int)
    sample_counts: dict[date, int] = defaultdict(int)
    for day, channel, is_sample, n in grouped:
        counts[_as_date(day), channel] += n
        if is_sample:
            sample_counts[_as_date(day)] += n
    since, _ = clock.local_day_bounds(start)
    _, until = clock.local_day_bounds(end)
    sent = await broadcasts.broadcasts_between(since, until, STATS_MAX_BROADCASTS)
    times = await broadcasts.broadcast_times_between(since, until)
    return Stats(
        start=start,
        end=end,
        counts=dict(counts),
        sample_counts=dict(sample_counts),
        broadcasts=sent,
        broadcast_times=times,
    )
