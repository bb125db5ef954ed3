"""A program's rules in plain language, built from its policy data (never from literals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cityhub.i18n import N_
from cityhub.models.union.aid_programs import AidKind
from cityhub.resolvers.union.aid_programs import CENT


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
        "threshold",
        "self_paid_threshold",
        N_("每次申请的个人自付部分须达到 {amount} 元及以上（正好 {amount} 元也可以）。"),
        "amount",
        yuan,
    ),
    (
        "chronic",
        "chronic_outpatient_per_year",
        N_("慢性病门诊每年最多申请 {count} 次。"),
        "count",
        int,
    ),
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


def _medical(row: dict[str, Any], sample: set[str]) -> list[RuleText]:
    enrolled = N_("须为 {year} 年新业态医疗互助的受赠会员（工会统一为会员参加）。")
    categories = list(row["covered_categories"])
    return [
        RuleText("enrolled", enrolled, {"year": row["year"]}),
        RuleText(
            "categories",
            N_("可申请的费用：{categories}。"),
            {"categories": categories},
            "covered_categories" in sample,
        ),
        *_optional(row, sample, MEDICAL),
    ]


def _student(row: dict[str, Any], sample: set[str]) -> list[RuleText]:
    rules = _optional(row, sample, STUDENT)
    if row["non_hardship_channel"]:
        message = N_("没有建档的困难职工，也可以通过“非建档困难职工”渠道申请。")
        rules.append(RuleText("non_hardship", message, {}, "non_hardship_channel" in sample))
    if row["partner"]:
        names = {"partner": row["partner"], "partner_en": row["partner_en"]}
        rules.append(RuleText("partner", N_("与{partner}共同开展。"), names))
    return rules


def program_rules(row: dict[str, Any]) -> list[RuleText]:
    """The program's rules as sentences, built from its policy data."""
    sample = set(row["sample_fields"])
    rules = _medical(row, sample) if row["kind"] == AidKind.MEDICAL else _student(row, sample)
    if row["opens_on"] and row["closes_on"]:
        dates = {"opens": row["opens_on"].isoformat(), "closes": row["closes_on"].isoformat()}
        sampled = "opens_on" in sample or "closes_on" in sample
        rules.append(RuleText("window", N_("申请时间：{opens} 至 {closes}。"), dates, sampled))
    return rules
