"""Council cases (议事案件) on the shared workflow, and what gathers around them: photos,
referrals to departments, participants, meetings, the outcome, followers and alerts."""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from cityhub.models.workflow import WorkflowSubject

if TYPE_CHECKING:
    from cityhub.models.accounts import Account
    from cityhub.models.council.categories import CaseCategory
    from cityhub.models.council.communities import CommunityWorker, CouncilArea
    from cityhub.models.council.residents import TalentMember


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


# The numbers the council's rules use; one row, an admin's to change (cityhub CLI/seed).
class CouncilPolicy(Model):
    id = fields.IntField(primary_key=True)
    reopen_days = fields.SmallIntField(default=14)  # a reporter may reopen this long
    similar_threshold = fields.FloatField(default=0.2)  # least similarity suggested
    similar_max = fields.SmallIntField(default=5)  # suggestions at most
    photos_max = fields.SmallIntField(default=4)  # photos per report or update
    open311_days = fields.SmallIntField(default=90)  # the widest start/end window
    open311_max = fields.IntField(default=1000)  # requests answered at most

    class Meta:
        table = "council_policy"


class CouncilCase(WorkflowSubject):
    id = fields.IntField(primary_key=True)
    reporter: fields.ForeignKeyNullableRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="council_cases", null=True, on_delete=fields.RESTRICT
    )
    # Who reported it, as staff see it (a name given on the phone, say); never public.
    reporter_name = fields.CharField(max_length=40, default="")
    reporter_phone = fields.CharField(max_length=20, default="")
    anonymous = fields.BooleanField(default=False)  # to the public; never to staff
    # The staff account that wrote it down for a resident who phoned or walked in.
    recorded_by: fields.ForeignKeyNullableRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account",
        related_name="council_cases_recorded",
        null=True,
        on_delete=fields.SET_NULL,
    )
    community: fields.ForeignKeyRelation["CouncilArea"] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="community_cases", on_delete=fields.RESTRICT
    )
    compound: fields.ForeignKeyRelation["CouncilArea"] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="cases", on_delete=fields.RESTRICT
    )
    category: fields.ForeignKeyRelation["CaseCategory"] = fields.ForeignKeyField(
        "cityhub.CaseCategory", related_name="cases", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=60)
    title_en = fields.CharField(max_length=160, default="")
    description = fields.TextField()
    description_en = fields.TextField(default="")
    address = fields.CharField(max_length=200, default="")
    lat = fields.FloatField(null=True)
    lng = fields.FloatField(null=True)
    attributes: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)  # the category's
    is_public = fields.BooleanField(default=True)
    priority = fields.CharField(max_length=8, default=Priority.NORMAL.value)
    assignee: fields.ForeignKeyNullableRelation["CommunityWorker"] = fields.ForeignKeyField(
        "cityhub.CommunityWorker", related_name="cases", null=True, on_delete=fields.SET_NULL
    )
    accepted_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)  # resolved or mediated
    closed_at = fields.DatetimeField(null=True)
    reopen_until = fields.DatetimeField(null=True)  # set when it closes
    reopened = fields.SmallIntField(default=0)
    rating = fields.SmallIntField(null=True)  # 1-5, by the reporter once closed
    rating_comment = fields.CharField(max_length=500, default="")
    rated_at = fields.DatetimeField(null=True)
    # The words kept for matching (title + description + address, normalised).
    search_text = fields.TextField(default="")

    class Meta:
        table = "council_case"
        indexes = (
            ("compound_id", "category_id", "state"),
            ("community_id", "state"),
            ("is_public", "submitted_at"),
            ("assignee_id", "state"),
        )


