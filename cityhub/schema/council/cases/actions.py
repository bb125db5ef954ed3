"""The case's steps as named mutations, each with its own input: the same steps as
moveCouncilCase on the shared workflow, the same checks, the same timeline."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from cityhub.resolvers.council.cases import CaseAction
from cityhub.resolvers.council.cases.steps import StepDetails
from cityhub.schema.context import Info
from cityhub.schema.council.cases.details import (
    CaseMeetingInput,
    CaseOutcomeInput,
    meeting_of,
    outcome_of,
    worker_pk,
)
from cityhub.schema.council.cases.steps import CouncilCasePayload, move
from cityhub.schema.inputs import max_length
from cityhub.schema.permissions import signed_in

A = CaseAction
NOTE = max_length(2000)


def _case() -> relay.GlobalID:
    return strawberry.field(description="The case.")


def _note(description: str = "What to say with the step (optional).") -> str:
    return strawberry.field(default="", description=description, directives=NOTE)


@strawberry.input(description="A step that needs only the case and, optionally, a note.")
class CaseStepInput:
    case: relay.GlobalID = _case()
    note: str = _note()


@strawberry.input(description="Accepting a received case, optionally assigning it at once.")
class AcceptCaseInput:
    case: relay.GlobalID = _case()
    assignee: relay.GlobalID | None = strawberry.field(
        default=None, description="A CommunityWorker of the case's community."
    )
    note: str = _note()


@strawberry.input(description="Giving the case to a grid worker of its community.")
class AssignCaseInput:
    case: relay.GlobalID = _case()
    assignee: relay.GlobalID = strawberry.field(description="A CommunityWorker.")
    note: str = _note()


@strawberry.input(description="A progress update: public, or a staff-only note.")
class AddCaseUpdateInput:
    case: relay.GlobalID = _case()
    note: str = strawberry.field(description="The update (required).", directives=NOTE)
    public: bool = strawberry.field(
        default=True, description="False: a staff note, for the community's grid workers only."
    )
    photos: list[Upload] | None = strawberry.field(
        default=None, description="JPEG or PNG photos as multipart uploads (the policy's most)."
    )


@strawberry.input(description="社区吹哨 部门报到: referring the case to a department.")
class ReferCaseInput:
    case: relay.GlobalID = _case()
    department: str = strawberry.field(description="The department.", directives=max_length(100))
    note: str = _note()


@strawberry.input(description="The department's answer to a referral.")
class DepartmentAnswerInput:
    case: relay.GlobalID = _case()
    answer: str = strawberry.field(description="What it answered (required).", directives=NOTE)


@strawberry.input(description="A council meeting held about the case.")
class RecordMeetingInput:
    case: relay.GlobalID = _case()
    meeting: CaseMeetingInput = strawberry.field(description="When, where, who, minutes.")
    note: str = _note()


@strawberry.input(description="What the case came to: resolved, or mediated with an agreement.")
class RecordOutcomeInput:
    case: relay.GlobalID = _case()
    outcome: CaseOutcomeInput = strawberry.field(
        description="MEDIATION_AGREEMENT mediates (in consultation); any other kind resolves."
    )
    note: str = _note()


@strawberry.input(description="The reporter reopening a closed case that was not fixed.")
class ReopenCaseInput:
    case: relay.GlobalID = _case()
    reason: str = strawberry.field(description="Why (required).", directives=NOTE)


@strawberry.input(description="The reporter's rating of a closed case.")
class RateCaseInput:
    case: relay.GlobalID = _case()
    rating: int = strawberry.field(description="1 to 5 stars.")
    comment: str = _note("What you thought of it (optional).")


@strawberry.type
class CaseStepsMutation:
    @strawberry.mutation(
        description="Accept a received case (grid workers of its community).",
        extensions=signed_in(),
    )
    async def accept_case(self, info: Info, input: AcceptCaseInput) -> CouncilCasePayload:
        details = StepDetails(note=input.note, assignee_id=worker_pk(input.assignee))
        return await move(info, input.case, A.ACCEPT.value, details)

    @strawberry.mutation(
        description="Assign a case to a grid worker of its community.", extensions=signed_in()
    )
    async def assign_case(self, info: Info, input: AssignCaseInput) -> CouncilCasePayload:
        details = StepDetails(note=input.note, assignee_id=worker_pk(input.assignee))
        return await move(info, input.case, A.ASSIGN.value, details)

    @strawberry.mutation(
        description="Post a public update (alerting the case's followers) or a staff note, "
        "with photos.",
        extensions=signed_in(),
    )
    async def add_case_update(self, info: Info, input: AddCaseUpdateInput) -> CouncilCasePayload:
        action = A.ADD_UPDATE if input.public else A.STAFF_NOTE
        return await move(
            info, input.case, action.value, StepDetails(note=input.note), input.photos
        )

    @strawberry.mutation(
        description="Refer a case beyond the community to a department (社区吹哨).",
        extensions=signed_in(),
    )
    async def refer_case(self, info: Info, input: ReferCaseInput) -> CouncilCasePayload:
        details = StepDetails(note=input.note, department=input.department)
        return await move(info, input.case, A.REFER.value, details)

    @strawberry.mutation(
        description="Record the department's answer (部门报到); the case is back in consultation.",
        extensions=signed_in(),
    )
    async def record_department_answer(
        self, info: Info, input: DepartmentAnswerInput
    ) -> CouncilCasePayload:
        details = StepDetails(note=input.answer)
        return await move(info, input.case, A.DEPARTMENT_ANSWER.value, details)

    @strawberry.mutation(
        description="Record a council meeting with its minutes.", extensions=signed_in()
    )
    async def record_meeting(self, info: Info, input: RecordMeetingInput) -> CouncilCasePayload:
        details = StepDetails(note=input.note, meeting=meeting_of(input.meeting))
        return await move(info, input.case, A.RECORD_MEETING.value, details)

    @strawberry.mutation(
        description="Record what the case came to: a mediation agreement mediates it, any "
        "other outcome resolves it.",
        extensions=signed_in(),
    )
    async def record_outcome(self, info: Info, input: RecordOutcomeInput) -> CouncilCasePayload:
        mediated = input.outcome.kind.value == "mediation_agreement"
        details = StepDetails(note=input.note, outcome=outcome_of(input.outcome))
        action = A.MEDIATE if mediated else A.RESOLVE
        return await move(info, input.case, action.value, details)

    @strawberry.mutation(
        description="Close a resolved or mediated case; the reporter may reopen it within "
        "the policy's days.",
        extensions=signed_in(),
    )
    async def close_case(self, info: Info, input: CaseStepInput) -> CouncilCasePayload:
        return await move(info, input.case, A.CLOSE.value, StepDetails(note=input.note))

    @strawberry.mutation(
        description="Reopen your closed case that was not fixed, within the policy's days.",
        extensions=signed_in(),
    )
    async def reopen_case(self, info: Info, input: ReopenCaseInput) -> CouncilCasePayload:
        return await move(info, input.case, A.REOPEN.value, StepDetails(note=input.reason))

    @strawberry.mutation(
        description="Rate the outcome of your closed case, once.", extensions=signed_in()
    )
    async def rate_case(self, info: Info, input: RateCaseInput) -> CouncilCasePayload:
        details = StepDetails(note=input.comment, rating=input.rating)
        return await move(info, input.case, A.RATE.value, details)
