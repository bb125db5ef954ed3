"""The council's places and people in the schema: the area tree (street, community,
compound, grid), each community's organisation chain, its workers and facilities.

A worker's phone is shown only to grid workers of the same community."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from cityhub.i18n import N_
from cityhub.models.council.communities import AreaKind, Duty
from cityhub.resolvers.council import GRID_WORKER
from cityhub.resolvers.council import communities as places
from cityhub.resolvers.council.facilities import facilities_of
from cityhub.schema.connections import node_pk, node_pks
from cityhub.schema.context import Info, batch_loader
from cityhub.schema.council.facilities import Facility
from cityhub.schema.figures import CityFigure
from cityhub.schema.geo import GeoPoint
from cityhub.schema.labels import labelled_enum
from cityhub.schema.search import SearchHit, SearchSection

labelled_enum(
    AreaKind,
    {
        AreaKind.STREET: N_("街道"),
        AreaKind.COMMUNITY: N_("社区"),
        AreaKind.COMPOUND: N_("小区"),
        AreaKind.GRID: N_("网格"),
    },
    name="CouncilAreaKind",
    description="A level of the area tree below a district.",
)
labelled_enum(
    Duty,
    {
        Duty.GRID_WORKER: N_("网格员"),
        Duty.PARTY_SECRETARY: N_("社区党总支书记"),
        Duty.COMMUNITY_STAFF: N_("社区工作人员"),
    },
    name="CommunityWorkerDuty",
    description="What a community worker does.",
)


AreaLoader = batch_loader(places.areas_by_id)
ChildrenLoader = batch_loader(places.children_of)
OrgUnitsLoader = batch_loader(places.org_units_of)
WorkersLoader = batch_loader(places.workers_of)
FacilitiesLoader = batch_loader(facilities_of)
CompoundsLoader = batch_loader(lambda ids: places.areas_in(ids, AreaKind.COMPOUND))
WorkerCommunitiesLoader = batch_loader(places.worker_communities)


async def viewer_communities(info: Info) -> frozenset[int]:
    """The communities the viewer works for as a grid worker (none for anyone else)."""
    viewer = info.context.viewer
    if viewer.account_id is None or not viewer.has_role(GRID_WORKER):
        return frozenset()
    return await info.context.loader(WorkerCommunitiesLoader).load(viewer.account_id)


@strawberry.type(description="One link of the community's organisation chain (四级组织链条).")
class OrgUnit:
    level: int = strawberry.field(
        description="1 community party branch (社区党总支), 2 compound branch (小区党支部), "
        "3 property company branch (物业党支部), 4 grid party group (网格党小组)."
    )
    name: str = strawberry.field(description="Its name in Chinese.")
    name_en: str = strawberry.field(description="Its name in English.")
    is_sample: bool = strawberry.field(description="Sample data (示例), not from the source.")


@strawberry.type(description="Someone who serves the community in a public role.")
class CommunityWorker:
    id: strawberry.ID = strawberry.field(
        description="Their ID: the assignee of assignCase and acceptCase."
    )
    name: str = strawberry.field(description="Their name.")
    name_en: str = strawberry.field(description="Their name in pinyin, where given.")
    duty: Duty = strawberry.field(description="What they do.")
    office_hours: str = strawberry.field(description="When and where to find them.")
    is_sample: bool = strawberry.field(description="Sample data (示例), not from the source.")
    phone: str | None = strawberry.field(
        description="How to reach them: grid workers of the same community only."
    )
    raw: strawberry.Private[dict]

    @strawberry.field(description="The grid they look after, if one.")
    async def grid(self, info: Info) -> CouncilArea | None:
        grid_id = self.raw["grid_id"]
        row = await info.context.loader(AreaLoader).load(grid_id) if grid_id else None
        return CouncilArea.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: dict, colleague: bool) -> CommunityWorker:
        return cls(
            id=strawberry.ID(relay.to_base64("CommunityWorker", row["id"])),
            name=row["name"],
            name_en=row["name_en"],
            duty=Duty(row["duty"]),
            office_hours=row["office_hours"],
            is_sample=row["is_sample"],
            phone=(row["phone"] or None) if colleague else None,
            raw=row,
        )


@strawberry.type(description="A place below a district: a street, community, compound or grid.")
class CouncilArea(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Stable short code, e.g. zc-2 (中车国际二期).")
    kind: AreaKind = strawberry.field(description="Street, community, compound or grid.")
    name: str = strawberry.field(description="Its name in Chinese.")
    name_en: str = strawberry.field(description="Its name in English.")
    location: GeoPoint | None = strawberry.field(description="Where it is (GCJ-02), if known.")
    is_sample: bool = strawberry.field(description="Sample data (示例), not from the source.")
    raw: strawberry.Private[dict]

    @strawberry.field(description="The area it is part of (null for a street).")
    async def parent(self, info: Info) -> CouncilArea | None:
        parent_id = self.raw["parent_id"]
        row = await info.context.loader(AreaLoader).load(parent_id) if parent_id else None
        return CouncilArea.from_row(row) if row else None

    @strawberry.field(description="The areas one level below, in order.")
    async def children(self, info: Info) -> list[CouncilArea]:
        rows = await info.context.loader(ChildrenLoader).load(self.id)
        return [CouncilArea.from_row(row) for row in rows]

    @strawberry.field(description="A community's compounds, in order (empty for others).")
    async def compounds(self, info: Info) -> list[CouncilArea]:
        if self.kind != AreaKind.COMMUNITY:
            return []
        rows = await info.context.loader(CompoundsLoader).load(self.id)
        return [CouncilArea.from_row(row) for row in rows]

    @strawberry.field(description="A community's organisation chain, level by level.")
    async def org_chain(self, info: Info) -> list[OrgUnit]:
        rows = await info.context.loader(OrgUnitsLoader).load(self.id)
        names = ("level", "name", "name_en", "is_sample")
        return [OrgUnit(**{n: row[n] for n in names}) for row in rows]

    @strawberry.field(description="A community's workers: grid workers and staff.")
    async def workers(self, info: Info) -> list[CommunityWorker]:
        rows = await info.context.loader(WorkersLoader).load(self.id)
        colleague = self.id in await viewer_communities(info)
        return [CommunityWorker.from_row(row, colleague) for row in rows]

    @strawberry.field(description="A community's facilities (e.g. 便便屋), for its map.")
    async def facilities(self, info: Info) -> list[Facility]:
        rows = await info.context.loader(FacilitiesLoader).load(self.id)
        return [Facility.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: dict) -> CouncilArea:
        point = GeoPoint(lat=row["lat"], lng=row["lng"]) if row["lat"] is not None else None
        names = ("id", "code", "name", "name_en", "is_sample")
        return cls(
            kind=AreaKind(row["kind"]), location=point, raw=row, **{n: row[n] for n in names}
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Any, required: bool = False):
        rows = await info.context.loader(AreaLoader).load_many([i or 0 for i in node_pks(node_ids)])
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type
class CommunitiesQuery:
    @strawberry.field(description="The communities with a neighbourhood council, in order.")
    async def communities(self, info: Info) -> list[CouncilArea]:
        return [CouncilArea.from_row(row) for row in await places.communities()]

    @strawberry.field(description="A community (or any area) by its ID; null if none.")
    async def community(self, info: Info, id: relay.GlobalID) -> CouncilArea | None:
        pk = node_pk(id, "CouncilArea")
        row = await info.context.loader(AreaLoader).load(pk) if pk else None
        return CouncilArea.from_row(row) if row else None


async def search_areas(info: Info, text: str, first: int) -> SearchSection:
    """Communities and compounds by name, in Chinese or English: public records."""
    rows, total, samples = await places.search_areas(text, first)
    english = info.context.locale != "zh-CN"
    say = info.context._
    hits = [
        SearchHit(
            title=(row["name_en"] if english and row["name_en"] else row["name"]),
            summary=say(N_("社区") if row["kind"] == AreaKind.COMMUNITY else N_("小区")),
            path="/council",
            is_sample=row["is_sample"],
            node=CouncilArea.from_row(row),
        )
        for row in rows
    ]
    label = say(N_("社区与小区"))
    return SearchSection(
        domain="council", label=label, total_count=total, sample_count=samples, hits=hits
    )


async def council_figures(info: Info) -> list[CityFigure]:
    """The council's live counts for the city dashboard (published figures are apart)."""
    live = await places.live_counts()
    say = info.context._
    shown = (
        ("compounds", N_("议事会覆盖的小区"), N_("个")),
        ("facilities", N_("社区便民设施"), N_("处")),
        ("talent", N_("社区人才库成员"), N_("人")),
        ("cases", N_("公开的议事"), N_("件")),
        ("survey_responses", N_("社区问卷答卷"), N_("份")),
    )
    return [
        CityFigure(
            key=f"council.{key}",
            domain="council",
            label=say(label),
            value=live[key][0],
            sample_count=live[key][1],
            unit=say(unit),
        )
        for key, label, unit in shown
    ]
