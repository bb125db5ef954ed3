"""Members enrolled in an aid program-year (medical mutual aid is given per year)."""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.union.aid_programs import AidProgram
    from cityhub.models.union.members import Member


class AidEnrolment(Model):
    id = fields.IntField(primary_key=True)
    program: fields.ForeignKeyRelation["AidProgram"] = fields.ForeignKeyField(
        "cityhub.AidProgram", related_name="enrolments", on_delete=fields.CASCADE
    )
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "cityhub.Member", related_name="enrolments", on_delete=fields.CASCADE
    )
    source = fields.CharField(max_length=20, default="gift")
    enrolled_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "aid_enrolment"
        unique_together = (("program", "member"),)
        indexes = (("member_id",),)  # a member's own enrolments (viewerEnrolled, /union/me)
