"""Idempotent imports: insert what is new, update what changed, leave the rest alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.models import Model


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: ImportCounts) -> ImportCounts:
        return ImportCounts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


async def upsert(
    model: type[Model],
    key: str,
    records: list[dict[str, Any]],
    scope: dict[str, Any] | None = None,
) -> tuple[ImportCounts, dict[Any, int]]:
    """Write ``records`` keyed by their natural ``key``; returns counts and key -> id.

    ``scope`` narrows the rows a key is looked up among, for a key unique only within a
    parent (a unit's room number within its project): {"project_id": 3}."""
    counts = ImportCounts()
    if not records:
        return counts, {}
    fields = sorted({name for record in records for name in record})
    keys = [record[key] for record in records]
    existing = {
        row[key]: row
        for row in await model.filter(**(scope or {}), **{f"{key}__in": keys}).values("id", *fields)
    }
    ids: dict[Any, int] = {}
    for record in records:
        row = existing.get(record[key])
        if row is None:
            created = await model.create(**record)
            ids[record[key]] = created.pk
            counts.created += 1
            continue
        ids[record[key]] = row["id"]
        changed = {name: value for name, value in record.items() if row[name] != value}
        if changed:
            await model.filter(id=row["id"]).update(**changed)
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts, ids


def one_record(*parts: ImportCounts) -> ImportCounts:
    """One seed record written as several rows (its own first, then what hangs off it):
    created when its own row was, updated when any row was added or changed."""
    if parts and parts[0].created:
        return ImportCounts(created=1)
    if any(part.created or part.updated for part in parts):
        return ImportCounts(updated=1)
    return ImportCounts(unchanged=1)
