"""Applying for aid in the schema, with invoices as GraphQL multipart uploads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from cityhub.resolvers.union.aid_applications import apply
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import attempt
from cityhub.schema.inputs import max_length
from cityhub.schema.union.aid_applications import (
    AidApplicationPayload,
    application_payload,
)
from cityhub.schema.union.aid_applications.access import ACCOUNTS_ONLY
from cityhub.schema.union.aid_programs import StudentAidChannel
from cityhub.schema.uploads import incoming_files, upload_policy


@strawberry.input(description="Student aid (金秋助学): the child and the school.")
class StudentAidInput:
    child_name: str = strawberry.field(description="The child's name, 1-50 characters.")
    school: str = strawberry.field(description="The school or university, 1-100 characters.")
    admission_year: int = strawberry.field(description="Year admitted (2000 to the program year).")
    channel: StudentAidChannel = strawberry.field(
        description="HARDSHIP_REGISTER for members on it; NON_HARDSHIP if the program opens it."
    )


@strawberry.input(description="Medical mutual aid: the treatment and its self-paid part.")
class MedicalAidInput:
    category: str = strawberry.field(
        description="What the cost was for: a MedicalCategory code the program covers; an "
        "unknown code is a userError UNKNOWN_CATEGORY.",
        directives=max_length(24),
    )
    self_paid_amount: Decimal = strawberry.field(
        description="Self-paid yuan, at least the program's threshold, at most 2 decimals."
    )
    treatment_started_on: dt.date = strawberry.field(description="First day of treatment.")
    treatment_ended_on: dt.date = strawberry.field(
        description="Last day of treatment, in the program year, not in the future."
    )
    hospital: str = strawberry.field(description="The hospital, 1-100 characters.")


@strawberry.input(
    description="An application by the signed-in member. Send `student` for student aid or "
    "`medical` for medical mutual aid, and invoices as GraphQL multipart uploads (PDF, JPEG "
    "or PNG by their bytes; size and count limits in the README)."
)
class ApplyForAidInput:
    program: relay.GlobalID = strawberry.field(description="The program's global ID.")
    student: StudentAidInput | None = strawberry.field(default=None, description="Student aid.")
    medical: MedicalAidInput | None = strawberry.field(default=None, description="Medical aid.")
    invoices: list[Upload] | None = strawberry.field(
        default=None, description="Files; required for medical claims."
    )
    validate_only: bool = strawberry.field(
        default=False,
        description="Check every rule and write nothing: userErrors lists every problem, and "
        "aidApplication is null either way (a form's check before it is sent for real).",
    )


def _details(input: ApplyForAidInput) -> dict:
    student = input.student
    medical = input.medical
    return {
        "student": student
        and apply.StudentDetails(
            child_name=student.child_name,
            school=student.school,
            admission_year=student.admission_year,
            channel=student.channel.value,
        ),
        "medical": medical
        and apply.MedicalDetails(
            category=medical.category,
            self_paid_amount=medical.self_paid_amount,
            treatment_started_on=medical.treatment_started_on,
            treatment_ended_on=medical.treatment_ended_on,
            hospital=medical.hospital,
        ),
    }


@strawberry.type
class AidApplyMutation:
    @strawberry.mutation(
        description="Apply for aid as the signed-in member. Every rule is checked and every "
        "failing one is a userError (only an unknown program or an account with no member "
        "stops the checks); on any problem nothing (no row, no file) is written.",
        extensions=ACCOUNTS_ONLY,
    )
    async def apply_for_aid(self, info: Info, input: ApplyForAidInput) -> AidApplicationPayload:
        policy = upload_policy(info)
        files = await incoming_files(list(input.invoices or []), policy)
        applied = apply.apply(
            info.context.viewer,
            node_pk(input.program, "AidProgram"),
            files=files,
            policy=policy,
            validate_only=input.validate_only,
            **_details(input),
        )
        row, errors = await attempt(info, applied)
        return await application_payload(info, row, errors)
