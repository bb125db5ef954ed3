"""Places shared by every domain: Taiyuan's districts and counties."""

from tortoise import fields
from tortoise.models import Model


class District(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=32)
    name_en = fields.CharField(max_length=64)
    kind = fields.CharField(max_length=16)
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "district"
        ordering = ["sort_order", "id"]
