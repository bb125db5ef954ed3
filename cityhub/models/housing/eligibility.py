"""The rules of paying rent from the housing provident fund, as data an admin changes."""

from tortoise import fields
from tortoise.models import Model


class RentPolicy(Model):
    """One row per policy (code "taiyuan"): the numbers of the published rules."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    # 青年人: 18 to 45 years old (周岁), both included.
    youth_min_age = fields.IntField()
    youth_max_age = fields.IntField()
    # 新市民: no Taiyuan hukou, or one held for less than this many years.
    new_citizen_hukou_years = fields.IntField()
    # 连续足额缴存住房公积金满 N 个月.
    min_contribution_months = fields.IntField()
    # A reserved unit is held this many hours for the lease to be signed, then freed.
    reservation_hours = fields.IntField(default=48, db_default=48)
    # The most months of rent one transfer from the fund may pay for.
    max_transfer_months = fields.IntField(default=12, db_default=12)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "housing_rent_policy"
