"""What gathers around a council case in the schema: its priority and outcome kinds,
its referrals to departments, its meetings and its outcome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry

from cityhub.i18n import N_
from cityhub.models.council.cases import OutcomeKind, Priority
from cityhub.schema.labels import labelled_enum

labelled_enum(
    Priority,
    {
        Priority.LOW: N_("低"),
        Priority.NORMAL: N_("一般"),
        Priority.HIGH: N_("高"),
        Priority.URGENT: N_("紧急"),
    },
    name="CouncilCasePriority",
    description="How urgent the community judged it.",
)
labelled_enum(
    OutcomeKind,
    {
        OutcomeKind.SOLVED: N_("问题解决"),
        OutcomeKind.MEDIATION_AGREEMENT: N_("调解协议"),
        OutcomeKind.COMMUNITY_RULES: N_("居民公约与自治措施"),
        OutcomeKind.DEPARTMENT_ANSWER: N_("部门答复"),
        OutcomeKind.NOT_SOLVED: N_("未能解决"),
    },
    name="CaseOutcomeKind",
    description="What a case came to.",
)


@strawberry.type(description="A case referred to a department (社区吹哨 部门报到).")
class CaseReferral:
    department: str = strawberry.field(description="The department, in Chinese.")
    department_en: str = strawberry.field(description="The department, in English if given.")
    referred_at: dt.datetime = strawberry.field(description="When (UTC).")
    answer: str | None = strawberry.field(description="Its answer, once it came.")
    answer_en: str | None = strawberry.field(description="Its answer in English, if given.")
    answered_at: dt.datetime | None = strawberry.field(description="When it answered (UTC).")


@strawberry.type(description="A council meeting (议事会) held about a case.")
class CaseMeeting:
    held_at: dt.datetime = strawberry.field(description="When (UTC).")
    place: str = strawberry.field(description="Where.")
    place_en: str = strawberry.field(description="Where, in English if given.")
    attendees: list[str] = strawberry.field(description="Who took part (roles, not names).")
    minutes: str = strawberry.field(description="What was said and agreed.")
    minutes_en: str = strawberry.field(description="The minutes in English, if given.")


@strawberry.type(description="What a case came to: the agreement, its parties, any payment.")
class CaseOutcome:
    kind: OutcomeKind = strawberry.field(description="Solved, mediated, rules, an answer…")
    summary: str = strawberry.field(description="What was agreed or done.")
    summary_en: str = strawberry.field(description="The same in English, if given.")
    parties: list[str] = strawberry.field(description="Who agreed (roles and companies).")
    settlement_amount: Decimal | None = strawberry.field(description="Yuan paid, if any.")
    settlement_payer: str | None = strawberry.field(description="Who pays it.")
    agreed_at: dt.datetime = strawberry.field(description="When (UTC).")
