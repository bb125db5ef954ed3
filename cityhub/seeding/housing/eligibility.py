"""Seed import of the rent policy: the numbers of the published rules."""

from __future__ import annotations

from typing import Any

from cityhub.models.housing.eligibility import RentPolicy
from cityhub.seeding.imports import ImportCounts, upsert


async def import_policy(records: list[dict[str, Any]]) -> ImportCounts:
    """Inserted once; an admin's later change (updateRentPolicy) is left alone."""
    have = set(await RentPolicy.all().values_list("code", flat=True))
    rows = [{key: r[key] for key in ("code", *NUMBERS)} for r in records if r["code"] not in have]
    counts, _ = await upsert(RentPolicy, "code", rows)
    counts.unchanged += len(records) - len(rows)
    return counts


NUMBERS = (
    "youth_min_age",
    "youth_max_age",
    "new_citizen_hukou_years",
    "min_contribution_months",
    "reservation_hours",
    "max_transfer_months",
)
