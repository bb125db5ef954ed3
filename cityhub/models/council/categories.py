"""The catalogue of case categories (Open311's services)."""

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class CategoryGroup(StrEnum):
    FACILITIES = "facilities"  # 设施与充电
    ENVIRONMENT = "environment"  # 宠物与环境卫生
    SAFETY = "safety"  # 安全与纠纷
    PROPERTY = "property"  # 物业管理
    OTHER = "other"


class CaseCategory(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)  # Open311 service_code
    name = fields.CharField(max_length=60)
    name_en = fields.CharField(max_length=120)
    description = fields.CharField(max_length=300, default="")
    description_en = fields.CharField(max_length=500, default="")
    group = fields.CharField(max_length=20)  # CategoryGroup
    keywords: fields.JSONField[list[str]] = fields.JSONField(default=list)
    # The talent-pool skills that fit its cases (Skill values).
    skills: fields.JSONField[list[str]] = fields.JSONField(default=list)
    # Its own extra fields: [{code, datatype, required, label, label_en, values: [...]}].
    attributes: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    sort_order = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)
    is_sample = fields.BooleanField(default=False)  # CityHub's own, not the source's

    class Meta:
        table = "council_case_category"
        ordering = ["sort_order", "id"]
