"""Writing council cases in the schema: reporting one (with photos as GraphQL multipart
uploads, or on a resident's behalf), moving one through its workflow, following cases
and compounds, and marking alerts read."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.council.communities import AreaKind
from cityhub.resolvers import workflow
from cityhub.resolvers.council.cases import alerts as following
from cityhub.resolvers.council.cases import case_now, steps
from cityhub.resolvers.council.cases.report import CaseReport, OnBehalf, report_case
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.council.cases import CouncilCase, CouncilCaseAction, cases_from_rows
from cityhub.schema.council.cases.details import (
    CaseMeetingInput,
    CaseOutcomeInput,
    meeting_of,
    outcome_of,
    worker_pk,
)
from cityhub.schema.council.communities import AreaLoader, viewer_communities
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.inputs import max_length
from cityhub.schema.permissions import signed_in
from cityhub.schema.uploads import incoming_files, upload_policy
from cityhub.schema.workflow import TimelineChannel

ATTRIBUTES_MAX = 30


@strawberry.input(description="One of the category's own fields (see CaseCategory.attributes).")
class CaseAttributeInput:
    code: str = strawberry.field(description="The field's code.", directives=max_length(40))
    values: list[str] = strawberry.field(
        description="Its value; several keys for a multivaluelist.", directives=max_length(500)
    )


@strawberry.input(description="A resident who phoned or came in (a grid worker reports).")
class OnBehalfInput:
    name: str = strawberry.field(description="What to call them.", directives=max_length(40))
    phone: str = strawberry.field(
        default="", description="How to call them back.", directives=max_length(20)
    )
    channel: TimelineChannel = strawberry.field(description="PHONE or IN_PERSON.")


@strawberry.input(
    description="A new case. Signed in as a resident, it is yours; a grid worker of the "
    "compound's community may report for a resident with `onBehalf`."
)
class SubmitCouncilCaseInput:
    category: relay.GlobalID = strawberry.field(description="A CaseCategory.")
    compound: relay.GlobalID = strawberry.field(description="The compound it is in.")
    title: str = strawberry.field(description="4 to 60 characters.", directives=max_length(60))
    description: str = strawberry.field(
        description="10 to 2000 characters.", directives=max_length(2000)
    )
    address: str = strawberry.field(
        default="", description="Where, in words.", directives=max_length(200)
    )
    lat: float | None = strawberry.field(default=None, description="Latitude (GCJ-02).")
    lng: float | None = strawberry.field(default=None, description="Longitude (GCJ-02).")
    attributes: list[CaseAttributeInput] = strawberry.field(
        default_factory=list, description="The category's own fields."
    )
    anonymous: bool = strawberry.field(default=False, description="Show no name publicly.")
    is_public: bool = strawberry.field(
        default=True, description="Show it on the public board (false: you and the community)."
    )
    photos: list[Upload] | None = strawberry.field(
        default=None, description="JPEG or PNG photos as multipart uploads (the policy's most)."
    )
    on_behalf: OnBehalfInput | None = strawberry.field(
        default=None, description="Grid workers: the resident who phoned or came in."
    )


@strawberry.input(description="One step of a case (see availableActions).")
class MoveCouncilCaseInput:
    case: relay.GlobalID = strawberry.field(description="The case.")
    action: CouncilCaseAction = strawberry.field(description="The step.")
    note: str = strawberry.field(
        default="",
        description="The step's note: required for ADD_UPDATE, STAFF_NOTE, DEPARTMENT_ANSWER "
        "(the answer), DECLINE and REOPEN (the reason); RATE's comment.",
        directives=max_length(2000),
    )
    assignee: relay.GlobalID | None = strawberry.field(
        default=None, description="ASSIGN (and optionally ACCEPT): the worker."
    )
    department: str = strawberry.field(
        default="", description="REFER: the department.", directives=max_length(100)
    )
    meeting: CaseMeetingInput | None = strawberry.field(default=None, description="RECORD_MEETING.")
    outcome: CaseOutcomeInput | None = strawberry.field(
        default=None, description="RESOLVE and MEDIATE."
    )
    rating: int | None = strawberry.field(default=None, description="RATE: 1 to 5.")


@strawberry.type(description="The case after the change, or why nothing changed.")
class CouncilCasePayload:
    council_case: CouncilCase | None = strawberry.field(default=None, description="The case.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was written."
    )


async def case_payload(
    info: Info, case_id: int | None, errors: list[UserError]
) -> CouncilCasePayload:
    if case_id is None:
        return CouncilCasePayload(user_errors=errors)
    built = await cases_from_rows(info, [await case_now(case_id)])
    return CouncilCasePayload(council_case=built[0] if built else None, user_errors=errors)


def _report(data: SubmitCouncilCaseInput) -> CaseReport:
    behalf = data.on_behalf
    return CaseReport(
        category_id=node_pk(data.category, "CaseCategory"),
        compound_id=node_pk(data.compound, "CouncilArea"),
        title=data.title,
        description=data.description,
        address=data.address,
        lat=data.lat,
        lng=data.lng,
        attributes={
            a.code: a.values if len(a.values) != 1 else a.values[0]
            for a in data.attributes[:ATTRIBUTES_MAX]
        },
        anonymous=data.anonymous,
        is_public=data.is_public,
        on_behalf=OnBehalf(behalf.name, behalf.phone, workflow.Channel(behalf.channel.value))
        if behalf
        else None,
    )


def _details(data: MoveCouncilCaseInput) -> steps.StepDetails:
    return steps.StepDetails(
        note=data.note,
        assignee_id=worker_pk(data.assignee),
        department=data.department,
        meeting=meeting_of(data.meeting),
        outcome=outcome_of(data.outcome),
        rating=data.rating,
    )


async def _visible_id(info: Info, case: relay.GlobalID) -> int:
    actor = workflow.Actor(info.context.viewer, units=await viewer_communities(info))
    row = await steps.visible_case(actor, node_pk(case, "CouncilCase"))
    return int(row["id"])


async def move(
    info: Info,
    case: relay.GlobalID,
    action: str,
    details: steps.StepDetails,
    photos: list[Upload] | None = None,
) -> CouncilCasePayload:
    """One step on the case, as the viewer (photos for an update or a staff note)."""
    actor = workflow.Actor(info.context.viewer, units=await viewer_communities(info))
    files = None
    if photos:
        policy = upload_policy(info)
        files = steps.StepPhotos(await incoming_files(list(photos), policy), policy)
    moved = steps.take_step(actor, node_pk(case, "CouncilCase"), action, details, files)
    row, errors = await attempt(info, moved)
    return await case_payload(info, row["id"] if row else None, errors)


async def _follow(info: Info, case: relay.GlobalID, follow: bool) -> CouncilCasePayload:
    account = info.context.viewer.account_id
    assert account is not None, "signed_in() let only accounts through"
    found, errors = await attempt(info, _visible_id(info, case))
    if found is not None:
        change = following.follow_case if follow else following.unfollow_case
        await change(account, found)
    return await case_payload(info, found, errors)


@strawberry.type
class CasesMutation:
    @strawberry.mutation(
        description="Report an issue to the neighbourhood council. Every problem is a "
        "userError and nothing (no case, no photo) is written; the reporter follows the "
        "case, and a public one alerts those who follow its compound. A partner app's key "
        "with council:report relays a resident's report (`onBehalf`, channel SYSTEM).",
    )
    async def submit_council_case(
        self, info: Info, input: SubmitCouncilCaseInput
    ) -> CouncilCasePayload:
        policy = upload_policy(info)
        photos = await incoming_files(list(input.photos or []), policy)
        created, errors = await attempt(
            info, report_case(info.context.viewer, _report(input), photos, policy)
        )
        return await case_payload(info, created, errors)

    @strawberry.mutation(
        description="Take any step on a case (the named mutations below are the same steps "
        "with their own inputs): grid workers of its community accept, assign, consult, "
        "refer, record answers and meetings, post updates and staff notes, resolve, mediate, "
        "close and decline; the reporter withdraws, reopens (within the policy's days) and "
        "rates. A wrong role or state is a userError and nothing is recorded.",
        extensions=signed_in(),
    )
    async def move_council_case(
        self, info: Info, input: MoveCouncilCaseInput
    ) -> CouncilCasePayload:
        return await move(info, input.case, input.action.value, _details(input))

    @strawberry.mutation(
        description="Follow a case you may see: its public steps come to you as alerts.",
        extensions=signed_in(),
    )
    async def follow_case(self, info: Info, case: relay.GlobalID) -> CouncilCasePayload:
        return await _follow(info, case, True)

    @strawberry.mutation(
        description="Stop following a case: no more alerts of it.", extensions=signed_in()
    )
    async def unfollow_case(self, info: Info, case: relay.GlobalID) -> CouncilCasePayload:
        return await _follow(info, case, False)

    @strawberry.mutation(
        description="Follow (or stop following) a compound: each new public case in it comes "
        "to you as an alert. Returns whether you follow it now.",
        extensions=signed_in(),
    )
    async def follow_compound(
        self, info: Info, compound: relay.GlobalID, follow: bool = True
    ) -> bool:
        account = info.context.viewer.account_id
        assert account is not None, "signed_in() let only accounts through"
        pk = node_pk(compound, "CouncilArea")
        area = await info.context.loader(AreaLoader).load(pk) if pk else None
        if area is None or area["kind"] != AreaKind.COMPOUND:
            raise BadInput(N_("找不到该小区"), code="NOT_FOUND")
        await following.follow_compound(account, area["id"], follow)
        return follow

    @strawberry.mutation(
        description="Mark your case alerts read: these, or all when `alerts` is omitted. "
        "Returns how many changed.",
        extensions=signed_in(),
    )
    async def mark_case_alerts_read(self, info: Info, alerts: list[int] | None = None) -> int:
        account = info.context.viewer.account_id
        assert account is not None, "signed_in() let only accounts through"
        return await following.mark_read(account, alerts[:100] if alerts is not None else None)
