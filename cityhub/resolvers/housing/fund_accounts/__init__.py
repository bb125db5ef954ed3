"""The housing provident fund centre, an outside system, behind one interface.

`FundCentre` is what the workflow asks: what it knows of a person's account, to take an
application for its check of the withdrawal conditions (and, where it answers at once,
its decision), and to transfer rent to the operator under a key that makes a repeated
request harmless. `simulator.Simulator` answers from CityHub's own `housing_fund_account`
rows with the real rules, and is labelled as simulation wherever its answer shows.
`CITYHUB_FUND_CENTRE` picks it (`simulator`, the default; `centres.centre_named`), or a
centre that is down (`unavailable`) or never answers (`timeout`), to exercise what the
workflow does then: nothing half-done, and the step can be taken again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

TIMEOUT_SECONDS = 5.0  # how long the workflow waits for the centre's answer
SIMULATION = "simulator"
T = TypeVar("T")


class FundCentreUnavailable(Exception):
    """The centre did not answer (down, or too slow): try again later."""


class TransferRefused(Exception):
    """The centre answered and will not transfer (e.g. the balance is too low)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class AccountCheck:
    """What the centre says of one person's fund account."""

    found: bool
    consecutive_months: int = 0
    state: str = "normal"
    other_withdrawal: bool = False
    simulated: bool = True


@dataclass(frozen=True)
class Submission:
    """An application sent for the centre's check (实时提交公积金中心校验)."""

    reference: str
    applicant_id: int
    monthly_rent: Decimal


@dataclass(frozen=True)
class Acknowledgement:
    """The centre took a submission under its own case reference; a centre that decides
    at once says so here, one that decides later calls recordFundCentreDecision."""

    case_reference: str
    approved: bool | None = None  # None: no decision yet
    reason: str = ""  # why, when not approved
    simulated: bool = True


@dataclass(frozen=True)
class TransferOrder:
    key: str  # the same for every attempt at one transfer: the centre pays once per key
    applicant_id: int
    amount: Decimal


@dataclass(frozen=True)
class Receipt:
    reference: str
    simulated: bool = True


class FundCentre(Protocol):
    name: str

    async def check_account(self, account_id: int, on: dt.date) -> AccountCheck: ...

    async def submit(self, submission: Submission) -> Acknowledgement: ...

    async def transfer(self, order: TransferOrder) -> Receipt: ...


async def ask(call: Awaitable[T]) -> T:
    """The centre's answer, or FundCentreUnavailable after TIMEOUT_SECONDS."""
    try:
        return await asyncio.wait_for(call, TIMEOUT_SECONDS)
    except TimeoutError:
        raise FundCentreUnavailable("the fund centre did not answer in time") from None


async def check_account(centre: FundCentre, account_id: int, on: dt.date) -> AccountCheck:
    return await ask(centre.check_account(account_id, on))
