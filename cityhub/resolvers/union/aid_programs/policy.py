"""Policy changes to aid programs by admins: checked, written together, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.audit import AuditEntry
from cityhub.models.union.aid_programs import AidKind, AidProgram, MedicalCategory
from cityhub.resolvers import audit
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.audit import AUDIT_FIELDS
from cityhub.resolvers.pagination import Page, keyset_page
from cityhub.resolvers.union.aid_programs import is_money, programs_by_id
from cityhub.resolvers.union.aid_programs.categories import CODE_MAX

AUDIT_SUBJECT = "aid_program"
AUDIT_ACTION = "aid_program.update"
MEDICAL_ONLY = (
    "self_paid_threshold",
    "threshold_basis",
    "covered_categories",
    "chronic_outpatient_per_year",
    "reimbursement_ratio",
    "max_amount_per_claim",
)
STUDENT_ONLY = ("amount_per_student", "max_students_per_member", "non_hardship_channel")
RATIO_PLACES = Decimal("0.0001")
CATEGORIES_MAX = 100


@dataclass(frozen=True)
class PolicyChanges:
    """The fields to change; None leaves a field as it is."""

    name: str | None = None
    summary: str | None = None
    partner: str | None = None
    opens_on: date | None = None
    closes_on: date | None = None
    self_paid_threshold: Decimal | None = None
    threshold_basis: str | None = None
    covered_categories: list[str] | None = None
    chronic_outpatient_per_year: int | None = None
    reimbursement_ratio: Decimal | None = None
    max_amount_per_claim: Decimal | None = None
    amount_per_student: Decimal | None = None
    max_students_per_member: int | None = None
    non_hardship_channel: bool | None = None

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _invalid(field: str, message: str, **params: object) -> Problem:
    return Problem("INVALID", message, camel(field), dict(params))


def _check_money(changes: dict[str, Any], problems: list[Problem]) -> None:
    threshold = changes.get("self_paid_threshold")
    if threshold is not None and not (is_money(threshold) and threshold >= 0):
        problems.append(_invalid("self_paid_threshold", N_("起付金额须为不小于 0 的金额")))
    for name in ("max_amount_per_claim", "amount_per_student"):
        value = changes.get(name)
        if value is not None and not (is_money(value) and value > 0):
            problems.append(_invalid(name, N_("金额须大于 0，最多两位小数")))
    ratio = changes.get("reimbursement_ratio")
    if ratio is not None and not (
        ratio.is_finite() and 0 < ratio <= 1 and ratio == ratio.quantize(RATIO_PLACES)
    ):
        problems.append(_invalid("reimbursement_ratio", N_("比例须大于 0 且不超过 1")))


def _check_counts(changes: dict[str, Any], problems: list[Problem]) -> None:
    chronic = changes.get("chronic_outpatient_per_year")
    if chronic is not None and not 0 <= chronic <= 12:
        problems.append(_invalid("chronic_outpatient_per_year", N_("次数须在 0 到 12 之间")))
    students = changes.get("max_students_per_member")
    if students is not None and not 1 <= students <= 10:
        problems.append(_invalid("max_students_per_member", N_("人数须在 1 到 10 之间")))


async def _check_categories(changes: dict[str, Any], problems: list[Problem]) -> None:
    categories = changes.get("covered_categories")
    if categories is not None and len(categories) > CATEGORIES_MAX:
        problems.append(_invalid("covered_categories", N_("费用类别太多")))
    elif categories is not None:
        known = set(
            await MedicalCategory.filter(code__in=categories).values_list("code", flat=True)
        )
        problems.extend(
            Problem(
                "UNKNOWN_CATEGORY",
                N_("未知的费用类别：{category}"),
                "coveredCategories",
                {"category": c},
            )
            for c in categories
            if c not in known
        )
        if not categories:
            problems.append(_invalid("covered_categories", N_("至少保留一个费用类别")))


def _check_text(changes: dict[str, Any], before: dict[str, Any], problems: list[Problem]) -> None:
    for name, least, most in (("name", 1, 100), ("partner", 0, 100), ("summary", 0, 2000)):
        value = changes.get(name)
        if value is not None and not least <= len(value) <= most:
            message = N_("长度须在 {least}-{most} 个字之间")
            problems.append(_invalid(name, message, least=least, most=most))
    opens = changes.get("opens_on", before["opens_on"])
    closes = changes.get("closes_on", before["closes_on"])
    if opens and closes and opens > closes:
        problems.append(_invalid("closes_on", N_("截止日期不能早于开始日期")))


async def check_changes(before: dict[str, Any], changes: dict[str, Any]) -> list[Problem]:
    other_kind = STUDENT_ONLY if before["kind"] == AidKind.MEDICAL else MEDICAL_ONLY
    problems = [
        Problem("NOT_APPLICABLE", N_("该项不适用于此类项目"), camel(name))
        for name in other_kind
        if name in changes
    ]
    _check_money(changes, problems)
    _check_counts(changes, problems)
    await _check_categories(changes, problems)
    _check_text(changes, before, problems)
    return problems


def _normalised(changes: PolicyChanges) -> dict[str, Any]:
    given = changes.given()
    for name in ("name", "summary", "partner"):
        if name in given:
            given[name] = given[name].strip()
    if "covered_categories" in given:
        codes = (code.strip().lower()[:CODE_MAX] for code in given["covered_categories"])
        given["covered_categories"] = list(dict.fromkeys(codes))
    return given


async def update_program(
    viewer: Viewer, program_id: int | None, changes: PolicyChanges
) -> dict[str, Any]:
    """Change a program's policy; each change is audited as {field: [old, new]}.

    A value an admin sets is policy, not sample, so it leaves ``sample_fields``.
    """
    (before,) = await programs_by_id([program_id or 0])
    if before is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该资助项目"), "id"))
    wanted = _normalised(changes)
    if problems := await check_changes(before, wanted):
        raise Rejected(*problems)
    after = {name: value for name, value in wanted.items() if before[name] != value}
    if after:
        after["sample_fields"] = [f for f in before["sample_fields"] if f not in after]
    if differences := audit.differences(before, after):
        async with in_transaction():
            await AidProgram.filter(id=before["id"]).update(**after)
            await audit.record(viewer, AUDIT_ACTION, AUDIT_SUBJECT, before["id"], differences)
    (row,) = await programs_by_id([before["id"]])
    assert row is not None, "the program was read above"
    return row


async def program_changes(program_id: int, *, first: int | None, after: str | None) -> Page:
    """The program's audited changes, oldest first."""
    query = AuditEntry.filter(subject_type=AUDIT_SUBJECT, subject_id=program_id)
    return await keyset_page(query, AUDIT_FIELDS, first=first, after=after)
