"""Aid applications in the schema: personal data for the applicant and union staff only,
masked for partner keys with aid:read, nothing for anyone else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub.resolvers import uploads
from cityhub.resolvers.privacy import can_read_personal, mask_name
from cityhub.resolvers.union import aid_applications as applications
from cityhub.resolvers.union.aid_applications import STAFF, AidAction, AidState
from cityhub.resolvers.union.aid_applications.workflow import AID_WORKFLOW, policy_amount
from cityhub.resolvers.union.members import member_for_account
from cityhub.resolvers.workflow import Actor, Transition, available
from cityhub.schema.connections import After, Connection, First, connection, node_pks
from cityhub.schema.context import Info, referenced
from cityhub.schema.errors import UserError
from cityhub.schema.permissions import allow
from cityhub.schema.union.aid_programs import (
    AidProgram,
    AidProgramByIdLoader,
    StudentAidChannel,
    program_row,
)
from cityhub.schema.union.aid_programs.categories import MedicalCategory, category_rows
from cityhub.schema.union.members import Member, MemberByIdLoader, members_from_rows
from cityhub.schema.workflow import TimelineEntry, workflow_types

AID_READ = "aid:read"
WORKFLOW = workflow_types(AID_WORKFLOW, "AidApplication", AidState, AidAction)
AidApplicationState = AidState
AidApplicationAction = AidAction
if TYPE_CHECKING:
    AidApplicationAvailableAction = Any
else:
    AidApplicationAvailableAction = WORKFLOW.available_action
LIST_READERS = allow(roles=STAFF, scopes=[AID_READ])


class AidApplicationByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=applications.applications_by_id)


class AttachmentsByApplicationLoader(DataLoader[int, list[dict]]):
    def __init__(self) -> None:
        super().__init__(load_fn=applications.attachments_by_application)


class AttachmentByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=applications.attachments_by_id)


class PublicTimelineLoader(DataLoader[int, list[dict]]):
    def __init__(self) -> None:
        super().__init__(load_fn=applications.public_timelines)


class StaffTimelineLoader(DataLoader[int, list[dict]]):
    def __init__(self) -> None:
        super().__init__(load_fn=applications.staff_timelines)


@strawberry.type(description="An uploaded invoice or document (PDF, JPEG or PNG).")
class AidAttachment(relay.Node):
    id: relay.NodeID[int]
    filename: str = strawberry.field(description="The name it was uploaded with (for display).")
    download_name: str = strawberry.field(
        description="The name it is served under: the uploaded name with the extension of "
        "its checked type (a PDF uploaded as poly.html is poly.pdf)."
    )
    content_type: str = strawberry.field(description="Read from the file's bytes.")
    size: int = strawberry.field(description="Bytes.")
    sha256: str = strawberry.field(description="SHA-256 of the bytes, hex.")
    uploaded_at: dt.datetime = strawberry.field(description="When (UTC).")
    storage_key: str = strawberry.field(description="Where CityHub keeps it (for its portal).")

    @classmethod
    def from_row(cls, row: dict) -> AidAttachment:
        fields = ("id", "filename", "content_type", "size", "sha256", "uploaded_at", "storage_key")
        name = uploads.download_name(row["filename"], row["content_type"])
        return cls(download_name=name, **{field: row[field] for field in fields})

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        ids = [i or 0 for i in node_pks(node_ids)]
        rows = await info.context.loader(AttachmentByIdLoader).load_many(ids)
        parents = await info.context.loader(AidApplicationByIdLoader).load_many(
            [row["application_id"] if row else 0 for row in rows]
        )
        built = await applications_from_rows(info, [p for p in parents if p])
        personal = {a.id: a.personal for a in built}
        return [
            cls.from_row(row) if row and personal.get(row["application_id"]) else None
            for row in rows
        ]


@strawberry.type(
    description="An application for aid. Child name, school, amounts, hospital, dates and "
    "invoices are personal: the applicant and union staff see them; partner keys with "
    "aid:read see the member and child name masked and the rest null."
)
class AidApplication(relay.Node):
    id: relay.NodeID[int]
    reference: str = strawberry.field(description="e.g. JQ2024-000123 or YL2024-000045.")
    state: AidApplicationState = strawberry.field(description="Where it is in the workflow.")
    state_label: str = strawberry.field(description="Where it is, in your language.")
    submitted_at: dt.datetime = strawberry.field(description="When it was submitted (UTC).")
    updated_at: dt.datetime = strawberry.field(description="Last change (UTC).")
    program: AidProgram = strawberry.field(description="The program-year applied to.")
    member: Member | None = strawberry.field(description="The applicant (masked for partners).")
    is_sample: bool = strawberry.field(description="Sample data, not a real application.")
    child_name: str | None = strawberry.field(description="Student aid: the child (masked).")
    school: str | None = strawberry.field(description="Student aid: the school.")
    admission_year: int | None = strawberry.field(description="Student aid: year admitted.")
    channel: StudentAidChannel | None = strawberry.field(
        description="Student aid: the channel (says whether the family is on the hardship "
        "register); null for partners."
    )
    category: MedicalCategory | None = strawberry.field(
        description="Medical: the cost's kind (names an illness); null for partners."
    )
    self_paid_amount: Decimal | None = strawberry.field(description="Medical: self-paid yuan.")
    treatment_started_on: dt.date | None = strawberry.field(description="Medical: from.")
    treatment_ended_on: dt.date | None = strawberry.field(description="Medical: to.")
    hospital: str | None = strawberry.field(description="Medical: the hospital.")
    decision_reason: str | None = strawberry.field(description="Why it was rejected.")
    decision_reason_en: str | None = strawberry.field(description="Why, in English if written.")
    policy_amount: Decimal | None = strawberry.field(
        description="Yuan the policy gives (formula capped at the limit, or the student "
        "amount): approval's default and most. Null without a formula, or for partners."
    )
    approved_amount: Decimal | None = strawberry.field(description="Yuan approved.")
    paid_amount: Decimal | None = strawberry.field(description="Yuan paid.")
    paid_at: dt.datetime | None = strawberry.field(description="When it was paid (UTC).")
    available_actions: list[AidApplicationAvailableAction] = strawberry.field(
        description="What you may do to it now, with labels."
    )
    personal: strawberry.Private[bool]
    staff: strawberry.Private[bool]

    @strawberry.field(description="Its history, oldest first; staff also see staff-only notes.")
    async def timeline(self, info: Info) -> list[TimelineEntry]:
        loader = StaffTimelineLoader if self.staff else PublicTimelineLoader
        rows = await info.context.loader(loader).load(self.id)
        return [TimelineEntry.from_row(info, row, self.personal) for row in rows]

    @strawberry.field(description="Uploaded invoices and documents; empty for partners.")
    async def attachments(self, info: Info) -> list[AidAttachment]:
        if not self.personal:
            return []
        rows = await info.context.loader(AttachmentsByApplicationLoader).load(self.id)
        return [AidAttachment.from_row(row) for row in rows]

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        ids = [i or 0 for i in node_pks(node_ids)]
        rows = await info.context.loader(AidApplicationByIdLoader).load_many(ids)
        built = {a.id: a for a in await applications_from_rows(info, [r for r in rows if r])}
        return [built.get(row["id"]) if row else None for row in rows]


def _build(
    info: Info, row: dict, program: dict, member: Member, moves: list[Transition]
) -> AidApplication:
    viewer = info.context.viewer
    owner = member.raw["account_id"]
    personal = can_read_personal(viewer, owner, *STAFF)
    shown = row if personal else {}
    return AidApplication(
        id=row["id"],
        reference=row["reference"],
        state=row["state"],
        submitted_at=row["submitted_at"],
        updated_at=row["updated_at"],
        program=AidProgram.from_row(program),
        member=member,
        is_sample=row["is_sample"],
        child_name=row["child_name"] if personal else mask_name(row["child_name"]),
        school=shown.get("school"),
        admission_year=row["admission_year"],
        # The channel says whether the family is on the hardship register (income) and the
        # category names an illness: personal, like the amounts.
        channel=shown.get("channel"),
        category=MedicalCategory.from_row(shown["category"]) if shown.get("category") else None,
        self_paid_amount=shown.get("self_paid_amount"),
        treatment_started_on=shown.get("treatment_started_on"),
        treatment_ended_on=shown.get("treatment_ended_on"),
        hospital=shown.get("hospital"),
        decision_reason=shown.get("decision_reason"),
        decision_reason_en=shown.get("decision_reason_en"),
        policy_amount=policy_amount(program, row) if personal else None,
        approved_amount=shown.get("approved_amount"),
        paid_amount=shown.get("paid_amount"),
        paid_at=row["paid_at"],
        state_label=WORKFLOW.state_label(info, row["state"]),
        available_actions=WORKFLOW.available(info, moves),
        personal=personal,
        staff=viewer.has_role(*STAFF),
    )


async def applications_from_rows(info: Info, rows: list[dict]) -> list[AidApplication]:
    """The applications the viewer may see, with programs and members batch-loaded."""
    viewer = info.context.viewer
    programs = referenced(
        await info.context.loader(AidProgramByIdLoader).load_many(
            [row["program_id"] for row in rows]
        ),
        "program",
    )
    member_rows = referenced(
        await info.context.loader(MemberByIdLoader).load_many([row["member_id"] for row in rows]),
        "member",
    )
    members = await members_from_rows(info, member_rows)
    categories = await category_rows(info, [row["category"] for row in rows])
    rows = [{**row, "category": categories.get(row["category"])} for row in rows]
    actor = Actor(viewer)
    return [
        _build(info, row, program, member, await available(AID_WORKFLOW, actor, row))
        for row, program, member in zip(rows, programs, members, strict=True)
        if can_read_personal(viewer, member.raw["account_id"], *STAFF) or viewer.has_scope(AID_READ)
    ]


@strawberry.type
class AidApplicationsQuery:
    @strawberry.field(
        description="Aid applications, oldest first. Union staff see them in full; partner "
        "keys with aid:read see them with personal data masked. With `needsMyAction`, only "
        "those in a state where your role can take a step (a reviewer's queue).",
        extensions=LIST_READERS,
    )
    async def aid_applications(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        program: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this program.")
        ] = None,
        state: AidApplicationState | None = None,
        needs_my_action: bool = False,
    ) -> Connection[AidApplication]:
        waiting = AID_WORKFLOW.actionable_states(info.context.viewer.roles)
        program_id = None
        if program is not None:
            row = await program_row(info, program)
            program_id = row["id"] if row else 0
        where = applications.ApplicationFilter(
            program_id=program_id,
            state=state and state.value,
            states=frozenset(waiting) if needs_my_action else None,
        )
        page = await applications.list_applications(where, first=first, after=after)
        return connection(page, await applications_from_rows(info, page.rows))


@strawberry.type
class AidApplicationsViewer:
    @strawberry.field(
        description="The signed-in member's own aid applications, oldest first, with their "
        "public timelines; empty for anyone else."
    )
    async def aid_applications(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[AidApplication]:
        member = await member_for_account(info.context.viewer.account_id)
        where = applications.ApplicationFilter(member_id=member["id"] if member else 0)
        page = await applications.list_applications(where, first=first, after=after)
        return connection(page, await applications_from_rows(info, page.rows))


@strawberry.type(description="The application after the change.")
class AidApplicationPayload:
    aid_application: AidApplication | None = strawberry.field(
        default=None, description="The application."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was written."
    )


async def application_payload(
    info: Info, row: dict | None, errors: list[UserError]
) -> AidApplicationPayload:
    built = await applications_from_rows(info, [row]) if row else []
    return AidApplicationPayload(aid_application=built[0] if built else None, user_errors=errors)
