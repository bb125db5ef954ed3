"""The fund-centre simulator: CityHub's own fund accounts, judged with the real rules.

It stands in for 太原市住房公积金管理中心 until CityHub is connected to it, and everything
it answers is marked simulated (the API's `isSimulation`, "（模拟）" on the pages). It
decides a submission at once; it transfers rent out of the account's balance once per
key, keeping its own ledger (`housing_fund_centre_transfer`) the way the centre would.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from cityhub import clock
from cityhub.models.housing.fund_accounts import FundAccount, FundCentreTransfer
from cityhub.resolvers.housing import eligibility as rules
from cityhub.resolvers.housing.fund_accounts import (
    SIMULATION,
    AccountCheck,
    Acknowledgement,
    Receipt,
    Submission,
    TransferOrder,
    TransferRefused,
)
from cityhub.resolvers.transactions import atomic


def judged(answer: AccountCheck, policy: dict[str, Any]) -> list[rules.ConditionResult]:
    """The two conditions the centre checks (contributions; account flags and other
    withdrawals), judged on what it knows of the account."""
    declaration = rules.Declaration(
        hukou_in_taiyuan=False,
        birth_date=clock.today(),
        contribution_months=answer.consecutive_months,
        other_withdrawal=answer.other_withdrawal,
        account=rules.FundAccount(answer.state),
    )
    return [rules.contribution_condition(declaration, policy), rules.account_condition(declaration)]


def _chinese(result: rules.ConditionResult) -> str:
    return result.reason.message.format(**result.reason.params)


class Simulator:
    name = SIMULATION

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

    async def submit(self, submission: Submission) -> Acknowledgement:
        case = f"SIM-{submission.reference}"
        answer = await self.check_account(submission.applicant_id, clock.today())
        if not answer.found:
            return Acknowledgement(case, approved=False, reason="公积金中心没有该申请人的账户")
        failed = [
            r for r in judged(answer, await rules.current_policy()) if r.status != rules.Status.MET
        ]
        reason = "；".join(_chinese(r) for r in failed)
        return Acknowledgement(case, approved=not failed, reason=reason)

    async def transfer(self, order: TransferOrder) -> Receipt:
        done = await FundCentreTransfer.filter(key=order.key).first().values("reference")
        if done:  # asked again under the same key: the first transfer's receipt
            return Receipt(done["reference"])
        account = await FundAccount.filter(account_id=order.applicant_id).first().values("id")
        if account is None:
            raise TransferRefused("NO_FUND_ACCOUNT", "公积金中心没有该申请人的账户")
        reference = f"SIMT-{clock.local_date(clock.now()):%Y%m%d}-{secrets.token_hex(4)}"
        try:
            async with atomic():
                paid = await FundAccount.filter(id=account["id"], balance__gte=order.amount).update(
                    balance=F("balance") - order.amount
                )
                if not paid:
                    raise TransferRefused("INSUFFICIENT_BALANCE", "公积金账户余额不足")
                await FundCentreTransfer.create(
                    key=order.key,
                    fund_account_id=account["id"],
                    amount=order.amount,
                    reference=reference,
                    at=clock.now(),
                )
        except IntegrityError:  # the same key at the same moment: the other one paid
            again = await FundCentreTransfer.get(key=order.key).values("reference")
            return Receipt(again["reference"])
        return Receipt(reference)
