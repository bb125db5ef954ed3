"""The medical mutual aid claim checker in the schema: open to anyone, also anonymous."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

import strawberry
from strawberry import relay

from cityhub.i18n import N_
from cityhub.resolvers.union import aid_claims
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.inputs import max_length
from cityhub.schema.labels import labelled_enum
from cityhub.schema.union.aid_programs import AidProgram


class ClaimRuleValue(Enum):
    MEMBER_ACTIVE = "member_active"
    ENROLLED = "enrolled"
    CATEGORY_COVERED = "category_covered"
    SELF_PAID_THRESHOLD = "self_paid_threshold"
    YEARLY_LIMIT = "yearly_limit"


ClaimRule = ClaimRuleValue
labelled_enum(
    ClaimRule,
    {
        "member_active": N_("在册会员"),
        "enrolled": N_("参加了当年的医疗互助"),
        "category_covered": N_("费用类别在互助范围内"),
        "self_paid_threshold": N_("自付部分达到起付标准"),
        "yearly_limit": N_("每年次数限制"),
    },
    name="ClaimRule",
    description="A rule a medical mutual aid claim must meet.",
)


@strawberry.input(
    description="A claim to check. For a signed-in member, enrolment, the yearly limits and "
    "the year's earlier self-paid claims are read from CityHub; for anyone else they are "
    "taken as declared here. A negative or malformed amount, an unknown category, year or "
    "program, is a GraphQL error with code BAD_USER_INPUT and the argument at fault in "
    "extensions.argument."
)
class MedicalAidClaimCheckInput:
    category: str = strawberry.field(
        description="What the cost was for: a MedicalCategory code (medicalCategories).",
        directives=max_length(24),
    )
    self_paid_amount: Decimal = strawberry.field(
        description='The self-paid part (自付部分) in yuan, e.g. "3000.00"; 0 or more, at '
        "most 2 decimals."
    )
    year: int | None = strawberry.field(
        default=None, description="The program year; the latest program when omitted."
    )
    program: relay.GlobalID | None = strawberry.field(
        default=None, description="The program instead of a year."
    )
    enrolled: bool | None = strawberry.field(
        default=None,
        description="Declared: you were enrolled that year (ignored for signed-in members).",
    )
    yearly_limit_used: bool | None = strawberry.field(
        default=None,
        description="Declared: the category's yearly limit (e.g. 慢性病门诊 once a year) is "
        "already used up this year (ignored for signed-in members).",
    )
    earlier_self_paid_amount: Decimal | None = strawberry.field(
        default=None,
        description="Declared: the self-paid parts of your earlier claims this program year, "
        "in yuan, which a YEARLY_TOTAL threshold adds to this one (ignored for signed-in "
        "members, whose live claims are counted).",
    )


@strawberry.type(description="One rule's result and the reason for it.")
class ClaimRuleResult:
    rule: ClaimRule = strawberry.field(description="Which rule.")
    passed: bool = strawberry.field(description="Whether the claim meets it.")
    reason: str = strawberry.field(description="Why, in the asker's language.")
    checked: bool = strawberry.field(
        description="True when read from CityHub's data, false when taken as declared."
    )


@strawberry.type(description="Whether a claim qualifies, rule by rule.")
class MedicalAidClaimCheck:
    eligible: bool = strawberry.field(description="True when every rule passes.")
    rules: list[ClaimRuleResult] = strawberry.field(description="One entry per rule, in order.")
    program: AidProgram = strawberry.field(description="The program checked against.")
    estimated_amount: Decimal | None = strawberry.field(
        description="What would be paid (self-paid part x ratio, capped); null if not eligible."
    )
    estimate_is_sample: bool = strawberry.field(
        description="The estimate uses sample policy values (示例), not published ones."
    )


@strawberry.type
class AidClaimsQuery:
    @strawberry.field(
        description="Check whether a medical mutual aid claim qualifies. Anyone may ask."
    )
    async def check_medical_aid_claim(
        self, info: Info, input: MedicalAidClaimCheckInput
    ) -> MedicalAidClaimCheck:
        question = aid_claims.ClaimQuestion(
            category=input.category,
            self_paid_amount=input.self_paid_amount,
            year=input.year,
            program_id=node_pk(input.program, "AidProgram") if input.program else None,
            program_given=input.program is not None,
            enrolled=input.enrolled,
            limit_used=input.yearly_limit_used,
            earlier_self_paid=input.earlier_self_paid_amount,
        )
        answer = await aid_claims.check_claim(info.context.viewer, question)
        return MedicalAidClaimCheck(
            eligible=answer.eligible,
            rules=[
                ClaimRuleResult(
                    rule=ClaimRuleValue(r.rule),
                    passed=r.passed,
                    reason=info.context._(r.message, **r.params),
                    checked=r.checked,
                )
                for r in answer.rules
            ],
            program=AidProgram.from_row(answer.program),
            estimated_amount=answer.estimate,
            estimate_is_sample=answer.estimate_is_sample,
        )
