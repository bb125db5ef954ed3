"""Mobile service windows (流动服务窗口) in the schema: sessions at stations on a schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub import clock
from cityhub.i18n import N_
from cityhub.models.union.stations import InferredFact, inferred_facts
from cityhub.resolvers.union import mobile_windows
from cityhub.schema.connections import After, Connection, First, connection, node_pks, nodes_of
from cityhub.schema.context import Info
from cityhub.schema.labels import labelled_enum

if TYPE_CHECKING:
    from cityhub.schema.union.stations import Station

Service = mobile_windows.WindowService
WindowService = Service
labelled_enum(
    WindowService,
    {
        Service.AID_APPLICATION: N_("救助申请"),
        Service.RIGHTS_APPLICATION: N_("维权申请"),
        Service.CONSULTATION: N_("政策咨询"),
        Service.MEDICAL_AID_CLAIM: N_("医疗互助报销"),
    },
    description="What a mobile service window handles.",
)


labelled_enum(
    InferredFact,
    {
        InferredFact.LOCATION: N_("位置为推测"),
        InferredFact.AMENITIES: N_("设施为推测"),
        InferredFact.HOURS: N_("时段为推测"),
    },
    description="A part of a published record that its source does not give and CityHub "
    "filled in by hand (a point placed on the published street, amenities from the "
    "article's general description, hours the article does not state).",
)
INFERRED_DESCRIPTION = (
    "Parts of this record that its source does not give, filled in by hand; empty when "
    "everything shown is published (or the record is sample data)."
)


class SessionByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=mobile_windows.sessions_by_id)


class SessionsByStationLoader(DataLoader[tuple[int, bool, int], list[dict]]):
    """Keys are (station id, upcoming, how many); "now" is fixed for the request."""

    def __init__(self) -> None:
        now = clock.now()
        super().__init__(load_fn=lambda keys: mobile_windows.sessions_by_station(keys, now))


@strawberry.type(
    description="A mobile service window (流动服务窗口) session: union staff at a station "
    "for a few hours, taking aid and rights applications and answering questions."
)
class MobileWindowSession(relay.Node):
    id: relay.NodeID[int]
    starts_at: dt.datetime = strawberry.field(description="When it opens (UTC).")
    ends_at: dt.datetime = strawberry.field(description="When it closes (UTC).")
    services: list[WindowService] = strawberry.field(description="What it handles.")
    note: str = strawberry.field(description="Details in Chinese, e.g. what to bring.")
    note_en: str = strawberry.field(description="The details in English.")
    is_sample: bool = strawberry.field(description="Sample data, not published by the source.")
    inferred: list[InferredFact] = strawberry.field(description=INFERRED_DESCRIPTION)
    station_id: strawberry.Private[int]

    @strawberry.field(description="Where it is held.")
    async def station(
        self, info: Info
    ) -> Annotated[Station, strawberry.lazy("cityhub.schema.union.stations")] | None:
        # A Station lists its sessions: this side refers back lazily, by type name.
        (station,) = await nodes_of(info, "Station", [self.station_id])
        return station

    @classmethod
    def from_row(cls, row: dict) -> MobileWindowSession:
        return cls(
            id=row["id"],
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            services=[mobile_windows.WindowService(s) for s in row["services"]],
            note=row["note"],
            note_en=row["note_en"],
            is_sample=row["is_sample"],
            inferred=inferred_facts(row["inferred"]),
            station_id=row["station_id"],
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        loader = info.context.loader(SessionByIdLoader)
        rows = await loader.load_many([i or 0 for i in node_pks(node_ids)])
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type
class MobileWindowsQuery:
    @strawberry.field(
        description="Mobile service window sessions at every station that are not over by "
        "`from` (default: now), soonest first."
    )
    async def mobile_window_sessions(
        self,
        first: First = None,
        after: After = None,
        from_: Annotated[
            dt.datetime | None,
            strawberry.argument(
                name="from", description="Sessions still open or to come at this time."
            ),
        ] = None,
    ) -> Connection[MobileWindowSession]:
        since = clock.now() if from_ is None else from_
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        page = await mobile_windows.list_sessions(since=since, first=first, after=after)
        return connection(page, [MobileWindowSession.from_row(row) for row in page.rows])
