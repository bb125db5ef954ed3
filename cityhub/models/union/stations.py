"""Worker stations (工会驿站) and service centres: amenities and opening hours."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.geo import District


class InferredFact(StrEnum):
    """A part of a published record that its source does not give, filled in by hand."""

    LOCATION = "location"
    AMENITIES = "amenities"
    HOURS = "hours"


def inferred_facts(stored: str) -> list[InferredFact]:
    return [InferredFact(name) for name in stored.split(",") if name]


class StationKind(StrEnum):
    STATION = "station"
    SERVICE_CENTRE = "service_centre"


class Amenity(StrEnum):
    REST = "rest"
    CHARGING = "charging"
    DRINKING_WATER = "drinking_water"
    HOT_MEALS = "hot_meals"
    TOILET = "toilet"
    HELP_WINDOW = "help_window"


class Station(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=100)
    kind = fields.CharField(max_length=20, default=StationKind.STATION.value)
    district: fields.ForeignKeyRelation["District"] = fields.ForeignKeyField(
        "cityhub.District", related_name="stations", on_delete=fields.RESTRICT
    )
    address = fields.CharField(max_length=200)
    lat = fields.FloatField()
    lng = fields.FloatField()
    is_sample = fields.BooleanField(default=False)
    # Added after the table existed: database defaults fill the rows already there.
    open_24h = fields.BooleanField(default=False, db_default=False)
    phone = fields.CharField(max_length=40, default="", db_default="")
    # What the record states that its source does not (comma-separated InferredFact
    # values: location, amenities), so every page can mark it as inferred.
    inferred = fields.CharField(max_length=100, default="", db_default="")
    # The secret printed in the station's QR code; a check-in must present it.
    checkin_code = fields.CharField(max_length=32, unique=True, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "station"


class StationAmenity(Model):
    id = fields.IntField(primary_key=True)
    station: fields.ForeignKeyRelation["Station"] = fields.ForeignKeyField(
        "cityhub.Station", related_name="amenity_rows", on_delete=fields.CASCADE
    )
    amenity = fields.CharField(max_length=20, db_index=True)

    class Meta:
        table = "station_amenity"
        unique_together = (("station", "amenity"),)


# A weekly opening period in Asia/Shanghai time, in minutes; 1440 is 24:00.
class StationHours(Model):
    id = fields.IntField(primary_key=True)
    station: fields.ForeignKeyRelation["Station"] = fields.ForeignKeyField(
        "cityhub.Station", related_name="hours", on_delete=fields.CASCADE
    )
    weekday = fields.SmallIntField()  # 0 is Monday
    opens_minute = fields.SmallIntField()
    closes_minute = fields.SmallIntField()

    class Meta:
        table = "station_hours"
        indexes = (("weekday", "opens_minute", "closes_minute"),)
