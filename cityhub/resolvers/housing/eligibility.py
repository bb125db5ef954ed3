"""Who may pay rent from the housing provident fund, explained: the three groups and the
three conditions of the published rules, with the numbers as policy data (`RentPolicy`).

The check is a pure function of what a person declares (or what the fund centre knows of
them) and the policy; it writes nothing. A condition nobody answered is UNKNOWN, never
guessed; a person is eligible only when a group applies and every condition is met.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cityhub.errors import BadInput, Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.housing.eligibility import RentPolicy
from cityhub.resolvers import audit
from cityhub.resolvers.accounts import Viewer

POLICY_CODE = "taiyuan"
POLICY_FIELDS = (
    "id",
    "youth_min_age",
    "youth_max_age",
    "new_citizen_hukou_years",
    "min_contribution_months",
    "reservation_hours",
    "max_transfer_months",
)
# Bounds an admin's change must keep (a policy number outside them is a typo).
POLICY_BOUNDS = {
    "youth_min_age": (14, 30),
    "youth_max_age": (30, 70),
    "new_citizen_hukou_years": (1, 20),
    "min_contribution_months": (1, 60),
    "reservation_hours": (1, 24 * 14),
    "max_transfer_months": (1, 36),
}
EARLIEST = dt.date(1900, 1, 1)
MAX_MONTHS = 12 * 80


class Talent(StrEnum):
    NONE = "none"
    PROVINCIAL = "provincial"  # 山西省 talent policies
    CITY = "city"  # 太原市 talent policies


class FundAccount(StrEnum):
    NORMAL = "normal"
    PLEDGED = "pledged"  # 担保
    FROZEN = "frozen"  # 冻结
    UNDER_LOAN = "under_loan"  # 贷款


class Group(StrEnum):
    NEW_CITIZEN = "new_citizen"
    YOUTH = "youth"
    TALENT = "talent"


class Condition(StrEnum):
    LEASE = "lease"
    CONTRIBUTIONS = "contributions"
    ACCOUNT = "account"  # no other rent withdrawal in the lease; account clear


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Declaration:
    """What a person knows of themselves; None where they did not say."""

    hukou_in_taiyuan: bool
    birth_date: dt.date
    hukou_since: dt.date | None = None
    talent: Talent = Talent.NONE
    has_lease: bool | None = None
    contribution_months: int | None = None
    other_withdrawal: bool | None = None
    account: FundAccount | None = None


@dataclass(frozen=True)
class Reason:
    """A message id and its parameters, translated where it is shown."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupResult:
    group: Group
    applies: bool
    reason: Reason


@dataclass(frozen=True)
class ConditionResult:
    condition: Condition
    status: Status
    reason: Reason


@dataclass(frozen=True)
class Eligibility:
    as_of: dt.date
    groups: list[GroupResult]
    conditions: list[ConditionResult]
    policy: dict[str, Any]

    @property
    def eligible(self) -> bool:
        return any(g.applies for g in self.groups) and all(
            c.status == Status.MET for c in self.conditions
        )


def years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from ``start`` to ``end``: a birthday or anniversary counts on its day
    (29 February counts on 1 March in other years)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def check_declaration(declaration: Declaration, as_of: dt.date) -> None:
    """BAD_USER_INPUT for a date or a number no person can have."""
    if not EARLIEST <= declaration.birth_date <= as_of:
        raise BadInput(N_("出生日期须早于测算日期"), argument="input.birthDate")
    since = declaration.hukou_since
    if since is not None and not declaration.birth_date <= since <= as_of:
        raise BadInput(N_("落户日期须在出生日期与测算日期之间"), argument="input.hukouSince")
    months = declaration.contribution_months
    if months is not None and not 0 <= months <= MAX_MONTHS:
        raise BadInput(
            N_("连续缴存月数须在 0 到 {max} 之间"),
            argument="input.consecutiveContributionMonths",
            max=MAX_MONTHS,
        )


def new_citizen(d: Declaration, hukou_years: int, as_of: dt.date) -> GroupResult:
    if not d.hukou_in_taiyuan:
        return GroupResult(Group.NEW_CITIZEN, True, Reason(N_("未获得太原市户籍")))
    if d.hukou_since is None:
        reason = Reason(N_("有太原市户籍，未填写落户日期，无法按新市民认定"))
        return GroupResult(Group.NEW_CITIZEN, False, reason)
    held = years_between(d.hukou_since, as_of)
    applies = held < hukou_years
    message = (
        N_("落户太原 {held} 年，不满 {years} 年") if applies else N_("落户太原已满 {years} 年")
    )
    return GroupResult(
        Group.NEW_CITIZEN, applies, Reason(message, {"held": held, "years": hukou_years})
    )


def youth(d: Declaration, low: int, high: int, as_of: dt.date) -> GroupResult:
    age = years_between(d.birth_date, as_of)
    applies = low <= age <= high
    message = (
        N_("{age} 周岁，在 {low}-{high} 周岁之间")
        if applies
        else N_("{age} 周岁，不在 {low}-{high} 周岁之间")
    )
    return GroupResult(
        Group.YOUTH, applies, Reason(message, {"age": age, "low": low, "high": high})
    )


