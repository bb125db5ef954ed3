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


async def rows_by_parent(
    model: type[Model],
    fields: tuple[str, ...],
    parent: str,
    ids: list[int],
    order_by: tuple[str, ...] = ("id",),
) -> list[list[dict[str, Any]]]:
    """Each parent's rows (``parent`` is the foreign key column, among ``fields``), in
    ``order_by`` order, for every id in ``ids`` (an empty list where none)."""
    rows = await model.filter(**{f"{parent}__in": ids}).order_by(*order_by).values(*fields)
    found: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in rows:
        found[row[parent]].append(row)
    return [found[i] for i in ids]
