"""The explained eligibility check for paying rent from the fund, and its policy numbers."""

from __future__ import annotations

import datetime as dt

import strawberry

from cityhub import clock
from cityhub.i18n import N_
from cityhub.resolvers.housing import eligibility as rules
from cityhub.resolvers.registry import ADMIN
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.housing.eligibility.sources import (
    RentEligibilityFundCentre,
    Source,
    Sourced,
    centre_answer,
    sourced_declaration,
)
from cityhub.schema.labels import labelled_enum
from cityhub.schema.permissions import allow

labelled_enum(
    rules.Talent,
    {
        rules.Talent.NONE: N_("无"),
        rules.Talent.PROVINCIAL: N_("山西省认定的人才"),
        rules.Talent.CITY: N_("太原市认定的人才"),
    },
    name="TalentRecognition",
    description="Recognition under the Shanxi or Taiyuan talent policies.",
)
labelled_enum(
    rules.FundAccount,
    {
        rules.FundAccount.NORMAL: N_("正常"),
        rules.FundAccount.PLEDGED: N_("有担保"),
        rules.FundAccount.FROZEN: N_("已冻结"),
        rules.FundAccount.UNDER_LOAN: N_("有贷款"),
    },
    name="FundAccountState",
    description="The state of a housing provident fund account.",
)
labelled_enum(
    rules.Group,
    {
        rules.Group.NEW_CITIZEN: N_("新市民"),
        rules.Group.YOUTH: N_("青年人"),
        rules.Group.TALENT: N_("引进人才"),
    },
    name="RentGroup",
    description="The three groups the policy serves.",
)
labelled_enum(
    rules.Condition,
    {
        rules.Condition.LEASE: N_("符合保租房申请条件并签订租赁合同"),
        rules.Condition.CONTRIBUTIONS: N_("连续足额缴存住房公积金"),
        rules.Condition.ACCOUNT: N_("无其他租房提取，账户无担保、冻结、贷款"),
    },
    name="RentCondition",
    description="The three conditions every applicant must meet.",
)
labelled_enum(
    rules.Status,
    {
        rules.Status.MET: N_("满足"),
        rules.Status.NOT_MET: N_("不满足"),
        rules.Status.UNKNOWN: N_("待确认"),
    },
    name="ConditionStatus",
    description="Met, not met, or unknown (not answered).",
)


@strawberry.input(description="What a person knows of themselves; leave out what you do not know.")
class RentEligibilityInput:
    hukou_in_taiyuan: bool = strawberry.field(description="Holds a Taiyuan hukou (户籍).")
    birth_date: dt.date = strawberry.field(description="Date of birth.")
    hukou_since: dt.date | None = strawberry.field(
        default=None, description="Since when the Taiyuan hukou is held."
    )
    talent_recognition: rules.Talent = strawberry.field(
        default=rules.Talent.NONE, description="Recognised as a talent, and by whom."
    )
    has_lease: bool | None = strawberry.field(
        default=None, description="Has signed a lease for a subsidised rental unit."
    )
    consecutive_contribution_months: int | None = strawberry.field(
        default=None, description="Months of full fund contributions in a row, up to now."
    )
    other_rent_withdrawal_in_lease: bool | None = strawberry.field(
        default=None, description="Another rent withdrawal from the fund within the lease."
    )
    fund_account_state: rules.FundAccount | None = strawberry.field(
        default=None, description="The fund account's state."
    )
    as_of: dt.date | None = strawberry.field(
        default=None, description="The day to check for; today in Taiyuan when omitted."
    )
    use_fund_centre: bool = strawberry.field(
        default=False,
        description="Signed in: answer the contribution and account conditions from the "
        "fund centre, and the lease from CityHub's records, in place of the fields above "
        "(each condition's source says which). Signed out it is UNAUTHENTICATED.",
    )

    def to_declaration(self) -> rules.Declaration:
        return rules.Declaration(
            hukou_in_taiyuan=self.hukou_in_taiyuan,
            birth_date=self.birth_date,
            hukou_since=self.hukou_since,
            talent=self.talent_recognition,
            has_lease=self.has_lease,
            contribution_months=self.consecutive_contribution_months,
            other_withdrawal=self.other_rent_withdrawal_in_lease,
            account=self.fund_account_state,
        )


@strawberry.type(description="Whether one group applies, and why.")
class RentGroupResult:
    group: rules.Group = strawberry.field(description="The group.")
    applies: bool = strawberry.field(description="Whether the person belongs to it.")
    reason: str = strawberry.field(description="Why, in the viewer's language.")


@strawberry.type(description="Whether one condition is met, and why.")
class RentConditionResult:
    condition: rules.Condition = strawberry.field(description="The condition.")
    status: rules.Status = strawberry.field(description="Met, not met or unknown.")
    reason: str = strawberry.field(description="Why, in the viewer's language.")
    source: Source = strawberry.field(
        description="Where its answer came from: declared, the fund centre, CityHub's "
        "records, or nobody (not given)."
    )


