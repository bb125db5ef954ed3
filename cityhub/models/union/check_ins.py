"""Check-ins: a member scanned a station's code."""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.union.members import Member
    from cityhub.models.union.stations import Station


# A member scanned the station's code; `day` is the Asia/Shanghai date.
class StationCheckIn(Model):
    id = fields.IntField(primary_key=True)
    station: fields.ForeignKeyRelation["Station"] = fields.ForeignKeyField(
        "cityhub.Station", related_name="check_ins", on_delete=fields.CASCADE
    )
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "cityhub.Member", related_name="check_ins", on_delete=fields.CASCADE
    )
    checked_in_at = fields.DatetimeField()
    day = fields.DateField()

    class Meta:
        table = "station_check_in"
        indexes = (("station_id", "day"), ("member_id", "checked_in_at"))
