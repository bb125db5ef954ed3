"""The hotline, SMS, WeChat and walk-in consultation log."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account


class ConsultationChannel(StrEnum):
    HOTLINE = "hotline"
    SMS = "sms"
    WECHAT = "wechat"
    WALK_IN = "walk_in"


class Consultation(Model):
    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=12)
    topic = fields.CharField(max_length=24)
    at = fields.DatetimeField()
    day = fields.DateField()  # Asia/Shanghai date, for daily counts
    answered_by: fields.ForeignKeyNullableRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="consultations", null=True, on_delete=fields.SET_NULL
    )
    note = fields.CharField(max_length=500, default="")
    # The note in English where one was written (the seeded sample log has both).
    note_en = fields.CharField(max_length=500, default="", db_default="")
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "consultation"
        indexes = (("day", "channel"),)
