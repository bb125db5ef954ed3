"""The medical mutual aid rules, once: the claim checker explains them and applyForAid
refuses on them, from the same facts (read from the data for a member, declared by anyone
else), so the two never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cityhub.i18n import N_
from cityhub.models.union.aid_programs import MedicalCategory
from cityhub.models.union.members import MemberStatus
from cityhub.resolvers.union.aid_programs.rules import yuan

CHRONIC = MedicalCategory.CHRONIC_OUTPATIENT.value


@dataclass(frozen=True)
class RuleResult:
    """A rule's outcome; ``code`` and ``field`` are what applyForAid refuses with."""

    rule: str
    passed: bool
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    checked: bool = True
    code: str = ""
    field: str = ""


@dataclass(frozen=True)
class ClaimFacts:
    """What is known of a claim. ``member_status`` None: nobody signed in (the status is
    then unknown, taken as declared). ``chronic_used``: the year's live chronic-outpatient
    claims as counted, None when only ``chronic_declared`` is known."""

    category: str
    self_paid: Decimal
    enrolled: bool
    checked: bool
    member_status: str | None = None
    chronic_used: int | None = None
    chronic_declared: bool | None = None


def member_rule(status: str | None) -> RuleResult:
    rule, code = "member_active", "MEMBER_NOT_ACTIVE"
    if status is None:
        return RuleResult(
            rule, True, N_("只有在册会员可以申请（未核对，申请时会核对）"), checked=False
        )
    if status == MemberStatus.ACTIVE:
        return RuleResult(rule, True, N_("在册会员（已核对）"))
    return RuleResult(
        rule, False, N_("只有在册会员可以申请，您的会员资格已暂停或终止（已核对）"), code=code
    )


def _enrolment_rule(year: int, facts: ClaimFacts) -> RuleResult:
    if facts.checked:
        message = (
            N_("已参加 {year} 年医疗互助（已核对）")
            if facts.enrolled
            else N_("没有参加 {year} 年医疗互助（已核对）")
        )
    elif facts.enrolled:
        message = N_("您声明已参加 {year} 年医疗互助（未核对，申请时会核对）")
    else:
        message = N_("您没有声明参加 {year} 年医疗互助（未核对）")
    return RuleResult(
        "enrolled",
        facts.enrolled,
        message,
        {"year": year},
        facts.checked,
        "NOT_ENROLLED",
        "program",
    )


def _category_rule(program: dict[str, Any], category: str) -> RuleResult:
    if category in program["covered_categories"]:
        return RuleResult("category_covered", True, N_("这类费用在互助范围内"))
    message = N_("这类费用不在 {year} 年互助范围内")
    params = {"year": program["year"]}
    return RuleResult(
        "category_covered", False, message, params, True, "CATEGORY_NOT_COVERED", "medical.category"
    )


def _threshold_rule(program: dict[str, Any], amount: Decimal) -> RuleResult:
    threshold = program["self_paid_threshold"]
    rule = "self_paid_threshold"
    if threshold is None:
        return RuleResult(rule, True, N_("该项目没有起付标准"))
    params = {"amount": yuan(amount), "threshold": yuan(threshold)}
    if amount >= threshold:
        return RuleResult(rule, True, N_("自付部分 {amount} 元，达到 {threshold} 元的标准"), params)
    message = N_("自付部分 {amount} 元，未达到 {threshold} 元的标准")
    return RuleResult(
        rule, False, message, params, True, "BELOW_THRESHOLD", "medical.selfPaidAmount"
    )


def _chronic_rule(program: dict[str, Any], facts: ClaimFacts) -> RuleResult:
    limit = program["chronic_outpatient_per_year"]
    rule = "chronic_outpatient_limit"
    if facts.category != CHRONIC or limit is None:
        return RuleResult(rule, True, N_("不是慢性病门诊，没有次数限制"))
    used = facts.chronic_used
    if used is None:
        if facts.chronic_declared:
            message = N_("您声明本年度已经用过慢性病门诊名额（未核对）")
            return RuleResult(rule, False, message, checked=False, code="CHRONIC_OUTPATIENT_USED")
        message = N_("您声明本年度还没有用过慢性病门诊名额（未核对）")
        return RuleResult(rule, True, message, checked=False)
    params = {"used": used, "limit": limit}
    if used < limit:
        message = N_("本年度慢性病门诊已申请 {used} 次（含审核中），每年最多 {limit} 次（已核对）")
        return RuleResult(rule, True, message, params)
    message = N_(
        "本年度慢性病门诊已申请 {used} 次（含审核中），已达每年 {limit} 次的上限（已核对）"
    )
    return RuleResult(
        rule, False, message, params, True, "CHRONIC_OUTPATIENT_USED", "medical.category"
    )


def medical_rules(program: dict[str, Any], facts: ClaimFacts) -> list[RuleResult]:
    """Every rule of a medical claim, in the order the checker shows them."""
    return [
        member_rule(facts.member_status),
        _enrolment_rule(program["year"], facts),
        _category_rule(program, facts.category),
        _threshold_rule(program, facts.self_paid),
        _chronic_rule(program, facts),
    ]
