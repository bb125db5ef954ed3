"""The drivers' union: its worker stations (工会驿站) and their amenities."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


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
    district = fields.ForeignKeyField(
        "cityhub.District", related_name="stations", on_delete=fields.RESTRICT
    )
    address = fields.CharField(max_length=200)
    lat = fields.FloatField()
    lng = fields.FloatField()
    is_sample = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "station"


class StationAmenity(Model):
    id = fields.IntField(primary_key=True)
    station = fields.ForeignKeyField(
        "cityhub.Station", related_name="amenity_rows", on_delete=fields.CASCADE
    )
    amenity = fields.CharField(max_length=20, db_index=True)

    class Meta:
        table = "station_amenity"
        unique_together = (("station", "amenity"),)
