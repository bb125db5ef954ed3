"""Aid policy changes in the schema: admins change a program's numbers, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry import relay

from cityhub.resolvers.registry import ADMIN
from cityhub.resolvers.union.aid_programs import policy
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.permissions import allow
from cityhub.schema.union.aid_programs import AidProgram, ThresholdBasis


@strawberry.input(
    description="Policy changes to an aid program; omitted fields stay as they are. Each "
    "change is audited, and a value set here stops being a sample value."
)
class UpdateAidProgramInput:
    id: relay.GlobalID = strawberry.field(description="The program's global ID.")
    name: str | None = strawberry.field(default=None, description="1-100 characters.")
    summary: str | None = strawberry.field(default=None, description="At most 2,000 characters.")
    partner: str | None = strawberry.field(default=None, description="At most 100 characters.")
    opens_on: dt.date | None = strawberry.field(default=None, description="First day to apply.")
    closes_on: dt.date | None = strawberry.field(default=None, description="Last day to apply.")
    self_paid_threshold: Decimal | None = strawberry.field(
        default=None, description="Medical: yuan, 0 or more, at most 2 decimals."
    )
    threshold_basis: ThresholdBasis | None = strawberry.field(
        default=None,
        description="Medical: PER_CLAIM (each claim's self-paid part reaches the threshold) "
        "or YEARLY_TOTAL (the member's live claims of the year plus this one do).",
    )
    covered_categories: list[str] | None = strawberry.field(
        default=None,
        description="Medical: the full new list, by MedicalCategory code (medicalCategories "
        "lists them; case does not matter); an unknown code is a userError UNKNOWN_CATEGORY.",
    )
    chronic_outpatient_per_year: int | None = strawberry.field(
        default=None, description="Medical: 0-12."
    )
    reimbursement_ratio: Decimal | None = strawberry.field(
        default=None, description="Medical: more than 0, at most 1, 4 decimals."
    )
    max_amount_per_claim: Decimal | None = strawberry.field(
        default=None, description="Medical: yuan, more than 0."
    )
    amount_per_student: Decimal | None = strawberry.field(
        default=None, description="Student aid: yuan, more than 0."
    )
    max_students_per_member: int | None = strawberry.field(
        default=None, description="Student aid: 1-10."
    )
    non_hardship_channel: bool | None = strawberry.field(
        default=None, description="Student aid: open the non-hardship-register channel."
    )


@strawberry.type(description="The program after the change.")
class UpdateAidProgramPayload:
    aid_program: AidProgram | None = strawberry.field(default=None, description="The program.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


@strawberry.type
class AidPolicyMutation:
    @strawberry.mutation(
        description="Change a program's policy (thresholds and their reading, ratios, limits, "
        "categories, dates). Admins; every change is audited.",
        extensions=allow(roles=[ADMIN]),
    )
    async def update_aid_program(
        self, info: Info, input: UpdateAidProgramInput
    ) -> UpdateAidProgramPayload:
        changes = policy.PolicyChanges(
            name=input.name,
            summary=input.summary,
            partner=input.partner,
            opens_on=input.opens_on,
            closes_on=input.closes_on,
            self_paid_threshold=input.self_paid_threshold,
            threshold_basis=input.threshold_basis and input.threshold_basis.value,
            covered_categories=input.covered_categories,
            chronic_outpatient_per_year=input.chronic_outpatient_per_year,
            reimbursement_ratio=input.reimbursement_ratio,
            max_amount_per_claim=input.max_amount_per_claim,
            amount_per_student=input.amount_per_student,
            max_students_per_member=input.max_students_per_member,
            non_hardship_channel=input.non_hardship_channel,
        )
        program_id = node_pk(input.id, "AidProgram")
        updated = policy.update_program(info.context.viewer, program_id, changes)
        row, errors = await attempt(info, updated)
        program = AidProgram.from_row(row) if row else None
        return UpdateAidProgramPayload(aid_program=program, user_errors=errors)
