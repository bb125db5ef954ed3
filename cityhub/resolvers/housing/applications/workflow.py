"""The rental application's workflow on the shared mechanism, the source's eight steps:
reserve a unit, sign the lease (or the reservation expires), choose how the rent is paid;
for the fund, staff check the account, the applicant signs the authorisation and uploads
documents, staff submit to the fund centre, the centre decides (a SYSTEM step), and the
rent is transferred, once per period. Withdrawal is open until the centre has it.

The unit's own state moves with the application in the same transaction, each move a
conditional update (a unit is reserved or leased once, whoever races for it).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.housing.applications import PaymentMethod, RentalApplication, RentTransfer
from cityhub.models.housing.projects import HousingProject, HousingUnit, UnitStatus
from cityhub.resolvers.housing import HOUSING_OFFICER
from cityhub.resolvers.housing.applications.fund_steps import (
    decided,
    keep_document,
    retry,
    sign_authorization,
    submit,
    transfer,
)
from cityhub.resolvers.workflow import (
    OWNER,
    SYSTEM,
    Actor,
    Move,
    State,
    Workflow,
    transition,
)

SUBJECT = "rental_application"


class S(StrEnum):
    RESERVED = "reserved"
    LEASED = "leased"
    FUND_CHOSEN = "fund_chosen"
    VERIFIED = "verified"
    AUTHORIZED = "authorized"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"
    SELF_PAY = "self_pay"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class A(StrEnum):
    SIGN_LEASE = "sign_lease"
    CHOOSE_FUND = "choose_fund"
    CHOOSE_SELF = "choose_self"
    VERIFY_ACCOUNT = "verify_account"
    SIGN_AUTHORIZATION = "sign_authorization"
    UPLOAD_DOCUMENT = "upload_document"
    SUBMIT_TO_CENTRE = "submit_to_centre"
    RETRY_SUBMISSION = "retry_submission"
    CENTRE_APPROVE = "centre_approve"
    CENTRE_REJECT = "centre_reject"
    TRANSFER_RENT = "transfer_rent"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"


PAYMENT_ACTIONS = {PaymentMethod.FUND: A.CHOOSE_FUND, PaymentMethod.SELF: A.CHOOSE_SELF}
APPLICANT_OR_OFFICER = (OWNER, HOUSING_OFFICER)
OFFICER = (HOUSING_OFFICER,)
FUND_CENTRE = (SYSTEM,)


async def _relations(actor: Actor, row: dict[str, Any]) -> set[str]:
    account = actor.viewer.account_id
    return {OWNER} if account is not None and row["applicant_id"] == account else set()


async def _unit_moves(row: dict[str, Any], source: UnitStatus, target: UnitStatus) -> None:
    moved = await HousingUnit.filter(id=row["unit_id"], status=source).update(
        status=target, residents=0
    )
    if not moved:
        raise Rejected(Problem("UNIT_STATE", N_("房源状态已变化，请刷新"), "application"))


async def _sign_lease(move: Move) -> dict[str, Any]:
    if move.row["reserved_until"] <= clock.now():
        raise Rejected(Problem("RESERVATION_EXPIRED", N_("预订已过期，房源已释放"), "application"))
    await _unit_moves(move.row, UnitStatus.RESERVED, UnitStatus.LEASED)
    return {"lease_signed_at": clock.now()}


async def _choose_fund(move: Move) -> dict[str, Any]:
    """Only where the project takes rent from the fund, from the day it does."""
    if not await HousingProject.filter(
        id=move.row["project_id"], fund_payment=True, fund_payment_from__lte=clock.today()
    ).exists():
        message = N_("该项目暂不支持公积金直接支付房租")
        raise Rejected(Problem("FUND_NOT_OFFERED", message, "method"))
    return {"payment_method": PaymentMethod.FUND.value}


async def _choose_self(move: Move) -> dict[str, Any]:
    return {"payment_method": PaymentMethod.SELF.value}


async def _free_unit(move: Move) -> dict[str, Any]:
    """Withdrawing or expiring a reservation frees its unit; after the lease, the unit
    stays leased (what is withdrawn is the fund payment). Not while a transfer is being
    asked of the centre: its claim is completed (or refused) first."""
    if await RentTransfer.filter(application_id=move.row["id"], status="pending").exists():
        message = N_("房租正在划转，请先完成划转再撤回")
        raise Rejected(Problem("TRANSFER_IN_PROGRESS", message, "application"))
    if move.row["state"] == S.RESERVED:
        await _unit_moves(move.row, UnitStatus.RESERVED, UnitStatus.AVAILABLE)
    return {}


# Withdrawal: any time before the rent is paid, except while the centre has it.
BEFORE_PAYMENT = (
    *(S.RESERVED, S.LEASED, S.FUND_CHOSEN, S.VERIFIED, S.AUTHORIZED),
    *(S.APPROVED, S.REJECTED),
)
RENT_WORKFLOW = Workflow(
    subject=SUBJECT,
    model=RentalApplication,
    description="reserved -> leased (or expired) -> fund chosen (or paid by the tenant) -> "
    "account verified -> authorisation signed, documents uploaded -> submitted to the fund "
    "centre -> approved -> rent paid, period by period; or rejected; or withdrawn.",
    states=(
        State(S.RESERVED, N_("已预订")),
        State(S.LEASED, N_("已签约")),
        State(S.FUND_CHOSEN, N_("已选择公积金支付")),
        State(S.VERIFIED, N_("公积金账户已查验")),
        State(S.AUTHORIZED, N_("已签署授权书")),
        State(S.SUBMITTED, N_("已提交公积金中心")),
        State(S.APPROVED, N_("公积金中心校验通过")),
        State(S.REJECTED, N_("公积金中心校验未通过")),
        State(S.PAID, N_("房租已划转")),
        State(S.SELF_PAY, N_("自行支付房租"), final=True),
        State(S.WITHDRAWN, N_("已撤回"), final=True),
        State(S.EXPIRED, N_("预订已过期"), final=True),
    ),
    initial=S.RESERVED,
    transitions=(
        transition(A.SIGN_LEASE, N_("签订租赁合同"), [S.RESERVED], S.LEASED, APPLICANT_OR_OFFICER),
        transition(
            A.CHOOSE_FUND, N_("选择公积金支付房租"), [S.LEASED], S.FUND_CHOSEN, APPLICANT_OR_OFFICER
        ),
        transition(
            A.CHOOSE_SELF,
            N_("选择自行支付房租"),
            [S.LEASED, S.REJECTED],
            S.SELF_PAY,
            APPLICANT_OR_OFFICER,
        ),
        transition(
            A.VERIFY_ACCOUNT,
            N_("查验公积金账户"),
            [S.FUND_CHOSEN],
            S.VERIFIED,
            OFFICER,
        ),
        transition(
            A.SIGN_AUTHORIZATION,
            N_("签署《住房公积金个人信息查询提取授权书》"),
            [S.VERIFIED],
            S.AUTHORIZED,
            APPLICANT_OR_OFFICER,
        ),
        transition(
            A.UPLOAD_DOCUMENT,
            N_("上传申请资料"),
            [S.VERIFIED, S.AUTHORIZED],
            None,
            APPLICANT_OR_OFFICER,
        ),
        transition(
            A.SUBMIT_TO_CENTRE, N_("提交公积金中心校验"), [S.AUTHORIZED], S.SUBMITTED, OFFICER
        ),
        transition(
            A.RETRY_SUBMISSION,
            N_("重新提交公积金中心"),
            [S.SUBMITTED],
            None,
            OFFICER,
            public=False,
        ),
        transition(
            A.CENTRE_APPROVE,
            N_("公积金中心校验通过"),
            [S.SUBMITTED],
            S.APPROVED,
            FUND_CENTRE,
        ),
        transition(
            A.CENTRE_REJECT,
            N_("公积金中心校验未通过"),
            [S.SUBMITTED],
            S.REJECTED,
            FUND_CENTRE,
            needs_note=True,
        ),
        transition(
            A.TRANSFER_RENT,
            N_("房租划转至租建投公司账户"),
            [S.APPROVED, S.PAID],
            S.PAID,
            OFFICER,
        ),
        transition(A.WITHDRAW, N_("撤回申请"), BEFORE_PAYMENT, S.WITHDRAWN, APPLICANT_OR_OFFICER),
        transition(A.EXPIRE, N_("预订过期，释放房源"), [S.RESERVED], S.EXPIRED, [SYSTEM]),
    ),
    relations=_relations,
    prepare={
        A.SIGN_LEASE: _sign_lease,
        A.CHOOSE_FUND: _choose_fund,
        A.CHOOSE_SELF: _choose_self,
        A.SIGN_AUTHORIZATION: sign_authorization,
        A.UPLOAD_DOCUMENT: keep_document,
        A.SUBMIT_TO_CENTRE: submit,
        A.RETRY_SUBMISSION: retry,
        A.CENTRE_APPROVE: decided,
        A.CENTRE_REJECT: decided,
        A.TRANSFER_RENT: transfer,
        A.WITHDRAW: _free_unit,
        A.EXPIRE: _free_unit,
    },
)

# An applicant has at most one application in these (a lease paid from the fund included).
OPEN_STATES = tuple(s.name for s in RENT_WORKFLOW.states if not s.final)
