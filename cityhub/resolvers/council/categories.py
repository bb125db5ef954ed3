"""The case catalogue: categories with their keywords, fitting skills and extra fields."""

from __future__ import annotations

from typing import Any

from cityhub.models.council.categories import CaseCategory
from cityhub.resolvers.batching import rows_by_id

CATEGORY_FIELDS = (
    "id",
    "code",
    "name",
    "name_en",
    "description",
    "description_en",
    "group",
    "keywords",
    "skills",
    "attributes",
    "sort_order",
    "is_active",
    "is_sample",
)


async def categories(*, active_only: bool = True) -> list[dict[str, Any]]:
    query = CaseCategory.filter(is_active=True) if active_only else CaseCategory.all()
    return await query.order_by("sort_order", "id").values(*CATEGORY_FIELDS)


async def categories_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(CaseCategory, CATEGORY_FIELDS, ids)


async def category_by_code(code: str) -> dict[str, Any] | None:
    return await CaseCategory.filter(code=code, is_active=True).first().values(*CATEGORY_FIELDS)
