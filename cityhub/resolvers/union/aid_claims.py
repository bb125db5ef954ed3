"""Would a medical mutual aid claim qualify? Each rule's result and the reason for it.

For a signed-in member, enrolment, the yearly limits and the year's self-paid total are
read from the data; for anyone else they are what the asker declared, and the reasons say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.union.aid_programs import AidKind
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.union.aid_applications.facts import member_facts
from cityhub.resolvers.union.aid_programs import (
    medical_program,
    money_argument,
    payout,
    programs_by_id,
)
from cityhub.resolvers.union.aid_programs.categories import category_by_code
from cityhub.resolvers.union.aid_programs.eligibility import (
    ClaimFacts,
    RuleResult,
    medical_rules,
)
from cityhub.resolvers.union.members import member_for_account


@dataclass(frozen=True)
class ClaimQuestion:
    category: str
    self_paid_amount: Any
    year: int | None = None
    program_id: int | None = None
    program_given: bool = False
    enrolled: bool | None = None
    limit_used: bool | None = None
    earlier_self_paid: Any = None


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


async def _category(code: str) -> dict[str, Any]:
    category = await category_by_code(code)
    if category is None:
        raise BadInput(
            N_("未知的费用类别：{category}"),
            argument="input.category",
            category=code,
        )
    return category


async def check_claim(viewer: Viewer, question: ClaimQuestion) -> ClaimAnswer:
    amount = money_argument(question.self_paid_amount, "input.selfPaidAmount")
    earlier = question.earlier_self_paid
    earlier_amount = (
        Decimal(0) if earlier is None else money_argument(earlier, "input.earlierSelfPaidAmount")
    )
    program = await _program(question)
    category = await _category(question.category)
    member = await member_for_account(viewer.account_id)
    if member is not None:
        facts = await member_facts(program, member, category, amount)
    else:
        facts = ClaimFacts(
            category=category,
            self_paid=amount,
            enrolled=bool(question.enrolled),
            checked=False,
            limit_declared=question.limit_used,
            earlier_self_paid=earlier_amount,
        )
    rules = medical_rules(program, facts)
    eligible = all(rule.passed for rule in rules)
    sample = {"reimbursement_ratio", "max_amount_per_claim"} & set(program["sample_fields"])
    return ClaimAnswer(
        program=program,
        rules=rules,
        estimate=payout(program, amount) if eligible else None,
        estimate_is_sample=bool(sample),
    )
