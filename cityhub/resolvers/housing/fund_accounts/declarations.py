"""The eligibility check for someone signed in: what the fund centre and CityHub's own
records know of them in place of what they declare, and where each answer came from.

The fund centre answers the contribution months, the account's state and other rent
withdrawals; CityHub's records answer whether they have signed a lease (an application
past its lease and still open). Anything neither knows stays as declared. A centre that
does not answer, or has no account for them, leaves those answers as declared and says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from cityhub.models.housing.applications import RentalApplication
from cityhub.resolvers.housing import eligibility as rules
from cityhub.resolvers.housing.fund_accounts import (
    FundCentre,
    FundCentreUnavailable,
    check_account,
)

# Applications whose lease is signed and in force (the workflow's state names).
LEASED_STATES = (
    *("leased", "fund_chosen", "verified", "authorized", "submitted"),
    *("approved", "rejected", "paid", "self_pay"),
)


class Source(StrEnum):
    DECLARED = "declared"  # what the person said
    FUND_CENTRE = "fund_centre"  # what the fund centre (or its simulator) knows
    CITYHUB = "cityhub"  # CityHub's own records (a signed lease)
    NOT_GIVEN = "not_given"  # nobody said


class CentreAnswer(StrEnum):
    ANSWERED = "answered"
    NO_ACCOUNT = "no_account"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Sourced:
    declaration: rules.Declaration
    sources: dict[rules.Condition, Source] = field(default_factory=dict)
    centre: CentreAnswer | None = None  # None: the centre was not asked
    simulated: bool = True


def declared_sources(d: rules.Declaration) -> dict[rules.Condition, Source]:
    def given(*values: object) -> Source:
        return Source.DECLARED if all(v is not None for v in values) else Source.NOT_GIVEN

    return {
        rules.Condition.LEASE: given(d.has_lease),
        rules.Condition.CONTRIBUTIONS: given(d.contribution_months),
        rules.Condition.ACCOUNT: given(d.other_withdrawal, d.account),
    }


async def _has_lease(account_id: int) -> bool:
    return await RentalApplication.filter(
        applicant_id=account_id, state__in=LEASED_STATES, lease_signed_at__isnull=False
    ).exists()


async def with_records(
    declaration: rules.Declaration, account_id: int, centre: FundCentre, as_of: dt.date
) -> Sourced:
    """The declaration with what CityHub and the centre know put in its place."""
    sources = declared_sources(declaration)
    if await _has_lease(account_id):
        declaration = dataclasses.replace(declaration, has_lease=True)
        sources[rules.Condition.LEASE] = Source.CITYHUB
    try:
        answer = await check_account(centre, account_id, as_of)
    except FundCentreUnavailable:
        return Sourced(declaration, sources, CentreAnswer.UNAVAILABLE)
    if not answer.found:
        return Sourced(declaration, sources, CentreAnswer.NO_ACCOUNT, answer.simulated)
    known = dataclasses.replace(
        declaration,
        contribution_months=answer.consecutive_months,
        other_withdrawal=answer.other_withdrawal,
        account=rules.FundAccount(answer.state),
    )
    sources[rules.Condition.CONTRIBUTIONS] = Source.FUND_CENTRE
    sources[rules.Condition.ACCOUNT] = Source.FUND_CENTRE
    return Sourced(known, sources, CentreAnswer.ANSWERED, answer.simulated)
