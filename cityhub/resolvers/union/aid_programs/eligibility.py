"""The medical mutual aid rules, once: the claim checker explains them and applyForAid
refuses on them, from the same facts (read from the data for a member, declared by anyone
else), so the two never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cityhub.i18n import N_
from cityhub.models.union.aid_programs import ThresholdBasis
from cityhub.models.union.members import MemberStatus
from cityhub.resolvers.union.aid_programs.categories import name_of
from cityhub.resolvers.union.aid_programs.rules import yuan


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
    """What is known of a claim. ``category``: the row of the category claimed, None when
    no category has the code. ``member_status`` None: nobody signed in (the status is then
    unknown, taken as declared). ``limit_used``: the year's live claims in the category as
    counted, None when only ``limit_declared`` is known. ``earlier_self_paid``: the
    self-paid parts of the member's live claims of the program year (counted when
    ``checked``, else declared), which a yearly-total threshold adds to this claim's."""

    category: dict[str, Any] | None
    self_paid: Decimal
    enrolled: bool
    checked: bool
    member_status: str | None = None
    limit_used: int | None = None
    limit_declared: bool | None = None
    earlier_self_paid: Decimal = Decimal(0)


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


def _category_rule(program: dict[str, Any], category: dict[str, Any] | None) -> RuleResult:
    if category and category["active"] and category["code"] in program["covered_categories"]:
        return RuleResult("category_covered", True, N_("这类费用在互助范围内"))
    message = N_("这类费用不在 {year} 年互助范围内")
    params = {"year": program["year"]}
    return RuleResult(
        "category_covered", False, message, params, True, "CATEGORY_NOT_COVERED", "medical.category"
    )


def _threshold_rule(program: dict[str, Any], facts: ClaimFacts) -> RuleResult:
    threshold = program["self_paid_threshold"]
    rule, amount = "self_paid_threshold", facts.self_paid
    if threshold is None:
        return RuleResult(rule, True, N_("该项目没有起付标准"))
    params = {"amount": yuan(amount), "threshold": yuan(threshold)}
    if program["threshold_basis"] == ThresholdBasis.YEARLY_TOTAL:
        return _yearly_total_rule(threshold, facts, params)
    if amount >= threshold:
        return RuleResult(rule, True, N_("自付部分 {amount} 元，达到 {threshold} 元的标准"), params)
    message = N_("自付部分 {amount} 元，未达到 {threshold} 元的标准")
    return RuleResult(
        rule, False, message, params, True, "BELOW_THRESHOLD", "medical.selfPaidAmount"
    )


# (checked, passed) -> the reason: counted for a member, declared by anyone else.
YEARLY_TOTAL_REASONS = {
    (True, True): N_(
        "本年度自付累计 {total} 元（含本次 {amount} 元，已核对），达到 {threshold} 元"
    ),
    (True, False): N_(
        "本年度自付累计 {total} 元（含本次 {amount} 元，已核对），未达到 {threshold} 元"
    ),
    (False, True): N_(
        "本年度自付累计 {total} 元（含本次 {amount} 元，未核对），达到 {threshold} 元"
    ),
    (False, False): N_(
        "本年度自付累计 {total} 元（含本次 {amount} 元，未核对），未达到 {threshold} 元"
    ),
}


def _yearly_total_rule(threshold: Decimal, facts: ClaimFacts, params: dict[str, Any]) -> RuleResult:
    total = facts.earlier_self_paid + facts.self_paid
    params = {**params, "earlier": yuan(facts.earlier_self_paid), "total": yuan(total)}
    passed = total >= threshold
    message = YEARLY_TOTAL_REASONS[facts.checked, passed]
    code = "" if passed else "BELOW_THRESHOLD"
    field = "medical.selfPaidAmount"
    return RuleResult("self_paid_threshold", passed, message, params, facts.checked, code, field)


def _limit_rule(program: dict[str, Any], facts: ClaimFacts) -> RuleResult:
    """The yearly per-member limit of a category that counts toward it (慢性病门诊:
    每年办理一次)."""
    limit = program["chronic_outpatient_per_year"]
    rule, category = "yearly_limit", facts.category
    if category is None or not category["yearly_limited"] or limit is None:
        return RuleResult(rule, True, N_("这类费用没有每年次数限制"))
    name = name_of(category)
    used = facts.limit_used
    if used is None:
        if facts.limit_declared:
            message = N_("您声明本年度{category}的名额已经用完（未核对）")
            params = {"category": name}
            return RuleResult(rule, False, message, params, False, "YEARLY_LIMIT_REACHED")
        message = N_("您声明本年度{category}的名额还没有用完（未核对）")
        return RuleResult(rule, True, message, {"category": name}, checked=False)
    counted: dict[str, Any] = {"used": used, "limit": limit, "category": name}
    if used < limit:
        message = N_("本年度{category}已申请 {used} 次（含审核中），每年最多 {limit} 次（已核对）")
        return RuleResult(rule, True, message, counted)
    message = N_(
        "本年度{category}已申请 {used} 次（含审核中），已达每年 {limit} 次的上限（已核对）"
    )
    return RuleResult(
        rule, False, message, counted, True, "YEARLY_LIMIT_REACHED", "medical.category"
    )


def medical_rules(program: dict[str, Any], facts: ClaimFacts) -> list[RuleResult]:
    """Every rule of a medical claim, in the order the checker shows them."""
    return [
        member_rule(facts.member_status),
        _enrolment_rule(program["year"], facts),
        _category_rule(program, facts.category),
        _threshold_rule(program, facts),
        _limit_rule(program, facts),
    ]
