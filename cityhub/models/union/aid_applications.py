"""Applications for aid and their uploaded invoices."""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from cityhub.models.workflow import WorkflowSubject

if TYPE_CHECKING:
    from cityhub.models.union.aid_programs import AidProgram
    from cityhub.models.union.members import Member


class AidApplication(WorkflowSubject):
    id = fields.IntField(primary_key=True)
    program: fields.ForeignKeyRelation["AidProgram"] = fields.ForeignKeyField(
        "cityhub.AidProgram", related_name="applications", on_delete=fields.RESTRICT
    )
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "cityhub.Member", related_name="aid_applications", on_delete=fields.RESTRICT
    )
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
    decision_reason_en = fields.TextField(null=True)  # where one was written (seeds)
    approved_amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    paid_amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    paid_at = fields.DatetimeField(null=True)

    class Meta:
        table = "aid_application"
        indexes = (("program_id", "state"), ("member_id", "submitted_at"))


# An uploaded invoice or document; the bytes live in the data directory.
class AidAttachment(Model):
    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation["AidApplication"] = fields.ForeignKeyField(
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
