"""The area tree below a district (street → community → compound → grid), the
community's four-level organisation chain, and the workers who serve it."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account
    from cityhub.models.geo import District


class AreaKind(StrEnum):
    STREET = "street"  # 街道
    COMMUNITY = "community"  # 社区
    COMPOUND = "compound"  # 小区 (e.g. 中车国际二期)
    GRID = "grid"  # 网格


# One place in the tree; a street hangs from a district, everything else from its parent.
class CouncilArea(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    kind = fields.CharField(max_length=12)
    name = fields.CharField(max_length=60)
    name_en = fields.CharField(max_length=120, default="")
    parent: fields.ForeignKeyNullableRelation["CouncilArea"] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    district: fields.ForeignKeyNullableRelation["District"] = fields.ForeignKeyField(
        "cityhub.District", related_name="council_areas", null=True, on_delete=fields.RESTRICT
    )
    # The community every area at or below community level belongs to (itself included).
    community: fields.ForeignKeyNullableRelation["CouncilArea"] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="members", null=True, on_delete=fields.RESTRICT
    )
    lat = fields.FloatField(null=True)
    lng = fields.FloatField(null=True)
    sort_order = fields.IntField(default=0)
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "council_area"
        ordering = ["sort_order", "id"]
        indexes = (("community_id", "kind"),)


# One link of the organisation chain (社区党总支 → 小区党支部 → 物业党支部 → 网格党小组).
class OrgUnit(Model):
    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[CouncilArea] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="org_units", on_delete=fields.RESTRICT
    )
    level = fields.SmallIntField()  # 1 community branch ... 4 grid party group
    name = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=200, default="")
    area: fields.ForeignKeyNullableRelation[CouncilArea] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="org_units_here", null=True, on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyNullableRelation["OrgUnit"] = fields.ForeignKeyField(
        "cityhub.OrgUnit", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "council_org_unit"
        ordering = ["level", "id"]


class Duty(StrEnum):
    GRID_WORKER = "grid_worker"  # 网格员
    PARTY_SECRETARY = "party_secretary"  # 社区党总支书记
    COMMUNITY_STAFF = "community_staff"  # 社区工作人员


# Someone who works for the community in a public role; the phone is for grid workers'
# eyes only. ``account`` is the worker's CityHub account (the grid_worker role) if any.
class CommunityWorker(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    community: fields.ForeignKeyRelation[CouncilArea] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="workers", on_delete=fields.RESTRICT
    )
    grid: fields.ForeignKeyNullableRelation[CouncilArea] = fields.ForeignKeyField(
        "cityhub.CouncilArea", related_name="grid_workers", null=True, on_delete=fields.RESTRICT
    )
    account: fields.ForeignKeyNullableRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="council_duties", null=True, on_delete=fields.SET_NULL
    )
    name = fields.CharField(max_length=40)
    name_en = fields.CharField(max_length=80, default="")
    duty = fields.CharField(max_length=20)
    phone = fields.CharField(max_length=20, default="")
    office_hours = fields.CharField(max_length=100, default="")
    is_sample = fields.BooleanField(default=False)

    class Meta:
        table = "council_worker"
        ordering = ["id"]
