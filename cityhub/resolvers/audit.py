"""The audit log: who changed what, from which value to which, and when."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cityhub import clock
from cityhub.models.audit import AuditEntry
from cityhub.resolvers.accounts import Viewer

AUDIT_FIELDS = ("id", "at", "actor_label", "action", "subject_type", "subject_id", "changes")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changes."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


async def record(
    viewer: Viewer, action: str, subject_type: str, subject_id: int, changes: dict[str, list[Any]]
) -> None:
    await AuditEntry.create(
        at=clock.now(),
        actor_account_id=viewer.account_id,
        actor_label=viewer.label,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        changes=changes,
    )


async def entries_for(subject_type: str, subject_ids: list[int]) -> list[list[dict[str, Any]]]:
    rows = (
        await AuditEntry.filter(subject_type=subject_type, subject_id__in=subject_ids)
        .order_by("-at", "-id")
        .values(*AUDIT_FIELDS)
    )
    found: dict[int, list[dict[str, Any]]] = {i: [] for i in subject_ids}
    for row in rows:
        found[row["subject_id"]].append(row)
    return [found[i] for i in subject_ids]
