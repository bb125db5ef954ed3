"""The union's fleets and its members (会员)."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account


class VehicleType(StrEnum):
    CRUISING_TAXI = "cruising_taxi"
    RIDE_HAILING = "ride_hailing"


class MemberStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"


class FleetKind(StrEnum):
    TAXI_COMPANY = "taxi_company"
    PLATFORM = "platform"


class Fleet(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=200, default="", db_default="")
    kind = fields.CharField(max_length=20)
    is_sample = fields.BooleanField(default=True)

    class Meta:
        table = "fleet"


class Member(Model):
    id = fields.IntField(primary_key=True)
    member_no = fields.CharField(max_length=20, unique=True)
    name = fields.CharField(max_length=50)
    phone = fields.CharField(max_length=20)
    id_number = fields.CharField(max_length=18, unique=True)
    vehicle_type = fields.CharField(max_length=20)
    fleet: fields.ForeignKeyNullableRelation["Fleet"] = fields.ForeignKeyField(
        "cityhub.Fleet", related_name="members", null=True, on_delete=fields.SET_NULL
    )
    joined_on = fields.DateField(db_index=True)
    status = fields.CharField(max_length=12, default=MemberStatus.ACTIVE.value, db_index=True)
    on_hardship_register = fields.BooleanField(default=False)
    sms_opt_out = fields.BooleanField(default=False)
    account: fields.OneToOneNullableRelation["Account"] = fields.OneToOneField(
        "cityhub.Account", related_name="member", null=True, on_delete=fields.SET_NULL
    )
    is_sample = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "member"
        # members(fleet:) and fleet broadcast segments; members(text:) by name prefix
        indexes = (("fleet_id",), ("name",))
