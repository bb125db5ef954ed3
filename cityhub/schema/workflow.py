"""The shared workflow timeline in the schema (aid and rental applications, cases)."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.type(description="One step in a workflow's history (an application, a case).")
class TimelineEntry:
    action: str = strawberry.field(
        description="What happened: submit, note, or the workflow's actions (e.g. approve)."
    )
    from_state: str | None = strawberry.field(description="State before (null at submission).")
    to_state: str = strawberry.field(description="State after.")
    at: dt.datetime = strawberry.field(description="When (UTC).")
    is_public: bool = strawberry.field(description="False for staff-only entries.")
    actor: str | None = strawberry.field(description="Who; hidden from partner keys.")
    note: str | None = strawberry.field(description="Reason or note; hidden from partner keys.")

    @classmethod
    def from_row(cls, row: dict, personal: bool) -> TimelineEntry:
        return cls(
            action=row["action"],
            from_state=row["from_state"],
            to_state=row["to_state"],
            at=row["at"],
            is_public=row["is_public"],
            actor=row["actor_label"] if personal else None,
            note=(row["note"] or None) if personal else None,
        )
