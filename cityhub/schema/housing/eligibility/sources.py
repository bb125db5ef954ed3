"""Where the eligibility check's answers come from: declared, or, for someone signed in
who asks, the fund centre and CityHub's records (resolvers.housing.fund_accounts
.declarations)."""

from __future__ import annotations

import datetime as dt

import strawberry

from cityhub.errors import Unauthenticated
from cityhub.i18n import N_
from cityhub.resolvers.housing import eligibility as rules
from cityhub.resolvers.housing.fund_accounts import declarations
from cityhub.resolvers.housing.fund_accounts.centres import centre_named
from cityhub.resolvers.housing.fund_accounts.declarations import CentreAnswer, Source, Sourced
from cityhub.schema.context import Info
from cityhub.schema.labels import labelled_enum

labelled_enum(
    Source,
    {
        Source.DECLARED: N_("本人填写"),
        Source.FUND_CENTRE: N_("公积金中心"),
        Source.CITYHUB: N_("CityHub 记录"),
        Source.NOT_GIVEN: N_("未填写"),
    },
    name="EligibilitySource",
    description="Where an answer of the eligibility check came from.",
)
labelled_enum(
    CentreAnswer,
    {
        CentreAnswer.ANSWERED: N_("公积金中心已答复"),
        CentreAnswer.NO_ACCOUNT: N_("公积金中心没有您的账户"),
        CentreAnswer.UNAVAILABLE: N_("公积金中心暂时无法应答"),
    },
    name="FundCentreAnswer",
    description="What the fund centre answered when the check asked it.",
)
ANSWER_NOTES = {
    CentreAnswer.ANSWERED: N_("缴存月数和账户状态来自公积金中心"),
    CentreAnswer.NO_ACCOUNT: N_("公积金中心没有您的账户，缴存与账户条件按您填写的判断"),
    CentreAnswer.UNAVAILABLE: N_("公积金中心暂时无法应答，缴存与账户条件按您填写的判断"),
}


@strawberry.type(description="What the fund centre said when the check asked it.")
class RentEligibilityFundCentre:
    answer: CentreAnswer = strawberry.field(description="Answered, no account, or no answer.")
    is_simulation: bool = strawberry.field(
        description="True when the fund-centre simulator answered, not the centre."
    )
    note: str = strawberry.field(description="What that means for the check, in your language.")


def centre_answer(info: Info, sourced: Sourced) -> RentEligibilityFundCentre | None:
    if sourced.centre is None:
        return None
    note = info.context._(ANSWER_NOTES[sourced.centre])
    return RentEligibilityFundCentre(
        answer=sourced.centre, is_simulation=sourced.simulated, note=note
    )


async def sourced_declaration(
    info: Info, declaration: rules.Declaration, use_centre: bool, as_of: dt.date
) -> Sourced:
    """The declaration as given, or with the centre's and CityHub's answers in place."""
    if not use_centre:
        return Sourced(declaration, declarations.declared_sources(declaration))
    account = info.context.viewer.account_id
    if account is None:
        raise Unauthenticated(N_("请先登录，才能使用公积金中心的数据"))
    settings = info.context.request.app.state.settings
    return await declarations.with_records(
        declaration, account, centre_named(settings.fund_centre), as_of
    )