# A photo of a report or of an update (``entry_id``: the timeline entry it came with).
class CasePhoto(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[CouncilCase] = fields.ForeignKeyField(
        "cityhub.CouncilCase", related_name="photos", on_delete=fields.CASCADE
    )
    entry_id = fields.IntField(null=True)
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    storage_key = fields.CharField(max_length=200, unique=True)
    is_public = fields.BooleanField(default=True)
    uploaded_at = fields.DatetimeField()

    class Meta:
        table = "council_case_photo"


# 社区吹哨 部门报到: a case referred to a department, and the department's answer.
class CaseReferral(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[CouncilCase] = fields.ForeignKeyField(
        "cityhub.CouncilCase", related_name="referrals", on_delete=fields.CASCADE
    )
    department = fields.CharField(max_length=100)
    department_en = fields.CharField(max_length=200, default="")
    referred_at = fields.DatetimeField()
    answer = fields.TextField(default="")
    answer_en = fields.TextField(default="")
    answered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "council_case_referral"


class ParticipantKind(StrEnum):
    COMMUNITY = "community"  # 社区
    PROPERTY_COMPANY = "property_company"  # 物业公司
    PARKING_COMPANY = "parking_company"  # 泊车公司
    POLICE = "police"  # 派出所民警
    RESIDENT_JUDGE = "resident_judge"  # 驻地法官
    TALENT = "talent"  # 人才库成员
    RESIDENT = "resident"  # the resident(s) concerned
    DEPARTMENT = "department"  # 职能部门


class CaseParticipant(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[CouncilCase] = fields.ForeignKeyField(
        "cityhub.CouncilCase", related_name="participants", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=20)
    name = fields.CharField(max_length=100)  # as shown publicly (a role, not a person)
    name_en = fields.CharField(max_length=200, default="")
    talent: fields.ForeignKeyNullableRelation["TalentMember"] = fields.ForeignKeyField(
        "cityhub.TalentMember", related_name="cases", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "council_case_participant"


class CaseMeeting(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[CouncilCase] = fields.ForeignKeyField(
        "cityhub.CouncilCase", related_name="meetings", on_delete=fields.CASCADE
    )
    held_at = fields.DatetimeField()
    place = fields.CharField(max_length=100)
    place_en = fields.CharField(max_length=200, default="")
    attendees: fields.JSONField[list[str]] = fields.JSONField(default=list)
    minutes = fields.TextField()
    minutes_en = fields.TextField(default="")

    class Meta:
        table = "council_case_meeting"
        ordering = ["held_at", "id"]


class OutcomeKind(StrEnum):
    SOLVED = "solved"  # 问题解决
    MEDIATION_AGREEMENT = "mediation_agreement"  # 调解协议
    COMMUNITY_RULES = "community_rules"  # 居民公约与自治措施
    DEPARTMENT_ANSWER = "department_answer"  # 部门答复
    NOT_SOLVED = "not_solved"  # 未能解决


# The structured outcome: what was agreed, between whom, and any settlement in yuan.
class CaseOutcome(Model):
    id = fields.IntField(primary_key=True)
    case: fields.OneToOneRelation[CouncilCase] = fields.OneToOneField(
        "cityhub.CouncilCase", related_name="outcome", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=24)
    summary = fields.TextField()
    summary_en = fields.TextField(default="")
    parties: fields.JSONField[list[str]] = fields.JSONField(default=list)
    settlement_amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    settlement_payer = fields.CharField(max_length=100, default="")
    agreed_at = fields.DatetimeField()

    class Meta:
        table = "council_case_outcome"


class CaseFollow(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="followed_cases", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyRelation[CouncilCase] = fields.ForeignKeyField(
        "cityhub.CouncilCase", related_name="followers", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "council_case_follow"
        unique_together = (("account", "case"),)


class CompoundFollow(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="followed_compounds", on_delete=fields.CASCADE
    )
    compound: fields.ForeignKeyRelation["CouncilArea"] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="followers", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "council_compound_follow"
        unique_together = (("account", "compound"),)


# A public update on a followed case (or a new public case in a followed compound), for
# one account; ``sms_id`` is its outbox message when the resident opted in to SMS.
class CaseAlert(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="case_alerts", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyRelation[CouncilCase] = fields.ForeignKeyField(
        "cityhub.CouncilCase", related_name="alerts", on_delete=fields.CASCADE
    )
    entry_id = fields.IntField()  # the timeline entry it tells of
    text = fields.CharField(max_length=300)
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)
    sms_id = fields.IntField(null=True)

    class Meta:
        table = "council_case_alert"
        unique_together = (("account", "entry_id"),)
        indexes = (("account_id", "created_at"),)
