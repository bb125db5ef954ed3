"""Community facilities on the map (the five 便便屋, say)."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.council.communities import CouncilArea


class FacilityKind(StrEnum):
    PET_WASTE = "pet_waste"  # 便便屋
    CHARGING = "charging"  # 充电桩
    MEETING_HALL = "meeting_hall"  # 议事厅
    OTHER = "other"


class Facility(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    compound: fields.ForeignKeyRelation["CouncilArea"] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="facilities", on_delete=fields.RESTRICT
    )
    kind = fields.CharField(max_length=20)  # FacilityKind
    name = fields.CharField(max_length=60)
    name_en = fields.CharField(max_length=120, default="")
    description = fields.CharField(max_length=300, default="")
    lat = fields.FloatField()
    lng = fields.FloatField()
    is_sample = fields.BooleanField(default=False)  # its name or place is a sample

    class Meta:
        table = "council_facility"
        ordering = ["id"]
