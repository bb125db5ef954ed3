"""The union itself (太原市巡游网约车行业工会联合会) and its policy figures."""

from tortoise import fields
from tortoise.models import Model


# The one union (太原市巡游网约车行业工会联合会); its figures are data an admin edits.
class TradeUnion(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=100)
    registered_drivers = fields.IntField()
    registered_drivers_note = fields.CharField(max_length=200, default="")
    name_en = fields.CharField(max_length=200, default="", db_default="")
    registered_drivers_note_en = fields.CharField(max_length=300, default="", db_default="")
    # Policy: a second scan at the same station within this many minutes is the same visit.
    check_in_repeat_minutes = fields.IntField(default=30, db_default=30)
    founded_on = fields.DateField(null=True)

    class Meta:
        table = "trade_union"
