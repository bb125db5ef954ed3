"""Enrolment in the schema: union staff enrol members in a medical mutual aid year."""

from __future__ import annotations

import strawberry
from strawberry import relay

from cityhub.resolvers.union import aid_enrolments
from cityhub.resolvers.union.trade_union import UNION_STAFF_ROLES
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.permissions import allow
from cityhub.schema.union.aid_programs import AidProgram

ENROLLERS = allow(roles=UNION_STAFF_ROLES)


@strawberry.input(description="Members to enrol in a medical mutual aid program-year.")
class EnrollMembersInput:
    program: relay.GlobalID = strawberry.field(description="The program's global ID.")
    members: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Members' global IDs (at most 1,000)."
    )
    all_active: bool = strawberry.field(
        default=False, description="Every active member: the union's gift to all."
    )


@strawberry.type(description="How many were enrolled by this request and how many already were.")
class EnrollMembersPayload:
    aid_program: AidProgram | None = strawberry.field(default=None, description="The program.")
    newly_enrolled: int = strawberry.field(default=0, description="Enrolled by this request.")
    already_enrolled: int = strawberry.field(
        default=0, description="Already enrolled before (left as they were)."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nobody was enrolled."
    )


@strawberry.type
class AidEnrolmentsMutation:
    @strawberry.mutation(
        description="Enrol members in a medical mutual aid program-year; idempotent (members "
        "already enrolled are counted, not enrolled twice). Union staff and admins.",
        extensions=ENROLLERS,
    )
    async def enroll_members(self, info: Info, input: EnrollMembersInput) -> EnrollMembersPayload:
        members = [node_pk(m, "Member") for m in input.members or []]
        enrolled = aid_enrolments.enroll_members(
            node_pk(input.program, "AidProgram"), members, all_active=input.all_active
        )
        result, errors = await attempt(info, enrolled)
        if result is None:
            return EnrollMembersPayload(user_errors=errors)
        return EnrollMembersPayload(
            aid_program=AidProgram.from_row(result.program),
            newly_enrolled=result.newly_enrolled,
            already_enrolled=result.already_enrolled,
        )
