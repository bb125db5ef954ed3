"""Moving an application through its workflow in the schema: review, notes, withdrawal."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry import relay

from cityhub.resolvers.union.aid_applications import review
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import attempt
from cityhub.schema.union.aid_applications import (
    AidApplicationAction,
    AidApplicationPayload,
    application_payload,
)
from cityhub.schema.union.aid_applications.access import ACCOUNTS_ONLY


@strawberry.input(description="A move of an application through its workflow.")
class ReviewAidApplicationInput:
    application: relay.GlobalID = strawberry.field(description="The application's global ID.")
    action: AidApplicationAction = strawberry.field(
        description="START_REVIEW, APPROVE, REJECT, PAY (staff), WITHDRAW (the applicant, while "
        "submitted) or NOTE (a staff-only note)."
    )
    reason: str | None = strawberry.field(
        default=None, description="Required to REJECT and for a NOTE; shown on the timeline."
    )
    amount: Decimal | None = strawberry.field(
        default=None,
        description="APPROVE: yuan approved (default: from the program's policy). PAY: yuan "
        "paid, required, at most the approved amount.",
    )


@strawberry.type
class AidReviewMutation:
    @strawberry.mutation(
        description="Move an application: union staff review, approve, reject (with a "
        "reason), pay (with the amount) and add staff-only notes; the applicant may "
        "withdraw while it is submitted. A wrong role or state is a userError and nothing "
        "is recorded.",
        extensions=ACCOUNTS_ONLY,
    )
    async def review_aid_application(
        self, info: Info, input: ReviewAidApplicationInput
    ) -> AidApplicationPayload:
        moved = review.review(
            info.context.viewer,
            node_pk(input.application, "AidApplication"),
            input.action.value,
            reason=input.reason or "",
            amount=input.amount,
        )
        row, errors = await attempt(info, moved)
        return await application_payload(info, row, errors)
