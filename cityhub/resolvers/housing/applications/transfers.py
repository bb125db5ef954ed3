"""Step 8: the rent of a period, transferred from the fund to the operator, once.

A transfer is claimed before the centre is asked: in one transaction, under a lock on the
application's row, CityHub checks that no transfer of the application covers any of the
period's months and writes the claim with the key it will ask the centre under. The
centre pays once per key, so a repeated call (or a crash between the centre's answer and
CityHub's record of it) asks again under the same key and gets the same receipt. The
claim is completed with the receipt as the workflow's move (approved or paid -> paid);
of two calls at once, one completes it and the other is told it is done.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.housing.applications import RentalApplication, RentTransfer, TransferStatus
from cityhub.resolvers import workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.batching import rows_by_parent
from cityhub.resolvers.housing.applications import application_now
from cityhub.resolvers.housing.applications.reserve import visible_application
from cityhub.resolvers.housing.applications.workflow import RENT_WORKFLOW, A, S
from cityhub.resolvers.housing.eligibility import current_policy
from cityhub.resolvers.housing.fund_accounts import (
    SIMULATION,
    FundCentre,
    FundCentreUnavailable,
    TransferOrder,
    TransferRefused,
    ask,
)
from cityhub.resolvers.transactions import atomic

TRANSFER_FIELDS = (
    "id",
    "application_id",
    "period_start",
    "months",
    "amount",
    "key",
    "status",
    "reference",
    "fund_centre",
    "claimed_at",
    "transferred_at",
    "is_sample",
)


PAYABLE = (S.APPROVED, S.PAID)


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _refused(code: str, message: str, field: str = "application", **params: Any) -> Rejected:
    return Rejected(Problem(code, message, field, params))


async def _check_period(row: dict[str, Any], start: dt.date, months: int) -> None:
    most = (await current_policy())["max_transfer_months"]
    if not 1 <= months <= most:
        raise _refused("INVALID", N_("月数须在 1 到 {max} 之间"), "months", max=most)
    signed = row["lease_signed_at"]
    if signed is not None and month_index(start) < month_index(clock.local_date(signed)):
        raise _refused("BEFORE_LEASE", N_("划转期间不能早于租赁合同签订的月份"), "periodStart")


async def _claim(row: dict[str, Any], start: dt.date, months: int) -> dict[str, Any]:
    """The pending claim for exactly this period (an earlier attempt's, or a new one), or
    Rejected when another transfer covers any of its months."""
    first = month_index(start)
    async with atomic():
        (held,) = (
            await RentalApplication.filter(id=row["id"]).select_for_update().only("id", "state")
        )
        if held.state not in PAYABLE:  # withdrawn since it was read: nothing is asked
            message = N_("当前状态为“{state}”，不能执行此操作")
            raise _refused("WRONG_STATE", message, "action", state=held.state)
        for other in await RentTransfer.filter(application_id=row["id"]).values(*TRANSFER_FIELDS):
            same = (month_index(other["period_start"]), other["months"]) == (first, months)
            if same and other["status"] == TransferStatus.PENDING:
                return other
            if (
                first < month_index(other["period_start"]) + other["months"]
                and month_index(other["period_start"]) < first + months
            ):
                raise _refused("ALREADY_TRANSFERRED", N_("该期间的房租已划转或正在划转"))
        await RentTransfer.create(
            application_id=row["id"],
            period_start=start,
            months=months,
            amount=(row["monthly_rent"] * months).quantize(Decimal("0.01")),
            key=f"{row['reference']}:{start:%Y-%m}",
            claimed_at=clock.now(),
            is_sample=row["is_sample"],
        )
    return await RentTransfer.get(application_id=row["id"], period_start=start).values(
        *TRANSFER_FIELDS
    )


async def _ask_centre(centre: FundCentre, row: dict[str, Any], claim: dict[str, Any]) -> Any:
    order = TransferOrder(claim["key"], row["applicant_id"], claim["amount"])
    try:
        return await ask(centre.transfer(order))
    except FundCentreUnavailable:
        message = N_("公积金中心没有应答，划转是否完成尚未确认；请稍后重试，同一期间不会重复划转")
        raise _refused("FUND_CENTRE_UNAVAILABLE", message) from None
    except TransferRefused as refusal:
        await RentTransfer.filter(id=claim["id"], status=TransferStatus.PENDING).delete()
        raise _refused(
            refusal.code, N_("公积金中心未划转：{reason}"), reason=str(refusal)
        ) from None


async def transfer_rent(
    viewer: Viewer, application_id: int | None, start: dt.date, months: int, centre: FundCentre
) -> dict[str, Any]:
    row = await visible_application(viewer, application_id)
    actor = workflow.Actor(viewer, workflow.Channel.IN_PERSON)
    roles = await workflow.roles_of(RENT_WORKFLOW, actor, row)
    RENT_WORKFLOW.check(row["state"], roles, A.TRANSFER_RENT)  # before claiming anything
    start = start.replace(day=1)
    await _check_period(row, start, months)
    claim = await _claim(row, start, months)
    receipt = await _ask_centre(centre, row, claim)

    source = "（模拟）" if receipt.simulated else ""
    note = (
        f"{start:%Y年%m月}起 {months} 个月房租 {claim['amount']} 元已划转至租建投公司账户，"
        f"公积金中心{source}流水号 {receipt.reference}"
    )
    params = {
        "transfer_id": claim["id"],
        "reference": receipt.reference,
        "fund_centre": SIMULATION if receipt.simulated else centre.name,
    }
    await workflow.take(RENT_WORKFLOW, row, A.TRANSFER_RENT, actor, note=note, params=params)
    return await application_now(row["id"])


async def transfers_of(application_ids: list[int]) -> list[list[dict[str, Any]]]:
    """Each application's transfers, earliest period first (one statement)."""
    return await rows_by_parent(
        RentTransfer, TRANSFER_FIELDS, "application_id", application_ids, ("period_start",)
    )
