"""Would a medical mutual aid claim qualify? Each rule's result and the reason for it.

For a signed-in member, enrolment and chronic-outpatient use are read from the data;
for anyone else they are what the asker declared, and the reasons say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.union.aid_programs import AidKind, MedicalCategory
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.union.aid_applications import LIVE_STATES, count_for_member
from cityhub.resolvers.union.aid_enrolments import is_enrolled
from cityhub.resolvers.union.aid_programs import (
    medical_program,
    money_argument,
    payout,
    programs_by_id,
)
from cityhub.resolvers.union.aid_programs.rules import yuan
from cityhub.resolvers.union.members import member_for_account

CHRONIC = MedicalCategory.CHRONIC_OUTPATIENT.value


@dataclass(frozen=True)
class ClaimQuestion:
    category: str
    self_paid_amount: Any
    year: int | None = None
    program_id: int | None = None
    program_given: bool = False
    enrolled: bool | None = None
    chronic_used: bool | None = None


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    checked: bool = True


@dataclass(frozen=True)
class ClaimAnswer:
    program: dict[str, Any]
    rules: list[RuleResult]
    estimate: Decimal | None
    estimate_is_sample: bool

    @property
    def eligible(self) -> bool:
        return all(rule.passed for rule in self.rules)


async def _program(question: ClaimQuestion) -> dict[str, Any]:
    if question.program_given:
        (program,) = await programs_by_id([question.program_id or 0])
        if program is None or program["kind"] != AidKind.MEDICAL:
            raise BadInput(N_("找不到该医疗互助项目"), argument="input.program")
        return program
    program = await medical_program(question.year)
    if program is None:
        raise BadInput(
            N_("找不到 {year} 年的新业态医疗互助项目"), argument="input.year", year=question.year
        )
    return program


def _enrolment_rule(year: int, enrolled: bool, checked: bool) -> RuleResult:
    if checked:
        message = (
            N_("已参加 {year} 年医疗互助（已核对）")
            if enrolled
            else N_("没有参加 {year} 年医疗互助（已核对）")
        )
    elif enrolled:
        message = N_("你声明已参加 {year} 年医疗互助（未核对，申请时会核对）")
    else:
        message = N_("你没有声明参加 {year} 年医疗互助（未核对）")
    return RuleResult("enrolled", enrolled, message, {"year": year}, checked)


def _category_rule(program: dict[str, Any], category: str) -> RuleResult:
    if category in program["covered_categories"]:
        return RuleResult("category_covered", True, N_("这类费用在互助范围内"))
    return RuleResult(
        "category_covered", False, N_("这类费用不在 {year} 年互助范围内"), {"year": program["year"]}
    )


def _threshold_rule(program: dict[str, Any], amount: Decimal) -> RuleResult:
    threshold = program["self_paid_threshold"]
    if threshold is None:
        return RuleResult("self_paid_threshold", True, N_("该项目没有起付标准"))
    params = {"amount": yuan(amount), "threshold": yuan(threshold)}
    if amount >= threshold:
        return RuleResult(
            "self_paid_threshold",
            True,
            N_("自付部分 {amount} 元，达到 {threshold} 元的标准"),
            params,
        )
    return RuleResult(
        "self_paid_threshold",
        False,
        N_("自付部分 {amount} 元，未达到 {threshold} 元的标准"),
        params,
    )


def _chronic_rule(program: dict[str, Any], category: str, used: int | None) -> RuleResult:
    """``used``: chronic-outpatient claims this year not rejected, None when only declared."""
    limit = program["chronic_outpatient_per_year"]
    rule = "chronic_outpatient_limit"
    if category != CHRONIC or limit is None:
        return RuleResult(rule, True, N_("不是慢性病门诊，没有次数限制"))
    if used is None:
        return RuleResult(
            rule, True, N_("你声明本年度还没有用过慢性病门诊名额（未核对）"), checked=False
        )
    params = {"used": used, "limit": limit}
    if used < limit:
        return RuleResult(
            rule,
            True,
            N_("本年度慢性病门诊已申请 {used} 次（含审核中），每年最多 {limit} 次（已核对）"),
            params,
        )
    return RuleResult(
        rule,
        False,
        N_("本年度慢性病门诊已申请 {used} 次（含审核中），已达每年 {limit} 次的上限（已核对）"),
        params,
    )


def _declared_chronic_rule(program: dict[str, Any], category: str, used: bool | None) -> RuleResult:
    if category == CHRONIC and used and program["chronic_outpatient_per_year"] is not None:
        return RuleResult(
            "chronic_outpatient_limit",
            False,
            N_("你声明本年度已经用过慢性病门诊名额（未核对）"),
            checked=False,
        )
    return _chronic_rule(program, category, None)


async def check_claim(viewer: Viewer, question: ClaimQuestion) -> ClaimAnswer:
    amount = money_argument(question.self_paid_amount, "input.selfPaidAmount")
    program = await _program(question)
    member = await member_for_account(viewer.account_id)
    if member is not None:
        enrolled = await is_enrolled(program["id"], member["id"])
        # The same count applyForAid refuses on: a claim under review holds the year's place.
        used = await count_for_member(program["id"], member["id"], LIVE_STATES, category=CHRONIC)
        enrolment = _enrolment_rule(program["year"], enrolled, checked=True)
        chronic = _chronic_rule(program, question.category, used)
    else:
        enrolment = _enrolment_rule(program["year"], bool(question.enrolled), checked=False)
        chronic = _declared_chronic_rule(program, question.category, question.chronic_used)
    rules = [
        enrolment,
        _category_rule(program, question.category),
        _threshold_rule(program, amount),
        chronic,
    ]
    eligible = all(rule.passed for rule in rules)
    sample = {"reimbursement_ratio", "max_amount_per_claim"} & set(program["sample_fields"])
    return ClaimAnswer(
        program=program,
        rules=rules,
        estimate=payout(program, amount) if eligible else None,
        estimate_is_sample=bool(sample),
    )