@strawberry.type(description="The numbers of the rules; admins change them (audited).")
class RentPolicy:
    youth_min_age: int = strawberry.field(description="Youth: from this age (周岁).")
    youth_max_age: int = strawberry.field(description="Youth: up to this age, included.")
    new_citizen_hukou_years: int = strawberry.field(
        description="New citizen: a Taiyuan hukou held for less than this many years."
    )
    min_contribution_months: int = strawberry.field(
        description="Months of full contributions in a row the fund centre requires."
    )
    reservation_hours: int = strawberry.field(
        description="Hours a reserved unit is held for its lease to be signed, then freed."
    )
    max_transfer_months: int = strawberry.field(
        description="The most months of rent one transfer from the fund may pay for."
    )

    @classmethod
    def from_row(cls, row: dict) -> RentPolicy:
        return cls(**{name: row[name] for name in rules.POLICY_FIELDS if name != "id"})


@strawberry.type(description="The explained answer: the groups, the conditions, the outcome.")
class RentEligibility:
    eligible: bool = strawberry.field(
        description="True only when a group applies and every condition is met."
    )
    as_of: dt.date = strawberry.field(description="The day checked (Taiyuan).")
    groups: list[RentGroupResult] = strawberry.field(description="Each group, with why.")
    conditions: list[RentConditionResult] = strawberry.field(
        description="Each condition: met, not met or unknown, with why."
    )
    policy: RentPolicy = strawberry.field(description="The numbers the check used.")
    fund_centre: RentEligibilityFundCentre | None = strawberry.field(
        description="What the fund centre answered, when useFundCentre asked it."
    )


def _explained(info: Info, result: rules.Eligibility, sourced: Sourced) -> RentEligibility:
    say = info.context._
    return RentEligibility(
        eligible=result.eligible,
        as_of=result.as_of,
        groups=[
            RentGroupResult(
                group=g.group, applies=g.applies, reason=say(g.reason.message, **g.reason.params)
            )
            for g in result.groups
        ],
        conditions=[
            RentConditionResult(
                condition=c.condition,
                status=c.status,
                reason=say(c.reason.message, **c.reason.params),
                source=sourced.sources.get(c.condition, Source.NOT_GIVEN),
            )
            for c in result.conditions
        ],
        policy=RentPolicy.from_row(result.policy),
        fund_centre=centre_answer(info, sourced),
    )


@strawberry.input(description="New policy numbers; leave out what stays.")
class UpdateRentPolicyInput:
    youth_min_age: int | None = strawberry.field(default=None, description="14-30.")
    youth_max_age: int | None = strawberry.field(default=None, description="30-70.")
    new_citizen_hukou_years: int | None = strawberry.field(default=None, description="1-20.")
    min_contribution_months: int | None = strawberry.field(default=None, description="1-60.")
    reservation_hours: int | None = strawberry.field(default=None, description="1-336.")
    max_transfer_months: int | None = strawberry.field(default=None, description="1-36.")


@strawberry.type(description="The policy after the change.")
class UpdateRentPolicyPayload:
    policy: RentPolicy | None = strawberry.field(default=None, description="The policy.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


@strawberry.type
class EligibilityQuery:
    @strawberry.field(
        description="Who may pay rent from the housing provident fund: each group and each "
        "condition explained, with where each answer came from. Writes nothing; no sign-in "
        "needed, except to use what the fund centre knows (useFundCentre)."
    )
    async def check_rent_eligibility(
        self, info: Info, input: RentEligibilityInput
    ) -> RentEligibility:
        as_of = input.as_of or clock.today()
        policy = await rules.current_policy()
        sourced = await sourced_declaration(
            info, input.to_declaration(), input.use_fund_centre, as_of
        )
        return _explained(info, rules.check(sourced.declaration, policy, as_of), sourced)

    @strawberry.field(description="The numbers of the rules now in force.")
    async def rent_policy(self) -> RentPolicy:
        return RentPolicy.from_row(await rules.current_policy())


@strawberry.type
class EligibilityMutation:
    @strawberry.mutation(
        description="Change the policy's numbers (ages, hukou years, contribution months). "
        "Admins; audited.",
        extensions=allow(roles=[ADMIN]),
    )
    async def update_rent_policy(
        self, info: Info, input: UpdateRentPolicyInput
    ) -> UpdateRentPolicyPayload:
        changed = rules.update_policy(
            info.context.viewer,
            {
                "youth_min_age": input.youth_min_age,
                "youth_max_age": input.youth_max_age,
                "new_citizen_hukou_years": input.new_citizen_hukou_years,
                "min_contribution_months": input.min_contribution_months,
                "reservation_hours": input.reservation_hours,
                "max_transfer_months": input.max_transfer_months,
            },
        )
        row, errors = await attempt(info, changed)
        return UpdateRentPolicyPayload(
            policy=RentPolicy.from_row(row) if row else None, user_errors=errors
        )
