"""The union itself in the schema: live counts beside the figures the source published."""

from __future__ import annotations

import datetime as dt

import strawberry

from cityhub.resolvers.registry import ADMIN
from cityhub.resolvers.union import trade_union
from cityhub.resolvers.union.trade_union import UNION_STAFF_ROLES
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.facts import PublishedFigure, PublishedFiguresByDomainLoader
from cityhub.schema.permissions import allow


@strawberry.type(
    description="太原市巡游网约车行业工会联合会: live counts beside published figures."
)
class TradeUnion:
    name: str = strawberry.field(description="The union's name.")
    name_en: str = strawberry.field(description="The union's name in English.")
    member_count: int = strawberry.field(description="Active members in CityHub (live count).")
    registered_drivers: int = strawberry.field(
        description="Registered taxi and ride-hailing drivers in the city (data an admin edits)."
    )
    registered_drivers_note: str = strawberry.field(
        description="Where the registered-driver figure comes from."
    )
    registered_drivers_note_en: str = strawberry.field(
        description="Where the registered-driver figure comes from, in English."
    )
    membership_rate: float | None = strawberry.field(
        description="memberCount / registeredDrivers (入会率), computed from live data."
    )
    station_count: int = strawberry.field(description="Worker stations in CityHub (live count).")
    founded_on: dt.date | None = strawberry.field(description="When the union was founded.")
    check_in_repeat_minutes: int = strawberry.field(
        description="Policy: a second check-in at the same station within this many minutes "
        "counts as the same visit (an admin changes it with updateUnion)."
    )

    @strawberry.field(description="Of memberCount, the sample members (示例, isSample).")
    async def member_sample_count(self) -> int:
        return await trade_union.member_sample_count()

    @strawberry.field(description="Of stationCount, the sample stations (示例, isSample).")
    async def station_sample_count(self) -> int:
        return await trade_union.station_sample_count()

    @strawberry.field(description="Figures the source published, with their date and source.")
    async def published_figures(self, info: Info) -> list[PublishedFigure]:
        rows = await info.context.loader(PublishedFiguresByDomainLoader).load("union")
        return [PublishedFigure.from_row(row) for row in rows]

    @classmethod
    def from_figures(cls, figures: trade_union.UnionFigures) -> TradeUnion:
        row = figures.row
        return cls(
            name=row["name"],
            name_en=row["name_en"],
            member_count=figures.member_count,
            registered_drivers=row["registered_drivers"],
            registered_drivers_note=row["registered_drivers_note"],
            registered_drivers_note_en=row["registered_drivers_note_en"],
            membership_rate=figures.membership_rate,
            station_count=figures.station_count,
            founded_on=row["founded_on"],
            check_in_repeat_minutes=row["check_in_repeat_minutes"],
        )


@strawberry.input(description="Corrections to the union's own figures.")
class UpdateUnionInput:
    registered_drivers: int | None = strawberry.field(
        default=None, description="Registered drivers in the city."
    )
    check_in_repeat_minutes: int | None = strawberry.field(
        default=None,
        description="Minutes within which a repeat check-in is the same visit, 1-1440.",
    )


@strawberry.type(description="The union after the change.")
class UpdateUnionPayload:
    union: TradeUnion | None = strawberry.field(default=None, description="The union.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


@strawberry.type
class TradeUnionQuery:
    @strawberry.field(description="The drivers' union: live counts and published figures.")
    async def union(self) -> TradeUnion:
        return TradeUnion.from_figures(await trade_union.union_figures())


@strawberry.type
class TradeUnionMutation:
    @strawberry.mutation(
        description="Correct the union's registered-driver count or change its check-in "
        "policy. Admins; audited.",
        extensions=allow(roles=[ADMIN]),
    )
    async def update_union(self, info: Info, input: UpdateUnionInput) -> UpdateUnionPayload:
        changed = trade_union.update_union(
            info.context.viewer,
            registered_drivers=input.registered_drivers,
            check_in_repeat_minutes=input.check_in_repeat_minutes,
        )
        figures, errors = await attempt(info, changed)
        union = TradeUnion.from_figures(figures) if figures else None
        return UpdateUnionPayload(union=union, user_errors=errors)


@strawberry.type
class TradeUnionViewer:
    @strawberry.field(
        description="Whether you work for the union (union staff or an admin): its staff "
        "pages and tools are yours."
    )
    def is_union_staff(self, info: Info) -> bool:
        return info.context.viewer.has_role(*UNION_STAFF_ROLES)
