"""Batch reads for DataLoaders: one statement for many keys, answers in key order."""

from __future__ import annotations

from typing import Any

from tortoise.models import Model


async def rows_by_id(
    model: type[Model], fields: tuple[str, ...], ids: list[int]
) -> list[dict[str, Any] | None]:
    rows = await model.filter(id__in=ids).values(*fields)
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(i) for i in ids]
