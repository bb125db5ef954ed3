"""The centres `CITYHUB_FUND_CENTRE` can name: the simulator, and two that never help
(one down, one that never answers) to show what the workflow does without the centre."""

from __future__ import annotations

import asyncio
import datetime as dt

from cityhub.resolvers.housing.fund_accounts import (
    SIMULATION,
    AccountCheck,
    Acknowledgement,
    FundCentre,
    FundCentreUnavailable,
    Receipt,
    Submission,
    TransferOrder,
)
from cityhub.resolvers.housing.fund_accounts.simulator import Simulator


class Unavailable:
    name = "unavailable"

    async def check_account(self, account_id: int, on: dt.date) -> AccountCheck:
        raise FundCentreUnavailable("the fund centre is unavailable")

    async def submit(self, submission: Submission) -> Acknowledgement:
        raise FundCentreUnavailable("the fund centre is unavailable")

    async def transfer(self, order: TransferOrder) -> Receipt:
        raise FundCentreUnavailable("the fund centre is unavailable")


class NeverAnswers:
    name = "timeout"

    async def _wait(self) -> None:
        await asyncio.sleep(3600)
        raise FundCentreUnavailable("unreachable")

    async def check_account(self, account_id: int, on: dt.date) -> AccountCheck:
        await self._wait()
        raise AssertionError  # not reached

    async def submit(self, submission: Submission) -> Acknowledgement:
        await self._wait()
        raise AssertionError

    async def transfer(self, order: TransferOrder) -> Receipt:
        await self._wait()
        raise AssertionError


def centre_named(name: str) -> FundCentre:
    """The centre ``CITYHUB_FUND_CENTRE`` names (the settings refuse any other at start)."""
    centres: dict[str, type] = {
        SIMULATION: Simulator,
        Unavailable.name: Unavailable,
        NeverAnswers.name: NeverAnswers,
    }
    made: FundCentre = centres.get(name, Simulator)()
    return made


CENTRE_NAMES = (SIMULATION, Unavailable.name, NeverAnswers.name)
