"""Workflows with a timeline: states, transitions and who may take them.

Aid applications, rental applications and council cases all run on this: a
`Workflow` names its states and transitions; `advance` checks the transition is
allowed from the current state and for the actor, moves the subject with a
conditional update (so two reviewers cannot both act on the same state), and
records one timeline entry, public or staff-only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.models import Model
from tortoise.transactions import in_transaction

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.accounts import Viewer

OWNER = "owner"  # a pseudo-role: the person the subject belongs to
NOTE = "note"  # the timeline action of a note that leaves the state as it is
TIMELINE_FIELDS = (
    "id",
    "subject_id",
    "action",
    "from_state",
    "to_state",
    "actor_label",
    "note",
    "is_public",
    "at",
)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    public: bool = True
    needs_note: bool = False


@dataclass(frozen=True)
class Workflow:
    subject_type: str
    initial: str
    transitions: dict[str, Transition] = field(default_factory=dict)

    def actions_for(self, state: str, roles: Iterable[str]) -> list[str]:
        """The actions someone with ``roles`` may take from ``state``."""
        held = set(roles)
        return [
            t.action for t in self.transitions.values() if state in t.sources and held & t.roles
        ]


def transition(
    action: str,
    sources: Iterable[str],
    target: str,
    roles: Iterable[str],
    *,
    public: bool = True,
    needs_note: bool = False,
) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), public, needs_note)


def actor_roles(viewer: Viewer, *, is_owner: bool) -> set[str]:
    return set(viewer.roles) | ({OWNER} if is_owner else set())


def actor_label(viewer: Viewer) -> str:
    return viewer.display_name or viewer.username or viewer.api_key_name or ""


async def start(workflow: Workflow, subject_id: int, viewer: Viewer, note: str = "") -> None:
    """Record the subject's first state (its creation) on the timeline."""
    await TimelineEntry.create(
        subject_type=workflow.subject_type,
        subject_id=subject_id,
        action="submit",
        from_state=None,
        to_state=workflow.initial,
        actor_account_id=viewer.account_id,
        actor_label=actor_label(viewer),
        note=note,
        is_public=True,
        at=datetime.now(UTC),
    )


async def advance(
    workflow: Workflow,
    model: type[Model],
    subject_id: int,
    action: str,
    viewer: Viewer,
    *,
    is_owner: bool,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> str:
    """Take ``action`` on the subject; returns the new state or raises Rejected.

    ``model`` needs `state` and `updated_at` columns; ``changes`` are written with the move.
    """
    step = workflow.transitions.get(action)
    if step is None:
        raise Rejected(Problem("UNKNOWN_ACTION", N_("未知操作"), "action"))
    row = await model.filter(id=subject_id).first().values("state")
    if row is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该记录"), "id"))
    if not actor_roles(viewer, is_owner=is_owner) & step.roles:
        raise Rejected(Problem("FORBIDDEN", N_("您不能执行此操作"), "action"))
    current = row["state"]
    if current not in step.sources:
        raise Rejected(
            Problem(
                "WRONG_STATE",
                N_("当前状态为“{state}”，不能执行此操作"),
                "action",
                {"state": current},
            )
        )
    if step.needs_note and not note.strip():
        raise Rejected(Problem("NOTE_REQUIRED", N_("请填写原因"), "reason"))
    now = datetime.now(UTC)
    async with in_transaction():
        moved = await model.filter(id=subject_id, state=current).update(
            state=step.target, updated_at=now, **(changes or {})
        )
        if not moved:  # someone else moved it between our read and our write
            raise Rejected(Problem("WRONG_STATE", N_("记录刚被他人处理，请刷新"), "action"))
        await TimelineEntry.create(
            subject_type=workflow.subject_type,
            subject_id=subject_id,
            action=action,
            from_state=current,
            to_state=step.target,
            actor_account_id=viewer.account_id,
            actor_label=actor_label(viewer),
            note=note.strip(),
            is_public=step.public,
            at=now,
        )
    return step.target


async def note(
    workflow: Workflow, subject_id: int, state: str, viewer: Viewer, text: str, *, public: bool
) -> None:
    """A note on the subject's timeline that does not move it; who may write is the caller's
    rule."""
    if not text.strip():
        raise Rejected(Problem("NOTE_REQUIRED", N_("请填写原因"), "reason"))
    await TimelineEntry.create(
        subject_type=workflow.subject_type,
        subject_id=subject_id,
        action=NOTE,
        from_state=state,
        to_state=state,
        actor_account_id=viewer.account_id,
        actor_label=actor_label(viewer),
        note=text.strip(),
        is_public=public,
        at=datetime.now(UTC),
    )


async def timelines(subject_type: str, subject_ids: list[int], *, staff: bool) -> list[list[dict]]:
    """Each subject's timeline, oldest first; staff-only entries only for staff."""
    query = TimelineEntry.filter(subject_type=subject_type, subject_id__in=subject_ids)
    if not staff:
        query = query.filter(is_public=True)
    found: dict[int, list[dict]] = defaultdict(list)
    for entry in await query.order_by("at", "id").values(*TIMELINE_FIELDS):
        found[entry["subject_id"]].append(entry)
    return [found[i] for i in subject_ids]
