"""Figures published by a source (a newspaper page), kept apart from live counts."""

from tortoise import fields
from tortoise.models import Model


class PublishedFigure(Model):
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    domain = fields.CharField(max_length=32, db_index=True)
    label = fields.CharField(max_length=100)
    label_en = fields.CharField(max_length=200)
    value = fields.DecimalField(max_digits=14, decimal_places=2)
    unit = fields.CharField(max_length=16)
    unit_en = fields.CharField(max_length=32)
    as_of = fields.DateField()
    source_title = fields.CharField(max_length=200)
    source_publisher = fields.CharField(max_length=100)
    source_date = fields.DateField()
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "published_figure"
        ordering = ["domain", "sort_order", "id"]
