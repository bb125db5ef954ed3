"""The operator of subsidised rental housing (租建投), its projects and their units."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.geo import District


class ProjectStatus(StrEnum):
    RAISED = "raised"  # 筹集: secured for the programme, not yet letting
    OPERATING = "operating"  # 投入运营: letting units


class UnitLayout(StrEnum):
    STUDIO = "studio"
    ONE_BEDROOM = "one_bedroom"
    TWO_BEDROOM = "two_bedroom"
    THREE_BEDROOM = "three_bedroom"


class UnitStatus(StrEnum):
    AVAILABLE = "available"
    RESERVED = "reserved"
    LEASED = "leased"


class HousingOperator(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=100)
    short_name = fields.CharField(max_length=40)
    name_en = fields.CharField(max_length=200)
    # The WeChat official account where applications are made online.
    wechat_account = fields.CharField(max_length=100, default="")
    phones = fields.CharField(max_length=200, default="")  # comma-separated, as published
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "housing_operator"


class HousingProject(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    operator: fields.ForeignKeyRelation[HousingOperator] = fields.ForeignKeyField(
        "cityhub.HousingOperator", related_name="projects", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=200, default="")
    district: fields.ForeignKeyRelation["District"] = fields.ForeignKeyField(
        "cityhub.District", related_name="housing_projects", on_delete=fields.RESTRICT
    )
    address = fields.CharField(max_length=200)
    address_en = fields.CharField(max_length=200, default="")
    lat = fields.FloatField()
    lng = fields.FloatField()
    status = fields.CharField(max_length=16, db_index=True)
    opened_on = fields.DateField(null=True)
    # Units the project holds when complete (raised); the units table has those let.
    planned_units = fields.IntField(default=0)
    phones = fields.CharField(max_length=200, default="")  # comma-separated
    # Rent paid straight from the housing provident fund, and from which day.
    fund_payment = fields.BooleanField(default=False)
    fund_payment_from = fields.DateField(null=True)
    is_sample = fields.BooleanField(default=False)
    # What the record states that its source does not (comma-separated: location, ...).
    inferred = fields.CharField(max_length=100, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "housing_project"


class HousingUnit(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[HousingProject] = fields.ForeignKeyField(
        "cityhub.HousingProject", related_name="units", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=20)  # the room number within its project, e.g. 3-1205
    layout = fields.CharField(max_length=16)
    area_m2 = fields.DecimalField(max_digits=7, decimal_places=2)
    monthly_rent = fields.DecimalField(max_digits=10, decimal_places=2)  # yuan
    floor = fields.IntField()
    status = fields.CharField(max_length=16, default=UnitStatus.AVAILABLE.value)
    residents = fields.IntField(default=0)  # people living there while it is leased
    is_sample = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "housing_unit"
        unique_together = (("project", "code"),)
        indexes = (("project_id", "status"), ("status", "project_id"))
