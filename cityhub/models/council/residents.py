"""Residents (an account and the compound it lives in) and the talent pool (人才库)."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account
    from cityhub.models.council.communities import CouncilArea


class Skill(StrEnum):
    ELECTRICIAN = "electrician"
    PLUMBER = "plumber"
    LAWYER = "lawyer"
    DOCTOR = "doctor"
    NURSE = "nurse"
    TEACHER = "teacher"
    ENGINEER = "engineer"
    VETERINARIAN = "veterinarian"
    PSYCHOLOGIST = "psychologist"
    ACCOUNTANT = "accountant"
    IT = "it"
    MEDIATOR = "mediator"


class Resident(Model):
    id = fields.IntField(primary_key=True)
    account: fields.OneToOneRelation["Account"] = fields.OneToOneField(
        "cityhub.Account", related_name="council_resident", on_delete=fields.CASCADE
    )
    compound: fields.ForeignKeyRelation["CouncilArea"] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="residents", on_delete=fields.RESTRICT
    )
    building = fields.CharField(max_length=40, default="")  # e.g. 3号楼2单元
    sms_alerts = fields.BooleanField(default=False)  # alerts by SMS too (opted in)
    joined_at = fields.DatetimeField()
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "council_resident"


# A resident who offers what they know; contacted only with their consent.
class TalentMember(Model):
    id = fields.IntField(primary_key=True)
    resident: fields.OneToOneRelation[Resident] = fields.OneToOneField(
        "cityhub.Resident", related_name="talent", on_delete=fields.CASCADE
    )
    skills: fields.JSONField[list[str]] = fields.JSONField(default=list)  # Skill values
    party_member = fields.BooleanField(default=False)
    graduate = fields.BooleanField(default=False)
    technician = fields.BooleanField(default=False)
    volunteer = fields.BooleanField(default=False)
    occupation = fields.CharField(max_length=100, default="")  # e.g. 电力部门在职党员
    availability = fields.CharField(max_length=100, default="")  # e.g. 周末
    consent = fields.BooleanField(default=False)  # may be contacted about cases
    joined_at = fields.DatetimeField()
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "council_talent_member"
