"""Council cases in the schema. A public case is for everyone, a private one for its
reporter and the grid workers of its community; the reporter's name and phone, the staff
notes and the talent who could help are for those grid workers (the reporter sees their
own). Public steps show their notes to everyone: the council closes cases in the open."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay

from cityhub.models.council.cases import OutcomeKind, Priority
from cityhub.resolvers import uploads, workflow
from cityhub.resolvers.council import cases as council_cases
from cityhub.resolvers.council import communities as places
from cityhub.resolvers.council.cases import COMMUNITY_WORKER, CaseAction, CaseState
from cityhub.resolvers.council.cases import alerts as following
from cityhub.resolvers.council.cases.matching import talent_for
from cityhub.resolvers.council.cases.workflow import CASE_WORKFLOW
from cityhub.resolvers.council.categories import categories_by_id
from cityhub.schema.connections import node_pks
from cityhub.schema.context import Info, batch_loader
from cityhub.schema.council.cases.records import CaseMeeting, CaseOutcome, CaseReferral
from cityhub.schema.council.categories import CaseCategory
from cityhub.schema.council.communities import (
    AreaLoader,
    CommunityWorker,
    CouncilArea,
    viewer_communities,
)
from cityhub.schema.council.residents import TalentMember
from cityhub.schema.geo import GeoPoint
from cityhub.schema.workflow import TimelineEntry, workflow_types

WORKFLOW = workflow_types(CASE_WORKFLOW, "CouncilCase", CaseState, CaseAction)
CouncilCaseState = CaseState
CouncilCaseAction = CaseAction
if TYPE_CHECKING:
    CouncilCaseAvailableAction = Any
else:
    CouncilCaseAvailableAction = WORKFLOW.available_action
CaseLoader = batch_loader(council_cases.cases_by_id)
WorkerLoader = batch_loader(places.workers_by_id)
PhotoLoader = batch_loader(council_cases.photos_by_id)
CategoryLoader = batch_loader(categories_by_id)
PublicTimelineLoader = batch_loader(council_cases.public_timelines)
StaffTimelineLoader = batch_loader(council_cases.staff_timelines)
PhotosLoader = batch_loader(council_cases.photos_of)
ReferralsLoader = batch_loader(council_cases.referrals_of)
MeetingsLoader = batch_loader(council_cases.meetings_of)
OutcomeLoader = batch_loader(council_cases.outcomes_of)


@strawberry.type(description="A photo of a report or of an update (JPEG or PNG).")
class CasePhoto(relay.Node):
    id: relay.NodeID[int]
    url: str = strawberry.field(description="Where the portal serves it.")
    filename: str = strawberry.field(description="The name it was uploaded with.")
    download_name: str = strawberry.field(description="The name it is served under.")
    content_type: str = strawberry.field(description="image/jpeg or image/png.")
    size: int = strawberry.field(description="Bytes.")
    uploaded_at: dt.datetime = strawberry.field(description="When (UTC).")
    storage_key: str = strawberry.field(description="Where CityHub keeps it (for its portal).")

    @classmethod
    def from_row(cls, row: dict) -> CasePhoto:
        return cls(
            url=f"/council/photos/{row['id']}",
            download_name=uploads.download_name(row["filename"], row["content_type"]),
            **_names(row, "id", "filename", "content_type", "size", "uploaded_at", "storage_key"),
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Any, required: bool = False):
        """A photo for whoever may see its case (a staff-only one for its grid workers)."""
        rows = await info.context.loader(PhotoLoader).load_many(
            [i or 0 for i in node_pks(node_ids)]
        )
        parents = await info.context.loader(CaseLoader).load_many(
            [r["case_id"] if r else 0 for r in rows]
        )
        cases = {c.id: c for c in await cases_from_rows(info, [p for p in parents if p])}
        return [
            cls.from_row(row)
            if row
            and row["case_id"] in cases
            and (row["is_public"] or cases[row["case_id"]].worker)
            else None
            for row in rows
        ]


@strawberry.type(description="One of a case's own fields, as its category defines them.")
class CaseAttribute:
    code: str = strawberry.field(description="The field's code (Open311 attribute code).")
    values: list[str] = strawberry.field(description="Its value(s); list keys for lists.")


def _names(row: dict, *fields: str) -> dict[str, Any]:
    return {f: row[f] for f in fields}


@strawberry.type(
    description="A resident's issue brought to the neighbourhood council, with its whole "
    "life: steps, referrals, meetings and outcome."
)
class CouncilCase(relay.Node):
    id: relay.NodeID[int]
    reference: str = strawberry.field(description="e.g. YS2026-000123.")
    state: CouncilCaseState = strawberry.field(description="Where it is in the workflow.")
    state_label: str = strawberry.field(description="Where it is, in your language.")
    title: str = strawberry.field(description="What it is about, in Chinese.")
    title_en: str = strawberry.field(description="The title in English, where written.")
    description: str = strawberry.field(description="The resident's account of it.")
    description_en: str = strawberry.field(description="The account in English, if given.")
    address: str = strawberry.field(description="Where, in words.")
    location: GeoPoint | None = strawberry.field(description="Where, on a map (GCJ-02).")
    attributes: list[CaseAttribute] = strawberry.field(description="The category's fields.")
    is_public: bool = strawberry.field(description="Shown to everyone (the reporter chose).")
    anonymous: bool = strawberry.field(description="The reporter's name is not shown.")
    priority: Priority = strawberry.field(description="How urgent.")
    submitted_at: dt.datetime = strawberry.field(description="When it was reported (UTC).")
    updated_at: dt.datetime = strawberry.field(description="Last change (UTC).")
    accepted_at: dt.datetime | None = strawberry.field(description="When it was taken on.")
    resolved_at: dt.datetime | None = strawberry.field(description="Resolved or mediated.")
    closed_at: dt.datetime | None = strawberry.field(description="When it was closed.")
    reopen_until: dt.datetime | None = strawberry.field(
        description="Until when the reporter may reopen it (set when it closes)."
    )
    reopened: int = strawberry.field(description="How many times it was reopened.")
    rating: int | None = strawberry.field(description="The reporter's rating, 1 to 5.")
    rating_comment: str | None = strawberry.field(description="What the reporter said.")
    is_sample: bool = strawberry.field(description="Sample data (示例), not from the source.")
    reporter_name: str | None = strawberry.field(
        description="Who reported it: the reporter and the community's grid workers only."
    )
    reporter_phone: str | None = strawberry.field(
        description="How to reach the reporter: the community's grid workers only."
    )
    is_mine: bool = strawberry.field(description="You reported it.")
    available_actions: list[CouncilCaseAvailableAction] = strawberry.field(
        description="What you may do to it now, with labels."
    )
    raw: strawberry.Private[dict]
    worker: strawberry.Private[bool]  # a grid worker of its community

    @strawberry.field(description="Its category.")
    async def category(self, info: Info) -> CaseCategory:
        row = await info.context.loader(CategoryLoader).load(self.raw["category_id"])
        return CaseCategory.from_row(row)

    @strawberry.field(description="Its community.")
    async def community(self, info: Info) -> CouncilArea:
        return CouncilArea.from_row(
            await info.context.loader(AreaLoader).load(self.raw["community_id"])
        )

    @strawberry.field(description="The compound it is in.")
    async def compound(self, info: Info) -> CouncilArea:
        return CouncilArea.from_row(
            await info.context.loader(AreaLoader).load(self.raw["compound_id"])
        )

    @strawberry.field(description="The community worker it is assigned to, if any.")
    async def assignee(self, info: Info) -> CommunityWorker | None:
        worker_id = self.raw["assignee_id"]
        row = await info.context.loader(WorkerLoader).load(worker_id) if worker_id else None
        return CommunityWorker.from_row(row, self.worker) if row else None

    @strawberry.field(description="Its steps, oldest first; grid workers also see staff notes.")
    async def timeline(self, info: Info) -> list[TimelineEntry]:
        loader = StaffTimelineLoader if self.worker else PublicTimelineLoader
        rows = await info.context.loader(loader).load(self.id)
        entries = [TimelineEntry.from_row(info, row, True) for row in rows]
        if not self.worker:  # residents' names stay with the community
            for entry in entries:
                entry.actor = entry.actor_en = None
        return entries

    @strawberry.field(description="Its photos (those of staff notes for grid workers only).")
    async def photos(self, info: Info) -> list[CasePhoto]:
        rows = await info.context.loader(PhotosLoader).load(self.id)
        return [CasePhoto.from_row(r) for r in rows if r["is_public"] or self.worker]

    @strawberry.field(description="Departments it was referred to, and their answers.")
    async def referrals(self, info: Info) -> list[CaseReferral]:
        rows = await info.context.loader(ReferralsLoader).load(self.id)
        return [
            CaseReferral(
                answer=r["answer"] or None,
                answer_en=r["answer_en"] or None,
                **_names(r, "department", "department_en", "referred_at", "answered_at"),
            )
            for r in rows
        ]

    @strawberry.field(description="The council meetings held about it, in order.")
    async def meetings(self, info: Info) -> list[CaseMeeting]:
        rows = await info.context.loader(MeetingsLoader).load(self.id)
        fields = ("held_at", "place", "place_en", "minutes", "minutes_en")
        return [CaseMeeting(attendees=list(r["attendees"]), **_names(r, *fields)) for r in rows]

    @strawberry.field(description="What it came to, once resolved or mediated.")
    async def outcome(self, info: Info) -> CaseOutcome | None:
        row = await info.context.loader(OutcomeLoader).load(self.id)
        if row is None:
            return None
        return CaseOutcome(
            kind=OutcomeKind(row["kind"]),
            parties=list(row["parties"]),
            settlement_payer=row["settlement_payer"] or None,
            **_names(row, "summary", "summary_en", "settlement_amount", "agreed_at"),
        )

    @strawberry.field(
        description="Talent-pool members of its community whose skills fit its category and "
        "who agreed to be contacted: the community's grid workers only (empty for others)."
    )
    async def talent_matches(self, info: Info) -> list[TalentMember]:
        if not self.worker:
            return []
        category = await info.context.loader(CategoryLoader).load(self.raw["category_id"])
        rows = await talent_for(self.raw, category)
        return [await TalentMember.build(info, row) for row in rows]

    @strawberry.field(description="You follow it (its public steps reach you as alerts).")
    async def following(self, info: Info) -> bool:
        account = info.context.viewer.account_id
        (found,) = await following.following(account, [self.id])
        return found

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Any, required: bool = False):
        ids = [i or 0 for i in node_pks(node_ids)]
        rows = await info.context.loader(CaseLoader).load_many(ids)
        built = {c.id: c for c in await cases_from_rows(info, [r for r in rows if r])}
        return [built.get(row["id"]) if row else None for row in rows]


def _attributes(row: dict) -> list[CaseAttribute]:
    return [
        CaseAttribute(code=code, values=value if isinstance(value, list) else [str(value)])
        for code, value in sorted(row["attributes"].items())
    ]


def _build(info: Info, row: dict, worker: bool, moves: list[workflow.Transition]) -> CouncilCase:
    viewer = info.context.viewer
    mine = viewer.account_id is not None and row["reporter_id"] == viewer.account_id
    name = row["reporter__display_name"] if row["reporter_id"] else row["reporter_name"]
    phone = row["reporter__phone"] if row["reporter_id"] else row["reporter_phone"]
    fields = (
        *("id", "reference", "state", "title", "title_en", "description", "description_en"),
        *("address", "is_public", "anonymous", "submitted_at", "updated_at", "accepted_at"),
        *("resolved_at", "closed_at", "reopen_until", "reopened", "rating", "is_sample"),
    )
    point = GeoPoint(lat=row["lat"], lng=row["lng"]) if row["lat"] is not None else None
    return CouncilCase(
        state_label=WORKFLOW.state_label(info, row["state"]),
        location=point,
        attributes=_attributes(row),
        priority=Priority(row["priority"]),
        rating_comment=row["rating_comment"] or None,
        reporter_name=(name or None) if worker or mine else None,
        reporter_phone=(phone or None) if worker or mine else None,
        is_mine=mine,
        available_actions=WORKFLOW.available(info, moves),
        raw=row,
        worker=worker,
        **_names(row, *fields),
    )


async def cases_from_rows(info: Info, rows: list[dict]) -> list[CouncilCase]:
    """The cases the viewer may see, built; a private one only for its reporter and the
    grid workers of its community."""
    units = await viewer_communities(info)
    actor = workflow.Actor(info.context.viewer, units=units)
    built = []
    for row in rows:
        held = await CASE_WORKFLOW.relations(actor, row)
        if not (row["is_public"] or held & {workflow.OWNER, COMMUNITY_WORKER}):
            continue
        moves = await workflow.available(CASE_WORKFLOW, actor, row)
        built.append(_build(info, row, COMMUNITY_WORKER in held, moves))
    return built


def case_filter_for(info: Info, **where: Any) -> council_cases.CaseFilter:
    """A list filter that also shows the viewer's private cases (their own reports, and a
    grid worker's communities' ones); the communities are filled in by the caller."""
    return council_cases.CaseFilter(viewer_account=info.context.viewer.account_id, **where)
