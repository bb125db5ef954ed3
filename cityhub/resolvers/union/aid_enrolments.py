"""Enrolment in medical mutual aid, per member and year: the union gifts it, idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.aid_programs import AidKind
from cityhub.models.union.members import Member, MemberStatus
from cityhub.resolvers.union.aid_programs import programs_by_id
from cityhub.resolvers.union.members import member_for_account

BATCH = 1_000
MAX_LISTED = 1_000  # members named in one request; allActive has no such limit


@dataclass(frozen=True)
class EnrolmentResult:
    program: dict[str, Any]
    newly_enrolled: int
    already_enrolled: int


async def _targets(member_ids: list[int | None], all_active: bool) -> set[int]:
    listed = {i for i in member_ids if i is not None}
    problems = []
    if len(member_ids) > MAX_LISTED:
        problems.append(
            Problem(
                "TOO_MANY_MEMBERS", N_("一次最多列出 {max} 名会员"), "members", {"max": MAX_LISTED}
            )
        )
    if not member_ids and not all_active:
        problems.append(
            Problem("NOTHING_TO_ENROL", N_("请选择会员，或选择全部在册会员"), "members")
        )
    if problems:
        raise Rejected(*problems)
    found = dict(await Member.filter(id__in=listed).values_list("id", "status")) if listed else {}
    if None in member_ids or len(found) < len(listed):
        raise Rejected(Problem("UNKNOWN_MEMBER", N_("有会员不存在"), "members"))
    if any(status != MemberStatus.ACTIVE for status in found.values()):
        raise Rejected(Problem("MEMBER_NOT_ACTIVE", N_("只能为在册会员参加互助"), "members"))
    if all_active:
        active = Member.filter(status=MemberStatus.ACTIVE).values_list("id", flat=True)
        # Tortoise types every values_list() as tuples; flat=True gives the column's values.
        listed |= set(cast("list[int]", await active))
    return listed


async def enrol_ids(program_id: int, members: set[int], source: str) -> tuple[int, int]:
    """(newly, already): bulk inserts in batches; pairs that exist are left alone."""
    enrolled = AidEnrolment.filter(program_id=program_id)
    if len(members) <= MAX_LISTED:
        enrolled = enrolled.filter(member_id__in=members)
    have = set(await enrolled.values_list("member_id", flat=True)) & members
    new = sorted(members - have)
    for start in range(0, len(new), BATCH):
        await AidEnrolment.bulk_create(
            [
                AidEnrolment(program_id=program_id, member_id=m, source=source)
                for m in new[start : start + BATCH]
            ],
            ignore_conflicts=True,
        )
    return len(new), len(have)


async def enroll_members(
    program_id: int | None, member_ids: list[int | None], *, all_active: bool, source: str = "gift"
) -> EnrolmentResult:
    (program,) = await programs_by_id([program_id or 0])
    if program is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该资助项目"), "program"))
    if program["kind"] != AidKind.MEDICAL:
        raise Rejected(Problem("NOT_APPLICABLE", N_("只有医疗互助需要为会员参加"), "program"))
    members = await _targets(member_ids, all_active)
    newly, already = await enrol_ids(program["id"], members, source)
    return EnrolmentResult(program=program, newly_enrolled=newly, already_enrolled=already)


async def programs_enrolled(account_id: int | None) -> frozenset[int] | None:
    """The IDs of the programs the account's member is enrolled in; None if not a member."""
    member = await member_for_account(account_id)
    if member is None:
        return None
    ids = await AidEnrolment.filter(member_id=member["id"]).values_list("program_id", flat=True)
    return frozenset(cast("list[int]", ids))  # flat=True: ids (Tortoise types them as tuples)


async def is_enrolled(program_id: int, member_id: int) -> bool:
    return await AidEnrolment.filter(program_id=program_id, member_id=member_id).exists()
