"""Hotline and SMS consultations in the schema: the log and daily counts (union staff)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub import clock
from cityhub.i18n import N_
from cityhub.models.union.consultations import ConsultationChannel as ChannelValue
from cityhub.resolvers.union import consultations
from cityhub.resolvers.union.consultations import ConsultationTopic as TopicValue
from cityhub.schema.accounts import Account, AccountByIdLoader
from cityhub.schema.connections import After, Connection, First, connection, node_pks
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.labels import labelled_enum
from cityhub.schema.union.broadcasts import (
    BROADCASTERS,
    STAFF_ONLY,
    Broadcast,
    broadcasts_from_rows,
)

ConsultationChannel = ChannelValue
labelled_enum(
    ConsultationChannel,
    {
        ChannelValue.HOTLINE: N_("热线电话"),
        ChannelValue.SMS: N_("短信"),
        ChannelValue.WECHAT: N_("微信"),
        ChannelValue.WALK_IN: N_("现场"),
    },
    description="How the question came in: hotline, SMS, WeChat or in person.",
)
ConsultationTopic = TopicValue
labelled_enum(
    ConsultationTopic,
    {
        TopicValue.MEDICAL_AID: N_("医疗互助"),
        TopicValue.STUDENT_AID: N_("金秋助学"),
        TopicValue.RIGHTS: N_("维权"),
        TopicValue.STATION: N_("驿站"),
        TopicValue.MEMBERSHIP: N_("入会"),
        TopicValue.OTHER: N_("其他"),
    },
    description="What the question was about.",
)
CHANNEL_ORDER = list(ChannelValue)


class ConsultationByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=consultations.consultations_by_id)


@strawberry.type(description="One hotline, SMS, WeChat or walk-in consultation. Union staff.")
class Consultation(relay.Node):
    id: relay.NodeID[int]
    channel: ConsultationChannel = strawberry.field(description="How it came in.")
    topic: ConsultationTopic = strawberry.field(description="What it was about.")
    at: dt.datetime = strawberry.field(description="When (UTC).")
    day: dt.date = strawberry.field(description="The Asia/Shanghai date it counts on.")
    note: str = strawberry.field(description="What was asked or answered (no personal data).")
    note_en: str = strawberry.field(
        description="The note in English where one was written, else empty."
    )
    is_sample: bool = strawberry.field(description="Sample data, not a real consultation.")
    answered_by: Account | None = strawberry.field(description="The staff member who took it.")

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        if not info.context.viewer.has_role(*BROADCASTERS):
            return [None for _ in node_ids]
        rows = await info.context.loader(ConsultationByIdLoader).load_many(
            [i or 0 for i in node_pks(node_ids)]
        )
        built = iter(await consultations_from_rows(info, [row for row in rows if row]))
        return [next(built) if row else None for row in rows]


async def consultations_from_rows(info: Info, rows: list[dict]) -> list[Consultation]:
    wanted = list(dict.fromkeys(r["answered_by_id"] for r in rows if r["answered_by_id"]))
    loaded = await info.context.loader(AccountByIdLoader).load_many(wanted)
    accounts = {row["id"]: Account.from_row(row) for row in loaded if row}
    return [
        Consultation(
            id=row["id"],
            channel=row["channel"],
            topic=row["topic"],
            at=row["at"],
            day=row["day"],
            note=row["note"],
            note_en=row["note_en"],
            is_sample=row["is_sample"],
            answered_by=accounts.get(row["answered_by_id"]),
        )
        for row in rows
    ]


@strawberry.type(description="Consultations through one channel.")
class ChannelCount:
    channel: ConsultationChannel = strawberry.field(description="The channel.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="One Asia/Shanghai day's consultations.")
class ConsultationDay:
    date: dt.date = strawberry.field(description="The day.")
    total: int = strawberry.field(description="All channels together.")
    sample_total: int = strawberry.field(
        description="Of total, the sample consultations (示例, isSample)."
    )
    counts: list[ChannelCount] = strawberry.field(
        description="Per channel, every channel listed (zero included), in a fixed order."
    )
    broadcasts: int = strawberry.field(description="Broadcasts sent that day.")


@strawberry.type(description="Daily consultation counts beside the broadcasts sent.")
class ConsultationStats:
    start: dt.date = strawberry.field(name="from", description="First day (Asia/Shanghai).")
    end: dt.date = strawberry.field(name="to", description="Last day, included.")
    total: int = strawberry.field(description="Consultations in the range.")
    sample_total: int = strawberry.field(
        description="Of total, the sample consultations (示例, isSample)."
    )
    by_channel: list[ChannelCount] = strawberry.field(description="Totals per channel.")
    days: list[ConsultationDay] = strawberry.field(description="Every day of the range, in order.")
    broadcast_count: int = strawberry.field(
        description="Broadcasts sent in the range, all of them (the daily counts add up to it)."
    )
    broadcasts: list[Broadcast] = strawberry.field(
        description="Broadcasts sent in the range, oldest first: the first 100 when there are "
        "more (compare broadcastCount; the `broadcasts` connection pages through them all)."
    )


def _counts(per_channel: dict[ConsultationChannel, int]) -> list[ChannelCount]:
    return [ChannelCount(channel=c, count=per_channel.get(c, 0)) for c in CHANNEL_ORDER]


async def stats_from(info: Info, found: consultations.Stats) -> ConsultationStats:
    sent_on: dict[dt.date, int] = {}
    for moment in found.broadcast_times:
        day = clock.local_date(moment)
        sent_on[day] = sent_on.get(day, 0) + 1
    days, totals = [], dict.fromkeys(CHANNEL_ORDER, 0)
    for day in found.days():
        per_channel = {c: found.counts.get((day, c), 0) for c in CHANNEL_ORDER}
        for channel, n in per_channel.items():
            totals[channel] += n
        days.append(
            ConsultationDay(
                date=day,
                total=sum(per_channel.values()),
                sample_total=found.sample_counts.get(day, 0),
                counts=_counts(per_channel),
                broadcasts=sent_on.get(day, 0),
            )
        )
    return ConsultationStats(
        start=found.start,
        end=found.end,
        total=sum(totals.values()),
        sample_total=sum(d.sample_total for d in days),
        by_channel=_counts(totals),
        days=days,
        broadcast_count=len(found.broadcast_times),
        broadcasts=await broadcasts_from_rows(info, found.broadcasts),
    )


@strawberry.input(description="A consultation to log.")
class LogConsultationInput:
    channel: ConsultationChannel = strawberry.field(description="How it came in.")
    topic: ConsultationTopic = strawberry.field(description="What it was about.")
    at: dt.datetime | None = strawberry.field(
        default=None,
        description="When, with a UTC offset (without one it is taken as UTC); default now; "
        "not in the future.",
    )
    note: str = strawberry.field(
        default="", description="Up to 500 characters; no names, phones or ID numbers."
    )


@strawberry.type(description="The consultation logged.")
class LogConsultationPayload:
    consultation: Consultation | None = strawberry.field(
        default=None, description="The new log entry."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was logged."
    )


@strawberry.type
class ConsultationsQuery:
    @strawberry.field(
        description="Logged consultations, newest first. Union staff.", extensions=STAFF_ONLY
    )
    async def consultations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        channel: Annotated[
            ConsultationChannel | None, strawberry.argument(description="Only this channel.")
        ] = None,
    ) -> Connection[Consultation]:
        page = await consultations.list_consultations(
            channel=channel and channel.value, first=first, after=after
        )
        return connection(page, await consultations_from_rows(info, page.rows))

    @strawberry.field(
        description="Consultations per Asia/Shanghai day and channel, from `from` to `to` "
        "(both included, at most 366 days), and the broadcasts sent then. Union staff.",
        extensions=STAFF_ONLY,
    )
    async def consultation_stats(
        self,
        info: Info,
        start: Annotated[dt.date, strawberry.argument(name="from", description="First day.")],
        end: Annotated[dt.date, strawberry.argument(name="to", description="Last day.")],
    ) -> ConsultationStats:
        return await stats_from(info, await consultations.stats(start, end))


@strawberry.type
class ConsultationsMutation:
    @strawberry.mutation(
        description="Log a hotline, SMS, WeChat or walk-in consultation, answered by you. "
        "Union staff.",
        extensions=STAFF_ONLY,
    )
    async def log_consultation(
        self, info: Info, input: LogConsultationInput
    ) -> LogConsultationPayload:
        logged = consultations.log_consultation(
            info.context.viewer,
            channel=input.channel.value,
            topic=input.topic.value,
            at=input.at,
            note=input.note,
        )
        row, errors = await attempt(info, logged)
        found = (await consultations_from_rows(info, [row]))[0] if row else None
        return LogConsultationPayload(consultation=found, user_errors=errors)
