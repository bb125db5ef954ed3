"""The union's members: registration (with ID checks), corrections, lookups, fleets."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, ValidationError
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.members import Fleet, Member, VehicleType
from cityhub.resolvers import audit, privacy
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, keyset_page

MEMBER_FIELDS = (
    "id",
    "member_no",
    "name",
    "phone",
    "id_number",
    "vehicle_type",
    "fleet_id",
    "joined_on",
    "status",
    "on_hardship_register",
    "sms_opt_out",
    "account_id",
    "is_sample",
)
FLEET_FIELDS = ("id", "code", "name", "name_en", "kind", "is_sample")
MOBILE_PHONE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class MemberFilter:
    status: str | None = None
    fleet: str | None = None
    vehicle_type: str | None = None
    text: str | None = None
    # False: the viewer sees names masked, so the text may only narrow by what they see.
    names_visible: bool = True


def check_id_number(number: str, field: str = "idNumber") -> tuple[str, list[Problem]]:
    """The compact RIC number and any problem with it (python-stdnum's checks)."""
    try:
        return ric.validate(number), []
    except InvalidChecksum:
        message = N_("身份证号码校验位不正确")
        return number, [Problem("INVALID_ID_CHECKSUM", message, field)]
    except ValidationError:
        return number, [Problem("INVALID_ID_NUMBER", N_("身份证号码格式不正确"), field)]


def check_phone(phone: str, field: str = "phone") -> list[Problem]:
    if MOBILE_PHONE.match(phone):
        return []
    return [Problem("INVALID_PHONE", N_("手机号应为 11 位数字"), field)]


@dataclass(frozen=True)
class MemberChanges:
    """Staff corrections to a member; None leaves a field as it is."""

    status: str | None = None
    phone: str | None = None
    fleet: str | None = None  # a fleet code; "" removes the fleet
    vehicle_type: str | None = None
    on_hardship_register: bool | None = None


async def update_member(
    viewer: Viewer, member_id: int | None, changes: MemberChanges
) -> dict[str, Any]:
    """Staff change a member's status or details; every change is audited, a bad value is
    refused and nothing is written."""
    before = await Member.filter(id=member_id or 0).first().values(*MEMBER_FIELDS)
    if before is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该会员"), "id"))
    after: dict[str, Any] = {}
    problems: list[Problem] = []
    if changes.status is not None:
        after["status"] = changes.status
    if changes.phone is not None:
        problems += check_phone(changes.phone.strip())
        after["phone"] = changes.phone.strip()
    if changes.vehicle_type is not None:
        after["vehicle_type"] = changes.vehicle_type
    if changes.on_hardship_register is not None:
        after["on_hardship_register"] = changes.on_hardship_register
    if changes.fleet == "":
        after["fleet_id"] = None
    elif changes.fleet is not None:
        found = await Fleet.filter(code=changes.fleet).first().values("id")
        if found is None:
            problems.append(Problem("UNKNOWN_FLEET", N_("找不到该车队或公司"), "fleet"))
        else:
            after["fleet_id"] = found["id"]
    if problems:
        raise Rejected(*problems)
    if found_changes := audit.differences(before, after):
        async with in_transaction():
            await Member.filter(id=before["id"]).update(**after)
            await audit.record(viewer, "member.update", "member", before["id"], found_changes)
    return {**before, **after}


def _name_prefix(text: str) -> Q:
    """Names that start with ``text``. SQLite does not use an index for LIKE 'x%' (it is
    case-insensitive there), but it does for a range; its default collation is code-point
    order, so [text, text + U+10FFFF) holds exactly the names with that prefix. PostgreSQL
    keeps LIKE, which is right under any collation."""
    if Member._meta.db.capabilities.dialect == "sqlite":
        return Q(name__gte=text, name__lt=text + "\U0010ffff", name__startswith=text)
    return Q(name__startswith=text)


def _members(where: MemberFilter) -> QuerySet[Member]:
    query = Member.all()
    if where.status:
        query = query.filter(status=where.status)
    if where.vehicle_type:
        query = query.filter(vehicle_type=where.vehicle_type)
    if where.fleet:
        query = query.filter(fleet__code=where.fleet)
    if where.text and where.text.strip():
        text = where.text.strip()
        prefix = text if where.names_visible else privacy.NAME.search_prefix(text)
        by_number = Q(member_no=text.upper())
        query = query.filter(Q(_name_prefix(prefix)) | by_number if prefix else by_number)
    return query


async def list_members(where: MemberFilter, *, first: int | None, after: str | None) -> Page:
    return await keyset_page(_members(where), MEMBER_FIELDS, first=first, after=after)


async def members_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(Member, MEMBER_FIELDS, ids)


async def lock_member(member_id: int) -> None:
    """Inside a transaction: hold the member's row until it ends (PostgreSQL's FOR UPDATE;
    SQLite runs one transaction at a time). Writes that check a per-member limit first
    take this lock, so two requests sent at once cannot both pass the check.
    `.only()` keeps FOR UPDATE; Tortoise drops it from `.values()` queries."""
    await Member.filter(id=member_id).select_for_update().only("id")


async def member_for_account(account_id: int | None) -> dict[str, Any] | None:
    if account_id is None:
        return None
    return await Member.filter(account_id=account_id).first().values(*MEMBER_FIELDS)


async def fleets_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(Fleet, FLEET_FIELDS, ids)


async def list_fleets() -> list[dict[str, Any]]:
    return await Fleet.all().order_by("kind", "name").values(*FLEET_FIELDS)


def member_no(member_id: int) -> str:
    return f"TYD{member_id:06d}"


async def _fleet_id(fleet: str | None, problems: list[Problem]) -> int | None:
    """The fleet's id, or None; an unknown code adds a problem."""
    if not fleet:
        return None
    found = await Fleet.filter(code=fleet).first().values("id")
    if found is None:
        problems.append(Problem("UNKNOWN_FLEET", N_("找不到该车队或公司"), "fleet"))
    return found["id"] if found else None


def _registration_problems(
    name: str, phone: str, vehicle_type: str, joined_on: date | None
) -> list[Problem]:
    problems = check_phone(phone.strip())
    if not 0 < len(name.strip()) <= 50:
        problems.append(Problem("INVALID", N_("姓名须为 1-50 个字"), "name"))
    if vehicle_type not in {v.value for v in VehicleType}:
        problems.append(Problem("INVALID", N_("未知车辆类型"), "vehicleType"))
    if joined_on and joined_on > clock.today():
        problems.append(Problem("INVALID", N_("入会日期不能晚于今天"), "joinedOn"))
    return problems


async def register_member(
    *,
    name: str,
    phone: str,
    id_number: str,
    vehicle_type: str,
    fleet: str | None,
    joined_on: date | None,
    on_hardship_register: bool = False,
) -> dict[str, Any]:
    """A new member; a bad ID checksum, phone or fleet is refused and nothing is written."""
    number, problems = check_id_number(id_number.strip())
    problems += _registration_problems(name, phone, vehicle_type, joined_on)
    fleet_id = await _fleet_id(fleet, problems)
    if problems:
        raise Rejected(*problems)
    try:
        async with in_transaction():
            member = await Member.create(
                member_no=f"NEW-{secrets.token_hex(6)}",
                name=name.strip(),
                phone=phone.strip(),
                id_number=number,
                vehicle_type=vehicle_type,
                fleet_id=fleet_id,
                joined_on=joined_on or clock.today(),
                on_hardship_register=on_hardship_register,
                is_sample=False,
            )
            # The number follows the id, so concurrent registrations never collide.
            await Member.filter(id=member.id).update(member_no=member_no(member.id))
    except IntegrityError:
        raise Rejected(
            Problem("ID_NUMBER_TAKEN", N_("该身份证号码已登记为会员"), "idNumber")
        ) from None
    (row,) = await members_by_id([member.id])
    assert row is not None, "the member was just created"
    return row


async def set_sms_opt_out(viewer: Viewer, opt_out: bool) -> dict[str, Any]:
    """A member stops (or resumes) receiving broadcast SMS."""
    member = await member_for_account(viewer.account_id)
    if member is None:
        raise Rejected(Problem("NOT_A_MEMBER", N_("当前账户没有关联会员"), None))
    await Member.filter(id=member["id"]).update(sms_opt_out=opt_out)
    return {**member, "sms_opt_out": opt_out}


async def link_account(member_no: str, account_id: int) -> dict[str, Any]:
    """Tie a sign-in account to a member record (the member sees their own data)."""
    member = await Member.filter(member_no=member_no).first().values("id")
    if member is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该会员"), "memberNo"))
    try:
        await Member.filter(id=member["id"]).update(account_id=account_id)
    except IntegrityError:
        raise Rejected(Problem("ALREADY_LINKED", N_("该账户已关联其他会员"), "account")) from None
    (row,) = await members_by_id([member["id"]])
    assert row is not None, "the member was found above"
    return row
