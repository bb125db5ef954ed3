"""A program's rules in plain language, built from its policy data (never from literals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cityhub.i18n import N_
from cityhub.models.union.aid_programs import AidKind, ThresholdBasis
from cityhub.resolvers.union.aid_programs import CENT
from cityhub.resolvers.union.aid_programs.categories import name_of


@dataclass(frozen=True)
class RuleText:
    """One program rule in plain language: a message id and its parameters (a parameter
    ``x_en`` is ``x`` in English, used in place of it where the asker reads English)."""

    key: str
    message: str
    params: dict[str, Any]
    is_sample: bool = False


def yuan(value: Decimal) -> str:
    """3,000.00: how amounts appear inside rule sentences."""
    return f"{value.quantize(CENT):,}"


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}"


# (rule key, policy column, message, parameter name, how the value reads): each rule is
# stated when its column is set; a column marked sample makes its rule sample too.
Optional = tuple[str, str, str, str, Callable[[Any], Any]]
MEDICAL: tuple[Optional, ...] = (
    (
        "ratio",
        "reimbursement_ratio",
        N_("互助金按个人自付部分的 {percent}% 计算。"),
        "percent",
        _percent,
    ),
    ("max_per_claim", "max_amount_per_claim", N_("每次申请最多 {amount} 元。"), "amount", yuan),
)
STUDENT: tuple[Optional, ...] = (
    (
        "students",
        "max_students_per_member",
        N_("每名会员每年最多为 {count} 名子女申请。"),
        "count",
        int,
    ),
    ("amount", "amount_per_student", N_("每名学生资助 {amount} 元。"), "amount", yuan),
)


def _optional(row: dict[str, Any], sample: set[str], rules: tuple[Optional, ...]) -> list[RuleText]:
    return [
        RuleText(key, message, {name: show(row[column])}, column in sample)
        for key, column, message, name, show in rules
        if row[column] is not None
    ]


def _threshold(row: dict[str, Any], sample: set[str]) -> list[RuleText]:
    if row["self_paid_threshold"] is None:
        return []
    message = (
        N_("本年度个人自付部分累计（此前各次申请加本次）须达到 {amount} 元及以上。")
        if row["threshold_basis"] == ThresholdBasis.YEARLY_TOTAL
        else N_("每次申请的个人自付部分须达到 {amount} 元及以上（正好 {amount} 元也可以）。")
    )
    sampled = bool({"self_paid_threshold", "threshold_basis"} & sample)
    return [RuleText("threshold", message, {"amount": yuan(row["self_paid_threshold"])}, sampled)]


def _medical(
    row: dict[str, Any], sample: set[str], covered: list[dict[str, Any]]
) -> list[RuleText]:
    enrolled = N_("须为 {year} 年新业态医疗互助的受赠会员（工会统一为会员参加）。")
    names = [name_of(c) for c in covered if c["active"]]
    rules = [
        RuleText("enrolled", enrolled, {"year": row["year"]}),
        RuleText(
            "categories",
            N_("可申请的费用：{categories}。"),
            {"categories": names},
            "covered_categories" in sample,
        ),
        *_threshold(row, sample),
    ]
    limited = [name_of(c) for c in covered if c["active"] and c["yearly_limited"]]
    if limited and row["chronic_outpatient_per_year"] is not None:
        message = N_("{categories}每年最多申请 {count} 次。")
        params = {"categories": limited, "count": row["chronic_outpatient_per_year"]}
        sampled = "chronic_outpatient_per_year" in sample
        rules.append(RuleText("yearly_limit", message, params, sampled))
    return rules + _optional(row, sample, MEDICAL)


def _student(row: dict[str, Any], sample: set[str]) -> list[RuleText]:
    rules = _optional(row, sample, STUDENT)
    if row["non_hardship_channel"]:
        message = N_("没有建档的困难职工，也可以通过“非建档困难职工”渠道申请。")
        rules.append(RuleText("non_hardship", message, {}, "non_hardship_channel" in sample))
    if row["partner"]:
        names = {"partner": row["partner"], "partner_en": row["partner_en"]}
        rules.append(RuleText("partner", N_("与{partner}共同开展。"), names))
    return rules


def program_rules(row: dict[str, Any], covered: list[dict[str, Any]]) -> list[RuleText]:
    """The program's rules as sentences, built from its policy data and ``covered``, the
    rows of the categories it covers (in their order)."""
    sample = set(row["sample_fields"])
    if row["kind"] == AidKind.MEDICAL:
        rules = _medical(row, sample, covered)
    else:
        rules = _student(row, sample)
    if row["opens_on"] and row["closes_on"]:
        dates = {"opens": row["opens_on"].isoformat(), "closes": row["closes_on"].isoformat()}
        sampled = "opens_on" in sample or "closes_on" in sample
        rules.append(RuleText("window", N_("申请时间：{opens} 至 {closes}。"), dates, sampled))
    return rules
