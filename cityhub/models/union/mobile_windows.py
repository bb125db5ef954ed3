"""Mobile service windows (流动服务窗口): a window sitting at a station on a schedule."""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.union.stations import Station


# A mobile service window (流动服务窗口) sitting at a station on a schedule.
class MobileWindowSession(Model):
    id = fields.IntField(primary_key=True)
    station: fields.ForeignKeyRelation["Station"] = fields.ForeignKeyField(
        "cityhub.Station", related_name="window_sessions", on_delete=fields.CASCADE
    )
    starts_at = fields.DatetimeField(db_index=True)
    ends_at = fields.DatetimeField()
    services: fields.JSONField[list[str]] = fields.JSONField(default=list)
    note = fields.CharField(max_length=200, default="")
    note_en = fields.CharField(max_length=400, default="", db_default="")
    is_sample = fields.BooleanField(default=True)
    # What the record states that its source does not (comma-separated: hours).
    inferred = fields.CharField(max_length=100, default="", db_default="")

    class Meta:
        table = "mobile_window_session"