TALENT_REASONS = {
    Talent.PROVINCIAL: N_("经山西省人才引进政策认定"),
    Talent.CITY: N_("经太原市人才引进政策认定"),
    Talent.NONE: N_("未经山西省、太原市人才引进政策认定"),
}


def groups(d: Declaration, policy: dict[str, Any], as_of: dt.date) -> list[GroupResult]:
    return [
        new_citizen(d, policy["new_citizen_hukou_years"], as_of),
        youth(d, policy["youth_min_age"], policy["youth_max_age"], as_of),
        GroupResult(Group.TALENT, d.talent != Talent.NONE, Reason(TALENT_REASONS[d.talent])),
    ]


def lease_condition(d: Declaration) -> ConditionResult:
    if d.has_lease is None:
        return ConditionResult(
            Condition.LEASE, Status.UNKNOWN, Reason(N_("未说明是否已签订租赁合同"))
        )
    if d.has_lease:
        return ConditionResult(
            Condition.LEASE, Status.MET, Reason(N_("已签订保障性租赁住房租赁合同"))
        )
    return ConditionResult(
        Condition.LEASE, Status.NOT_MET, Reason(N_("尚未签订租赁合同：先选房并签约"))
    )


def contribution_condition(d: Declaration, policy: dict[str, Any]) -> ConditionResult:
    needed = policy["min_contribution_months"]
    months = d.contribution_months
    if months is None:
        reason = Reason(
            N_("未说明连续足额缴存住房公积金的月数（须满 {months} 个月）"), {"months": needed}
        )
        return ConditionResult(Condition.CONTRIBUTIONS, Status.UNKNOWN, reason)
    met = months >= needed
    reason = Reason(
        N_("连续足额缴存 {have} 个月，已满 {months} 个月")
        if met
        else N_("连续足额缴存 {have} 个月，不满 {months} 个月"),
        {"have": months, "months": needed},
    )
    return ConditionResult(Condition.CONTRIBUTIONS, Status.MET if met else Status.NOT_MET, reason)


ACCOUNT_PROBLEMS = {
    FundAccount.PLEDGED: N_("公积金账户有担保"),
    FundAccount.FROZEN: N_("公积金账户已冻结"),
    FundAccount.UNDER_LOAN: N_("公积金账户有贷款"),
}


def account_condition(d: Declaration) -> ConditionResult:
    if d.other_withdrawal:
        reason = Reason(N_("租赁合同期内已有其他租房提取记录"))
        return ConditionResult(Condition.ACCOUNT, Status.NOT_MET, reason)
    if d.account is not None and d.account != FundAccount.NORMAL:
        return ConditionResult(
            Condition.ACCOUNT, Status.NOT_MET, Reason(ACCOUNT_PROBLEMS[d.account])
        )
    if d.other_withdrawal is None or d.account is None:
        reason = Reason(N_("未说明是否有其他租房提取记录或公积金账户状态"))
        return ConditionResult(Condition.ACCOUNT, Status.UNKNOWN, reason)
    reason = Reason(N_("无其他租房提取记录，账户无担保、无冻结、无贷款"))
    return ConditionResult(Condition.ACCOUNT, Status.MET, reason)


def check(declaration: Declaration, policy: dict[str, Any], as_of: dt.date) -> Eligibility:
    check_declaration(declaration, as_of)
    return Eligibility(
        as_of=as_of,
        groups=groups(declaration, policy, as_of),
        conditions=[
            lease_condition(declaration),
            contribution_condition(declaration, policy),
            account_condition(declaration),
        ],
        policy=policy,
    )


async def current_policy() -> dict[str, Any]:
    found = await RentPolicy.filter(code=POLICY_CODE).first().values(*POLICY_FIELDS)
    if found is None:
        raise LookupError("the rent policy is not seeded (run `cityhub seed`)")
    return found


def _check_policy(after: dict[str, int], before: dict[str, Any]) -> list[Problem]:
    problems = []
    for name, value in after.items():
        low, high = POLICY_BOUNDS[name]
        if not low <= value <= high:
            problems.append(
                Problem(
                    "INVALID", N_("须在 {low} 到 {high} 之间"), name, {"low": low, "high": high}
                )
            )
    merged = {**before, **after}
    if not problems and merged["youth_min_age"] >= merged["youth_max_age"]:
        problems.append(Problem("INVALID", N_("青年人年龄下限须小于上限"), "youth_min_age"))
    return problems


async def update_policy(viewer: Viewer, changes: dict[str, int | None]) -> dict[str, Any]:
    """Admins change the policy's numbers; audited. Rejected (nothing written) when a
    number is out of bounds or the age range is empty."""
    after = {name: value for name, value in changes.items() if value is not None}
    before = await current_policy()
    if problems := _check_policy(after, before):
        raise Rejected(*problems)
    if diff := audit.differences(before, after):
        await RentPolicy.filter(id=before["id"]).update(**after)
        await audit.record(
            viewer, "housing.rent_policy.update", "housing_rent_policy", before["id"], diff
        )
    return await current_policy()
