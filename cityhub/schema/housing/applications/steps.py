"""The steps of a rental application as mutations, and the lists that show them."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from cityhub.models.housing.applications import PaymentMethod
from cityhub.resolvers.housing import HOUSING_OFFICER
from cityhub.resolvers.housing import applications as rental
from cityhub.resolvers.housing.applications import reserve, verify
from cityhub.resolvers.housing.applications.workflow import A, S
from cityhub.resolvers.housing.fund_accounts.centres import CENTRE_NAMES, centre_named
from cityhub.schema.connections import After, Connection, First, connection, node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.housing.applications import RentalApplication, build
from cityhub.schema.permissions import allow, signed_in

OFFICERS = allow(roles=[HOUSING_OFFICER])
SIGNED_IN = signed_in()


@strawberry.type(description="The application after the step, or why nothing changed.")
class RentalApplicationPayload:
    application: RentalApplication | None = strawberry.field(
        default=None, description="The application."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


async def payload(info: Info, action) -> RentalApplicationPayload:
    row, errors = await attempt(info, action)
    return RentalApplicationPayload(
        application=await build(info, row) if row else None, user_errors=errors
    )


@strawberry.input(description="The unit to reserve, and for whom when an officer acts.")
class ReserveUnitInput:
    unit: relay.GlobalID = strawberry.field(description="A HousingUnit's ID.")
    applicant: relay.GlobalID | None = strawberry.field(
        default=None,
        description="Housing officers: the walk-in applicant's Account ID (in person).",
    )


@strawberry.input(description="An application to take a step on.")
class ApplicationStepInput:
    application: relay.GlobalID = strawberry.field(description="A RentalApplication's ID.")


@strawberry.input(description="How the rent of a signed lease is to be paid.")
class ChoosePaymentMethodInput:
    application: relay.GlobalID = strawberry.field(description="A RentalApplication's ID.")
    method: PaymentMethod = strawberry.field(description="FUND or SELF.")


@strawberry.input(description="An application to withdraw, and why.")
class WithdrawApplicationInput:
    application: relay.GlobalID = strawberry.field(description="A RentalApplication's ID.")
    reason: str = strawberry.field(default="", description="Why (at most 2,000 characters).")


def application_pk(global_id: relay.GlobalID) -> int | None:
    return node_pk(global_id, "RentalApplication")


@strawberry.type
class RentalApplicationsMutation:
    @strawberry.mutation(
        description="Reserve an available unit: starts an application (one open per person). "
        "The lease must be signed within rentPolicy.reservationHours. Signed in.",
        extensions=SIGNED_IN,
    )
    async def reserve_unit(self, info: Info, input: ReserveUnitInput) -> RentalApplicationPayload:
        applicant = node_pk(input.applicant, "Account") if input.applicant else None
        if input.applicant is not None and applicant is None:
            applicant = 0  # not an account: refused as an unknown applicant
        action = reserve.reserve_unit(
            info.context.viewer, node_pk(input.unit, "HousingUnit"), applicant
        )
        return await payload(info, action)

    @strawberry.mutation(
        description="Sign the lease of a reserved unit (applicant, or an officer in person).",
        extensions=SIGNED_IN,
    )
    async def sign_lease(self, info: Info, input: ApplicationStepInput) -> RentalApplicationPayload:
        return await payload(
            info, reserve.act(info.context.viewer, application_pk(input.application), A.SIGN_LEASE)
        )

    @strawberry.mutation(
        description="Choose how the rent of a signed lease is paid: FUND (the fund centre "
        "transfers it) or SELF.",
        extensions=SIGNED_IN,
    )
    async def choose_payment_method(
        self, info: Info, input: ChoosePaymentMethodInput
    ) -> RentalApplicationPayload:
        action = reserve.choose_payment(
            info.context.viewer, application_pk(input.application), input.method
        )
        return await payload(info, action)

    @strawberry.mutation(
        description="Check the applicant's fund account with the fund centre (the simulator "
        "unless CITYHUB_FUND_CENTRE says otherwise). Housing officers. Refused, and nothing "
        "changed, when an account rule fails or the centre does not answer.",
        extensions=OFFICERS,
    )
    async def verify_fund_account(
        self, info: Info, input: ApplicationStepInput
    ) -> RentalApplicationPayload:
        settings = info.context.request.app.state.settings
        centre = centre_named(settings.fund_centre)
        action = verify.verify_account(
            info.context.viewer, application_pk(input.application), centre
        )
        return await payload(info, action)

    @strawberry.mutation(
        description="Withdraw before the rent is settled; a reserved unit is freed.",
        extensions=SIGNED_IN,
    )
    async def withdraw_application(
        self, info: Info, input: WithdrawApplicationInput
    ) -> RentalApplicationPayload:
        action = reserve.act(
            info.context.viewer, application_pk(input.application), A.WITHDRAW, note=input.reason
        )
        return await payload(info, action)


@strawberry.type(description="The housing provident fund centre CityHub's rental workflow asks.")
class HousingFundCentre:
    name: str = strawberry.field(
        description="simulator (the default), or unavailable / timeout (stand-ins that do "
        "not answer, to try the workflow without the centre)."
    )
    is_simulation: bool = strawberry.field(
        description="True while CityHub is not connected to the real centre: account "
        "checks, decisions and transfers are simulated and move no money."
    )


@strawberry.type
class RentalApplicationsQuery:
    @strawberry.field(description="Which fund centre the rental workflow asks now.")
    def housing_fund_centre(self, info: Info) -> HousingFundCentre:
        name = info.context.request.app.state.settings.fund_centre
        return HousingFundCentre(name=name, is_simulation=name in CENTRE_NAMES)

    @strawberry.field(
        description="Rental applications, newest first, by state or project. Housing officers.",
        extensions=OFFICERS,
    )
    async def rental_applications(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        state: Annotated[S | None, strawberry.argument(description="In this state.")] = None,
        project: Annotated[
            relay.GlobalID | None, strawberry.argument(description="A HousingProject's ID.")
        ] = None,
    ) -> Connection[RentalApplication]:
        project_id = node_pk(project, "HousingProject") if project else None
        where = rental.ApplicationFilter(
            state=state and state.value,
            project_id=-1 if project and project_id is None else project_id,
        )
        page = await rental.list_applications(where, first=first, after=after)
        return connection(page, [await build(info, row) for row in page.rows])


@strawberry.type
class RentalApplicationsViewer:
    @strawberry.field(description="Your rental applications, newest first; empty signed out.")
    async def rental_applications(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[RentalApplication]:
        account = info.context.viewer.account_id
        where = rental.ApplicationFilter(applicant_id=account if account is not None else -1)
        page = await rental.list_applications(where, first=first, after=after)
        return connection(page, [await build(info, row) for row in page.rows])
