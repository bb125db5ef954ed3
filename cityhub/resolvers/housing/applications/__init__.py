"""Rental applications: reading them (the applicant's own, the officers' queue)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cityhub.models.housing.applications import RentalApplication
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, keyset_page

APPLICATION_FIELDS = (
    "id",
    "reference",
    "state",
    "applicant_id",
    "project_id",
    "unit_id",
    "monthly_rent",
    "reserved_until",
    "lease_signed_at",
    "payment_method",
    "authorization_signed_at",
    "fund_centre",
    "centre_reference",
    "centre_attempts",
    "centre_next_attempt_at",
    "centre_error",
    "centre_decided_at",
    "centre_reason",
    "submitted_at",
    "updated_at",
    "is_sample",
    "unit__code",  # the unit's room number, joined in
)


def reference(year: int, number: int) -> str:
    """ZL2024-000123 (租赁)."""
    return f"ZL{year}-{number:06d}"


@dataclass(frozen=True)
class ApplicationFilter:
    applicant_id: int | None = None
    state: str | None = None
    project_id: int | None = None


async def list_applications(
    where: ApplicationFilter, *, first: int | None, after: str | None
) -> Page:
    query = RentalApplication.all()
    if where.applicant_id is not None:
        query = query.filter(applicant_id=where.applicant_id)
    if where.state:
        query = query.filter(state=where.state)
    if where.project_id is not None:
        query = query.filter(project_id=where.project_id)
    return await keyset_page(query, APPLICATION_FIELDS, first=first, after=after, newest_first=True)


async def applications_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(RentalApplication, APPLICATION_FIELDS, ids)


async def application_now(application_id: int) -> dict[str, Any]:
    """An application known to exist, read again (after a step, say)."""
    (row,) = await applications_by_id([application_id])
    assert row is not None
    return row
