"""Steps 5 to 8 of a rental application as mutations: the authorisation, the documents,
the submission to the fund centre, the centre's decision (its own key), the transfer."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from cityhub.models.housing.applications import DocumentKind
from cityhub.resolvers.housing import FUND_CENTRE_SCOPE, HOUSING_OFFICER
from cityhub.resolvers.housing.applications import centre, documents, reserve, transfers
from cityhub.resolvers.housing.applications.workflow import A, S
from cityhub.resolvers.housing.fund_accounts import FundCentre
from cityhub.resolvers.housing.fund_accounts.centres import centre_named
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.housing.applications import RentalApplicationState
from cityhub.schema.housing.applications.steps import (
    ApplicationStepInput,
    RentalApplicationPayload,
    application_pk,
    payload,
)
from cityhub.schema.inputs import max_length
from cityhub.schema.permissions import allow, signed_in
from cityhub.schema.uploads import incoming_files, upload_policy

OFFICERS = allow(roles=[HOUSING_OFFICER])
FUND_CENTRE = allow(scopes=[FUND_CENTRE_SCOPE])


def fund_centre(info: Info) -> tuple[FundCentre, float]:
    """The centre CITYHUB_FUND_CENTRE names, and the wait before a failed try is retried."""
    settings = info.context.request.app.state.settings
    return centre_named(settings.fund_centre), settings.fund_centre_retry_seconds


@strawberry.input(description="A document to upload with an application (step 5).")
class UploadApplicationDocumentInput:
    application: relay.GlobalID = strawberry.field(description="A RentalApplication's ID.")
    kind: DocumentKind = strawberry.field(description="What the document is.")
    file: Upload = strawberry.field(
        description="The file, as a GraphQL multipart upload: PDF, JPEG or PNG by its bytes, "
        "within the size limit; at most the upload count limit per application."
    )


@strawberry.input(description="The fund centre's decision on a submitted application.")
class RecordFundCentreDecisionInput:
    application: relay.GlobalID = strawberry.field(description="A RentalApplication's ID.")
    approved: bool = strawberry.field(description="True: the withdrawal conditions are met.")
    reason: str = strawberry.field(
        default="",
        description="Why not, required when approved is false (at most 2,000 characters).",
        directives=max_length(2000),
    )
    case_reference: str = strawberry.field(
        default="", description="The centre's case number.", directives=max_length(64)
    )


@strawberry.input(description="The months of rent to transfer from the fund (step 8).")
class TransferRentInput:
    application: relay.GlobalID = strawberry.field(description="A RentalApplication's ID.")
    period_start: dt.date = strawberry.field(
        description="Any day of the first month paid (counted from its first day); not "
        "before the month the lease was signed."
    )
    months: int = strawberry.field(description="1 to rentPolicy.maxTransferMonths.")


@strawberry.type(description="What the centre's answer did: the application's state after it.")
class FundCentreDecisionPayload:
    reference: str | None = strawberry.field(
        default=None, description="The application's reference."
    )
    state: RentalApplicationState | None = strawberry.field(
        default=None, description="Its state after the answer (APPROVED, REJECTED or PAID)."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


@strawberry.type
class RentalFundStepsMutation:
    @strawberry.mutation(
        description="Sign the authorisation (住房公积金个人信息查询提取授权书) once the account "
        "is verified: the applicant, or an officer in person.",
        extensions=signed_in(),
    )
    async def sign_fund_authorization(
        self, info: Info, input: ApplicationStepInput
    ) -> RentalApplicationPayload:
        action = reserve.act(
            info.context.viewer, application_pk(input.application), A.SIGN_AUTHORIZATION
        )
        return await payload(info, action)

    @strawberry.mutation(
        description="Upload a document (ID card, residence, employment, ...) with an "
        "application whose account is verified, until it is submitted. Only its applicant "
        "and housing officers can fetch it.",
        extensions=signed_in(),
    )
    async def upload_application_document(
        self, info: Info, input: UploadApplicationDocumentInput
    ) -> RentalApplicationPayload:
        policy = upload_policy(info)
        (incoming,) = await incoming_files([input.file], policy)
        action = documents.upload_document(
            info.context.viewer, application_pk(input.application), input.kind, incoming, policy
        )
        return await payload(info, action)

    @strawberry.mutation(
        description="Submit an authorised application with its documents to the fund centre "
        "(housing officers); on one already submitted that the centre has not taken, try "
        "again now. When the centre does not answer it stays SUBMITTED and is retried with "
        "backoff (fundCentre says when).",
        extensions=OFFICERS,
    )
    async def submit_to_fund_centre(
        self, info: Info, input: ApplicationStepInput
    ) -> RentalApplicationPayload:
        centre_now, retry = fund_centre(info)
        action = centre.submit(
            info.context.viewer, application_pk(input.application), centre_now, retry
        )
        return await payload(info, action)

    @strawberry.mutation(
        description="The fund centre's answer to a submission (API keys with the "
        "housing:fund_centre scope). The same answer sent twice changes nothing the second "
        "time; the contrary one after a decision is a userError DECISION_CONFLICT. It "
        "returns the reference and state only: the centre reads no more of CityHub's "
        "data through it.",
        extensions=FUND_CENTRE,
    )
    async def record_fund_centre_decision(
        self, info: Info, input: RecordFundCentreDecisionInput
    ) -> FundCentreDecisionPayload:
        action = centre.record_decision(
            centre.centre_actor(info.context.viewer, simulated=False),
            node_pk(input.application, "RentalApplication"),
            input.approved,
            input.reason,
            input.case_reference,
        )
        row, errors = await attempt(info, action)
        if row is None:
            return FundCentreDecisionPayload(user_errors=errors)
        return FundCentreDecisionPayload(reference=row["reference"], state=S(row["state"]))

    @strawberry.mutation(
        description="Transfer the rent of whole months from the applicant's fund account to "
        "the operator (housing officers, once the centre approved). A period is paid at "
        "most once: asking again, or for months already paid, is ALREADY_TRANSFERRED.",
        extensions=OFFICERS,
    )
    async def transfer_rent(self, info: Info, input: TransferRentInput) -> RentalApplicationPayload:
        centre_now, _ = fund_centre(info)
        action = transfers.transfer_rent(
            info.context.viewer,
            application_pk(input.application),
            input.period_start,
            input.months,
            centre_now,
        )
        return await payload(info, action)
