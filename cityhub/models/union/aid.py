"""Aid programs: Golden Autumn student aid (金秋助学) and medical mutual aid (新业态医疗互助)."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class AidKind(StrEnum):
    STUDENT_AID = "student_aid"
    MEDICAL = "medical"


class MedicalCategory(StrEnum):
    HOSPITALISATION = "hospitalisation"
    CHRONIC_OUTPATIENT = "chronic_outpatient"
    SPECIAL_DRUGS = "special_drugs"


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
    opens_on = fields.DateField(null=True)
    closes_on = fields.DateField(null=True)
    # medical mutual aid
    self_paid_threshold = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    covered_categories = fields.JSONField(default=list)
    chronic_outpatient_per_year = fields.SmallIntField(null=True)
    reimbursement_ratio = fields.DecimalField(max_digits=5, decimal_places=4, null=True)
    max_amount_per_claim = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    # student aid
    amount_per_student = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    max_students_per_member = fields.SmallIntField(null=True)
    non_hardship_channel = fields.BooleanField(default=False)
    # Policy values the source does not give (e.g. the reimbursement ratio) are sample.
    sample_fields = fields.JSONField(default=list)

    class Meta:
        table = "aid_program"
        unique_together = (("kind", "year"),)


class AidEnrolment(Model):
    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField(
        "cityhub.AidProgram", related_name="enrolments", on_delete=fields.CASCADE
    )
    member = fields.ForeignKeyField(
        "cityhub.Member", related_name="enrolments", on_delete=fields.CASCADE
    )
    source = fields.CharField(max_length=20, default="gift")
    enrolled_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "aid_enrolment"
        unique_together = (("program", "member"),)
        indexes = (("member_id",),)  # a member's own enrolments (viewerEnrolled, /union/me)


class AidApplication(Model):
    id = fields.IntField(primary_key=True)
    reference = fields.CharField(max_length=24, unique=True)
    program = fields.ForeignKeyField(
        "cityhub.AidProgram", related_name="applications", on_delete=fields.RESTRICT
    )
    member = fields.ForeignKeyField(
        "cityhub.Member", related_name="aid_applications", on_delete=fields.RESTRICT
    )
    state = fields.CharField(max_length=16, db_index=True)
    submitted_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    # student aid
    child_name = fields.CharField(max_length=50, null=True)
    school = fields.CharField(max_length=100, null=True)
    admission_year = fields.SmallIntField(null=True)
    channel = fields.CharField(max_length=20, null=True)
    # medical mutual aid
    category = fields.CharField(max_length=24, null=True)
    self_paid_amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    treatment_started_on = fields.DateField(null=True)
    treatment_ended_on = fields.DateField(null=True)
    hospital = fields.CharField(max_length=100, null=True)
    # decision
    decision_reason = fields.TextField(null=True)
    approved_amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    paid_amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    paid_at = fields.DatetimeField(null=True)
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "aid_application"
        indexes = (("program_id", "state"), ("member_id", "submitted_at"))


# An uploaded invoice or document; the bytes live in the data directory.
class AidAttachment(Model):
    id = fields.IntField(primary_key=True)
    application = fields.ForeignKeyField(
        "cityhub.AidApplication", related_name="attachments", on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    storage_key = fields.CharField(max_length=200, unique=True)
    uploaded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "aid_attachment"
