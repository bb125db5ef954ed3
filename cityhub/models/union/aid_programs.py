"""Aid programs: Golden Autumn student aid (金秋助学) and medical mutual aid (新业态医疗互助)."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class AidKind(StrEnum):
    STUDENT_AID = "student_aid"
    MEDICAL = "medical"


class ThresholdBasis(StrEnum):
    """How the source's "本年内…自付部分达到3000元以上" is read: each claim's self-paid part,
    or the year's total of the member's live claims and this one."""

    PER_CLAIM = "per_claim"
    YEARLY_TOTAL = "yearly_total"


class StudentAidChannel(StrEnum):
    HARDSHIP_REGISTER = "hardship_register"
    NON_HARDSHIP = "non_hardship"


# One program-year; the numbers in it are policy that admins change (audited).
class AidProgram(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    kind = fields.CharField(max_length=20)
    year = fields.SmallIntField()
    name = fields.CharField(max_length=100)
    summary = fields.TextField(default="")
    partner = fields.CharField(max_length=100, default="")
    name_en = fields.CharField(max_length=200, default="", db_default="")
    summary_en = fields.TextField(default="", db_default="")
    partner_en = fields.CharField(max_length=200, default="", db_default="")
    opens_on = fields.DateField(null=True)
    closes_on = fields.DateField(null=True)
    # medical mutual aid
    self_paid_threshold = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    threshold_basis = fields.CharField(
        max_length=16, default=ThresholdBasis.PER_CLAIM, db_default=ThresholdBasis.PER_CLAIM
    )
    # MedicalCategory codes
    covered_categories: fields.JSONField[list[str]] = fields.JSONField(default=list)
    chronic_outpatient_per_year = fields.SmallIntField(null=True)
    reimbursement_ratio = fields.DecimalField(max_digits=5, decimal_places=4, null=True)
    max_amount_per_claim = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    # student aid
    amount_per_student = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    max_students_per_member = fields.SmallIntField(null=True)
    non_hardship_channel = fields.BooleanField(default=False)
    # Policy values the source does not give (e.g. the reimbursement ratio) are sample.
    sample_fields: fields.JSONField[list[str]] = fields.JSONField(default=list)

    class Meta:
        table = "aid_program"
        unique_together = (("kind", "year"),)


# A kind of cost medical mutual aid may cover: policy data an admin adds or changes (audited);
# claims and programs name it by its code.
class MedicalCategory(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=24, unique=True)
    name = fields.CharField(max_length=50)
    name_en = fields.CharField(max_length=100)
    description = fields.TextField(default="")
    description_en = fields.TextField(default="")
    sort_order = fields.IntField(default=0)
    active = fields.BooleanField(default=True)
    # Claims of this category count toward the program's yearly per-member limit
    # (慢性病门诊: 每年办理一次).
    yearly_limited = fields.BooleanField(default=False)
    sample_fields: fields.JSONField[list[str]] = fields.JSONField(default=list)

    class Meta:
        table = "medical_category"
        ordering = ["sort_order", "code"]
