"""The housing provident fund centre, an outside system, behind one interface.

`FundCentre` is what the workflow asks; `Simulator` answers from CityHub's own
`housing_fund_account` rows with the real rules (the contribution months and the account
flags of `resolvers.housing.eligibility`), and is labelled as simulation wherever its
answer shows. `CITYHUB_FUND_CENTRE` picks it (`simulator`, the default), or a centre that
is down (`unavailable`) or never answers (`timeout`), to exercise what the workflow does
then: nothing changes, and the step can be taken again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from cityhub.models.housing.fund_accounts import FundAccount

TIMEOUT_SECONDS = 5.0  # how long the workflow waits for the centre's answer
SIMULATION = "simulator"


class FundCentreUnavailable(Exception):
    """The centre did not answer (down, or too slow): try again later."""


@dataclass(frozen=True)
class AccountCheck:
    """What the centre says of one person's fund account."""

    found: bool
    consecutive_months: int = 0
    state: str = "normal"
    other_withdrawal: bool = False
    simulated: bool = True


class FundCentre(Protocol):
    async def check_account(self, account_id: int, on: dt.date) -> AccountCheck: ...


class Simulator:
    async def check_account(self, account_id: int, on: dt.date) -> AccountCheck:
        row = (
            await FundAccount.filter(account_id=account_id)
            .first()
            .values("consecutive_months", "state", "other_withdrawal_until")
        )
        if row is None:
            return AccountCheck(found=False)
        until = row["other_withdrawal_until"]
        return AccountCheck(
            found=True,
            consecutive_months=row["consecutive_months"],
            state=row["state"],
            other_withdrawal=until is not None and until >= on,
        )


class Unavailable:
    async def check_account(self, account_id: int, on: dt.date) -> AccountCheck:
        raise FundCentreUnavailable("the fund centre is unavailable")


class NeverAnswers:
    async def check_account(self, account_id: int, on: dt.date) -> AccountCheck:
        await asyncio.sleep(3600)
        raise FundCentreUnavailable("unreachable")


CENTRES: dict[str, type] = {
    SIMULATION: Simulator,
    "unavailable": Unavailable,
    "timeout": NeverAnswers,
}


async def check_account(centre: FundCentre, account_id: int, on: dt.date) -> AccountCheck:
    """The centre's answer, or FundCentreUnavailable after TIMEOUT_SECONDS."""
    try:
        return await asyncio.wait_for(centre.check_account(account_id, on), TIMEOUT_SECONDS)
    except TimeoutError:
        raise FundCentreUnavailable("the fund centre did not answer in time") from None
