"""Reading workflow timelines: each subject's entries, staff-only ones only for staff."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from cityhub.models.workflow import TimelineEntry

TIMELINE_FIELDS = (
    "id",
    "subject_type",
    "subject_id",
    "action",
    "from_state",
    "to_state",
    "actor_label",
    "note",
    "actor_label_en",
    "note_en",
    "is_public",
    "channel",
    "at",
)


async def timelines(
    subject: str, subject_ids: list[int], *, staff: bool
) -> list[list[dict[str, Any]]]:
    """Each subject's timeline, oldest first; staff-only entries only for staff."""
    query = TimelineEntry.filter(subject_type=subject, subject_id__in=subject_ids)
    if not staff:
        query = query.filter(is_public=True)
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in await query.order_by("at", "id").values(*TIMELINE_FIELDS):
        found[entry["subject_id"]].append(entry)
    return [found[i] for i in subject_ids]
