"""Members enrolled in an aid program-year (medical mutual aid is given per year)."""

from tortoise import fields
from tortoise.models import Model


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
