"""Aid programs in the schema: policy as data, plain-language rules, statistics, changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from cityhub.i18n import N_
from cityhub.models.union.aid_programs import AidKind as AidKindValue
from cityhub.models.union.aid_programs import StudentAidChannel as StudentAidChannelValue
from cityhub.models.union.aid_programs import ThresholdBasis as ThresholdBasisValue
from cityhub.resolvers.registry import ADMIN
from cityhub.resolvers.union import aid_enrolments, aid_programs
from cityhub.resolvers.union.aid_programs.policy import camel, program_changes
from cityhub.resolvers.union.aid_programs.rules import program_rules
from cityhub.schema.connections import After, Connection, First, connection, node_pk, node_pks
from cityhub.schema.context import Info
from cityhub.schema.facts import PublishedFigure, PublishedFiguresByDomainLoader
from cityhub.schema.inputs import max_length
from cityhub.schema.labels import labelled_enum
from cityhub.schema.permissions import allow
from cityhub.schema.union.aid_programs.categories import MedicalCategory, categories_for
from cityhub.schema.union.aid_programs.rules import AidProgramRule, rule_text
from cityhub.schema.union.aid_programs.statistics import AidStatistics, AidStatisticsByProgramLoader

AidKind = AidKindValue
labelled_enum(
    AidKind,
    {AidKindValue.STUDENT_AID: N_("金秋助学"), AidKindValue.MEDICAL: N_("新业态医疗互助")},
    description="金秋助学 (student aid) or 新业态医疗互助 (medical mutual aid).",
)
ThresholdBasis = ThresholdBasisValue
labelled_enum(
    ThresholdBasis,
    {
        ThresholdBasisValue.PER_CLAIM: N_("按每次申请的自付部分计算"),
        ThresholdBasisValue.YEARLY_TOTAL: N_("按本年度自付部分累计计算"),
    },
    description="How the self-paid threshold (本年内…自付部分达到3000元以上) is read: each "
    "claim's self-paid part (PER_CLAIM), or the year's total of the member's live claims of "
    "the program plus this one (YEARLY_TOTAL).",
)
StudentAidChannel = StudentAidChannelValue
labelled_enum(
    StudentAidChannel,
    {
        StudentAidChannelValue.HARDSHIP_REGISTER: N_("建档困难职工"),
        StudentAidChannelValue.NON_HARDSHIP: N_("非建档困难职工"),
    },
    description="Hardship register (建档困难职工) or the channel for workers not on it.",
)
ADMINS = allow(roles=[ADMIN])


class AidProgramByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=aid_programs.programs_by_id)


class ViewerEnrolmentsLoader(DataLoader[int | None, frozenset[int] | None]):
    """The programs the account's member is enrolled in; None when it is no member's."""

    def __init__(self) -> None:
        async def load(account_ids: list[int | None]) -> list[frozenset[int] | None]:
            return [await aid_enrolments.programs_enrolled(a) for a in account_ids]

        super().__init__(load_fn=load)


@strawberry.type(description="One audited change to a program's policy.")
class PolicyChange:
    at: dt.datetime = strawberry.field(description="When (UTC).")
    actor: str = strawberry.field(description="Who made the change.")
    changes: JSON = strawberry.field(
        description='What changed: {"fieldName": [old, new]}; amounts as decimal strings.'
    )

    @classmethod
    def from_row(cls, row: dict) -> PolicyChange:
        changes = {camel(name): values for name, values in row["changes"].items()}
        return cls(at=row["at"], actor=row["actor_label"], changes=JSON(changes))


@strawberry.type(
    description="An aid program for one year. Thresholds, ratios and limits are policy data "
    "that admins change without code (audited); values the source does not give are listed "
    "in sampleFields."
)
class AidProgram(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Stable code, e.g. medical-2024, jinqiu-2024.")
    kind: AidKind = strawberry.field(description="Student aid or medical mutual aid.")
    year: int = strawberry.field(description="The program year.")
    name: str = strawberry.field(description="Name in Chinese.")
    summary: str = strawberry.field(description="What the program is, in Chinese.")
    partner: str = strawberry.field(description="Who runs it with the union, e.g. 太原市总工会.")
    name_en: str = strawberry.field(description="Name in English.")
    summary_en: str = strawberry.field(description="What the program is, in English.")
    partner_en: str = strawberry.field(
        description="Who runs it with the union, in English (empty where nobody does)."
    )
    opens_on: dt.date | None = strawberry.field(description="First day applications are taken.")
    closes_on: dt.date | None = strawberry.field(description="Last day applications are taken.")
    self_paid_threshold: Decimal | None = strawberry.field(
        description="Medical: a claim's self-paid part must reach this many yuan (3000.00 "
        "passes, 2999.99 does not)."
    )
    threshold_basis: ThresholdBasis = strawberry.field(
        description="Medical: whether the threshold applies to each claim or to the year's "
        "total self-paid (student aid: PER_CLAIM, unused)."
    )
    chronic_outpatient_per_year: int | None = strawberry.field(
        description="Medical: claims allowed per member and year in each category that counts "
        "toward the yearly limit (MedicalCategory.countsTowardYearlyLimit: 慢性病门诊)."
    )
    reimbursement_ratio: Decimal | None = strawberry.field(
        description="Medical: share of the self-paid part paid out (0-1)."
    )
    max_amount_per_claim: Decimal | None = strawberry.field(
        description="Medical: most paid for one claim, in yuan."
    )
    amount_per_student: Decimal | None = strawberry.field(
        description="Student aid: yuan granted per student."
    )
    max_students_per_member: int | None = strawberry.field(
        description="Student aid: children one member may apply for each year."
    )
    non_hardship_channel: bool = strawberry.field(
        description="Student aid: workers not on the hardship register (非建档困难职工) may apply."
    )
    sample_fields: list[str] = strawberry.field(
        description="Fields holding sample values, not published policy (shown as 示例)."
    )
    raw: strawberry.Private[dict]

    @strawberry.field(description="Medical: the kinds of cost covered, in their order.")
    async def covered_categories(self, info: Info) -> list[MedicalCategory]:
        rows = await categories_for(info, list(self.raw["covered_categories"]))
        return [MedicalCategory.from_row(row) for row in rows]

    @strawberry.field(description="The rules in plain language, built from the policy data.")
    async def rules(self, info: Info) -> list[AidProgramRule]:
        covered = await categories_for(info, list(self.raw["covered_categories"]))
        return [
            AidProgramRule(key=r.key, text=rule_text(info, r), is_sample=r.is_sample)
            for r in program_rules(self.raw, covered)
        ]

    @strawberry.field(description="Figures the source published about this program and year.")
    async def published_figures(self, info: Info) -> list[PublishedFigure]:
        rows = await info.context.loader(PublishedFiguresByDomainLoader).load("union")
        return [
            PublishedFigure.from_row(r)
            for r in rows
            if aid_programs.figure_matches(self.raw, r["key"])
        ]

    @strawberry.field(description="Live counts of its applications (aggregates only).")
    async def statistics(self, info: Info) -> AidStatistics:
        stats = await info.context.loader(AidStatisticsByProgramLoader).load(self.id)
        return AidStatistics.from_statistics(stats)

    @strawberry.field(
        description="Whether you are enrolled in this program: null unless you are signed in "
        "as a member and the program is medical mutual aid."
    )
    async def viewer_enrolled(self, info: Info) -> bool | None:
        if self.kind != AidKindValue.MEDICAL:
            return None
        enrolled = await info.context.loader(ViewerEnrolmentsLoader).load(
            info.context.viewer.account_id
        )
        return None if enrolled is None else self.id in enrolled

    @strawberry.field(
        description="Audited policy changes, oldest first. Admins.", extensions=ADMINS
    )
    async def changes(
        self, first: First = None, after: After = None
    ) -> Connection[PolicyChange] | None:
        page = await program_changes(self.id, first=first, after=after)
        return connection(page, [PolicyChange.from_row(row) for row in page.rows])

    @classmethod
    def from_row(cls, row: dict) -> AidProgram:
        return cls(
            id=row["id"],
            code=row["code"],
            kind=row["kind"],
            year=row["year"],
            name=row["name"],
            summary=row["summary"],
            partner=row["partner"],
            name_en=row["name_en"],
            summary_en=row["summary_en"],
            partner_en=row["partner_en"],
            opens_on=row["opens_on"],
            closes_on=row["closes_on"],
            self_paid_threshold=row["self_paid_threshold"],
            threshold_basis=ThresholdBasisValue(row["threshold_basis"]),
            chronic_outpatient_per_year=row["chronic_outpatient_per_year"],
            reimbursement_ratio=row["reimbursement_ratio"],
            max_amount_per_claim=row["max_amount_per_claim"],
            amount_per_student=row["amount_per_student"],
            max_students_per_member=row["max_students_per_member"],
            non_hardship_channel=row["non_hardship_channel"],
            sample_fields=[camel(name) for name in row["sample_fields"]],
            raw=row,
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        ids = node_pks(node_ids)
        rows = await info.context.loader(AidProgramByIdLoader).load_many([i or 0 for i in ids])
        return [cls.from_row(row) if row else None for row in rows]


async def program_row(info: Info, global_id: relay.GlobalID | None) -> dict | None:
    program_id = node_pk(global_id, "AidProgram") if global_id is not None else None
    if program_id is None:
        return None
    return await info.context.loader(AidProgramByIdLoader).load(program_id)


@strawberry.type
class AidProgramsQuery:
    @strawberry.field(description="Aid programs, one per kind and year.")
    async def aid_programs(
        self,
        first: First = None,
        after: After = None,
        kind: AidKind | None = None,
        year: Annotated[int | None, strawberry.argument(description="Only this year.")] = None,
    ) -> Connection[AidProgram]:
        page = await aid_programs.list_programs(
            kind=kind and kind.value, year=year, first=first, after=after
        )
        return connection(page, [AidProgram.from_row(row) for row in page.rows])

    @strawberry.field(description="One program by its global ID, or by its code.")
    async def aid_program(
        self,
        info: Info,
        id: relay.GlobalID | None = None,
        code: Annotated[
            str | None,
            strawberry.argument(
                description="The program's code, e.g. medical-2024.", directives=max_length(40)
            ),
        ] = None,
    ) -> AidProgram | None:
        row = await program_row(info, id) if id is not None else None
        if id is None and code:
            row = await aid_programs.program_by_code(code)
        return AidProgram.from_row(row) if row else None

    @strawberry.field(description="Live counts of one program's applications. Public.")
    async def aid_statistics(self, info: Info, program: relay.GlobalID) -> AidStatistics | None:
        row = await program_row(info, program)
        if row is None:
            return None
        stats = await info.context.loader(AidStatisticsByProgramLoader).load(row["id"])
        return AidStatistics.from_statistics(stats)
