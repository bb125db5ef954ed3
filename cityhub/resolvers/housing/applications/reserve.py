"""Reserving a unit starts an application; the other steps go through the workflow.

A unit is reserved once: the reservation is a conditional update of the unit (available
-> reserved) in the transaction that creates the application, so of any number of people
racing for the last unit exactly one gets it and the others are told it is gone. An
applicant holds at most one open application, checked again under a lock on their account
row inside that transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.accounts import Account
from cityhub.models.housing.applications import PaymentMethod, RentalApplication
from cityhub.models.housing.projects import HousingProject, HousingUnit, ProjectStatus, UnitStatus
from cityhub.resolvers import workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.housing import HOUSING_OFFICER
from cityhub.resolvers.housing.applications import application_now, applications_by_id, reference
from cityhub.resolvers.housing.applications.workflow import (
    OPEN_STATES,
    PAYMENT_ACTIONS,
    RENT_WORKFLOW,
    A,
    S,
)
from cityhub.resolvers.housing.eligibility import current_policy
from cityhub.resolvers.transactions import atomic


def _refused(code: str, message: str, field: str = "unit") -> Rejected:
    return Rejected(Problem(code, message, field))


async def _applicant(viewer: Viewer, applicant_id: int | None) -> tuple[int, workflow.Channel]:
    """Who the application is for, and how it came in: one's own online, or an officer's
    for a walk-in applicant (in person)."""
    if applicant_id is None or applicant_id == viewer.account_id:
        if viewer.account_id is None:
            raise _refused("UNAUTHENTICATED", N_("请先登录"), "applicant")
        return viewer.account_id, workflow.Channel.ONLINE
    if not viewer.has_role(HOUSING_OFFICER):
        raise _refused("FORBIDDEN", N_("只有住房工作人员可以代他人预订"), "applicant")
    if not await Account.filter(id=applicant_id, is_active=True).exists():
        raise _refused("UNKNOWN_APPLICANT", N_("找不到该申请人"), "applicant")
    return applicant_id, workflow.Channel.IN_PERSON


async def _reservable(applicant: int, unit_id: int | None) -> dict[str, Any]:
    """The unit to reserve, or Rejected: unknown, its project not letting, or the
    applicant already has an application in progress."""
    unit = None
    if unit_id is not None:
        unit = (
            await HousingUnit.filter(id=unit_id).first().values("id", "project_id", "monthly_rent")
        )
    if unit is None:
        raise _refused("UNKNOWN_UNIT", N_("找不到该房源"))
    if not await HousingProject.filter(
        id=unit["project_id"], status=ProjectStatus.OPERATING
    ).exists():
        raise _refused("NOT_LETTING", N_("该项目尚未运营，暂不能预订"))
    if await RentalApplication.filter(applicant_id=applicant, state__in=OPEN_STATES).exists():
        raise _refused(
            "APPLICATION_OPEN", N_("您已有一份办理中的申请，请先完成或撤回"), "applicant"
        )
    return unit


async def _one_open_application(applicant: int) -> None:
    """Inside the reservation's transaction: hold the applicant's account row (PostgreSQL's
    FOR UPDATE; SQLite runs one transaction at a time), then check again that they have no
    open application, so two reservations sent at once cannot both pass. A refusal rolls
    back the unit's reservation with it. `.only()` keeps FOR UPDATE."""
    await Account.filter(id=applicant).select_for_update().only("id")
    if await RentalApplication.filter(applicant_id=applicant, state__in=OPEN_STATES).exists():
        raise _refused(
            "APPLICATION_OPEN", N_("您已有一份办理中的申请，请先完成或撤回"), "applicant"
        )


async def reserve_unit(
    viewer: Viewer, unit_id: int | None, applicant_id: int | None = None
) -> dict[str, Any]:
    applicant, channel = await _applicant(viewer, applicant_id)
    unit = await _reservable(applicant, unit_id)
    hours = (await current_policy())["reservation_hours"]
    now = clock.now()
    async with atomic():
        taken = await HousingUnit.filter(id=unit["id"], status=UnitStatus.AVAILABLE).update(
            status=UnitStatus.RESERVED
        )
        if not taken:
            raise _refused("UNIT_TAKEN", N_("该房源已被预订或出租，请选择其他房源"))
        await _one_open_application(applicant)
        created = await RentalApplication.create(
            reference=f"NEW-{secrets.token_hex(8)}",
            state=S.RESERVED,
            applicant_id=applicant,
            project_id=unit["project_id"],
            unit_id=unit["id"],
            monthly_rent=unit["monthly_rent"],
            reserved_until=now + dt.timedelta(hours=hours),
            submitted_at=now,
            updated_at=now,
        )
        number = reference(clock.local_date(now).year, created.id)
        await RentalApplication.filter(id=created.id).update(reference=number)
        await workflow.start(RENT_WORKFLOW, created.id, workflow.Actor(viewer, channel))
    return await application_now(created.id)


async def visible_application(viewer: Viewer, application_id: int | None) -> dict[str, Any]:
    """The application if the viewer is its applicant or a housing officer; NOT_FOUND
    otherwise (another citizen learns nothing of it)."""
    (row,) = await applications_by_id([application_id or 0])
    mine = row is not None and row["applicant_id"] == viewer.account_id
    if row is None or not (mine or viewer.has_role(HOUSING_OFFICER)):
        raise _refused("NOT_FOUND", N_("找不到该申请"), "application")
    return row


async def act(
    viewer: Viewer, application_id: int | None, action: str, *, note: str = ""
) -> dict[str, Any]:
    """Take one step of the workflow; an officer's step for the applicant is in person."""
    row = await visible_application(viewer, application_id)
    own = row["applicant_id"] == viewer.account_id
    channel = workflow.Channel.ONLINE if own else workflow.Channel.IN_PERSON
    await workflow.take(RENT_WORKFLOW, row, action, workflow.Actor(viewer, channel), note=note)
    return await application_now(row["id"])


async def choose_payment(
    viewer: Viewer, application_id: int | None, method: PaymentMethod
) -> dict[str, Any]:
    return await act(viewer, application_id, PAYMENT_ACTIONS[method])


async def expire_reservations(now: dt.datetime | None = None) -> int:
    """Reservations past their time, moved to expired with their units freed, by
    CityHub itself (the SYSTEM role); returns how many. A reservation signed or
    withdrawn meanwhile is left alone (the workflow's conditional move)."""
    moment = now or clock.now()
    due = await RentalApplication.filter(state=S.RESERVED, reserved_until__lte=moment).values(
        "id", "state", "applicant_id", "unit_id", "reserved_until"
    )
    actor = workflow.Actor(Viewer(), workflow.Channel.SYSTEM, system="CityHub")
    expired = 0
    for row in due:
        try:
            await workflow.take(RENT_WORKFLOW, row, A.EXPIRE, actor)
        except Rejected:
            continue
        expired += 1
    return expired
