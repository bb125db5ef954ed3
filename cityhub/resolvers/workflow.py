"""Workflows with a timeline: one mechanism for aid, rental applications and council cases.

A subject type declares its `Workflow` once: states and transitions, each with its label
(a message id: Chinese, English in the catalog), the roles that may take it and whether
its timeline entry is public. Roles are account roles, relation roles the actor holds
towards this subject (`OWNER`, the applicant or reporter; `ASSIGNEE`, the assigned
worker) and `SYSTEM` for an outside system (e.g. the provident-fund centre answering).
A note is a declared transition whose target is None: the state stays.

`allowed` is the one check: it lists a viewer's available actions and it decides whether
`take` may move the subject. `take` writes the move with a conditional update (two staff
taking the same transition at once: one wins, the other is refused), runs the
transition's hooks, records one timeline entry (actor, channel, public or staff-only,
time from the project clock) and publishes an event once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cityhub import clock, events
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.workflow import TimelineEntry, WorkflowSubject
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.transactions import atomic, on_commit

OWNER = "owner"  # relation role: the person the subject belongs to (applicant, reporter)
ASSIGNEE = "assignee"  # relation role: the worker the subject is assigned to
SYSTEM = "system"  # actor role: an outside system answering (e.g. the fund centre)
SUBMIT = "submit"  # the timeline action of a subject's first state
NOTE_MAX = 2000
STATE_MAX = 16  # the subject base's state column


class Channel(StrEnum):
    """How a step reached CityHub: online, in person at an office, by phone, or from a
    system."""

    ONLINE = "online"
    IN_PERSON = "in_person"
    PHONE = "phone"
    SYSTEM = "system"


@dataclass(frozen=True)
class State:
    name: str
    label: str  # message id
    final: bool = False


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # message id
    sources: frozenset[str]
    target: str | None  # None: a note, the state stays
    roles: frozenset[str]
    public: bool = True  # the timeline entry is shown to the subject's owner
    needs_note: bool = False


def transition(
    action: str,
    label: str,
    sources: Iterable[str],
    target: str | None,
    roles: Iterable[str],
    *,
    public: bool = True,
    needs_note: bool = False,
) -> Transition:
    return Transition(
        action, label, frozenset(sources), target, frozenset(roles), public, needs_note
    )


@dataclass(frozen=True)
class Actor:
    """Who takes a step: a viewer (an account, or a partner's key), or an outside system
    (``system`` names it); ``channel`` says how the step came in; ``units`` what the
    viewer works for, where a domain's relation roles depend on it."""

    viewer: Viewer
    channel: Channel = Channel.ONLINE
    system: str | None = None
    # The units (e.g. communities) a staff viewer works for, when the caller already read
    # them (once per request); None: a domain's relations read them when they need them.
    units: frozenset[int] | None = None

    @property
    def label(self) -> str:
        return self.system or self.viewer.label


@dataclass(frozen=True)
class Move:
    """One transition being taken, as its hooks see it."""

    workflow: Workflow
    row: dict[str, Any]  # the subject before the move
    transition: Transition
    actor: Actor
    note: str
    params: Mapping[str, Any]


# Before the move: what else to write with it (validation raises Rejected, nothing moves).
Prepare = Callable[[Move], Awaitable[dict[str, Any]]]
# After the move, in the same transaction (e.g. an outbox message to an outside system).
After = Callable[[Move], Awaitable[None]]
# The relation roles (OWNER, ASSIGNEE) an actor holds towards a subject row.
Relations = Callable[[Actor, dict[str, Any]], Awaitable[set[str]]]
# Whether the row offers a step its state and roles allow (no second rating): `available`
# leaves it out; taking it anyway is refused by its prepare hook, with the reason.
Offered = Callable[[dict[str, Any]], bool]


async def no_relations(actor: Actor, row: dict[str, Any]) -> set[str]:
    return set()


@dataclass(frozen=True)
class Workflow:
    subject: str  # the subject type, e.g. aid_application
    model: type[WorkflowSubject]
    states: tuple[State, ...]
    initial: str
    transitions: tuple[Transition, ...]
    relations: Relations = no_relations
    prepare: Mapping[str, Prepare] = field(default_factory=dict)
    after: Mapping[str, After] = field(default_factory=dict)
    offered: Mapping[str, Offered] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self) -> None:
        names = {s.name for s in self.states}
        actions = {t.action for t in self.transitions}
        hooked = {*self.prepare, *self.after, *self.offered}
        problems = [f"initial state {self.initial!r} is not a state"] * (self.initial not in names)
        problems += [
            *(f"state {n!r} is longer than {STATE_MAX}" for n in names if len(n) > STATE_MAX),
            *(
                f"{t.action!r} leaves or enters an unknown state"
                for t in self.transitions
                if not t.sources <= names or t.target not in names | {None}
            ),
            *(f"a hook for unknown action {a!r}" for a in hooked - actions),
        ]
        if problems:
            raise ValueError(f"workflow {self.subject}: " + "; ".join(problems))
        WORKFLOWS[self.subject] = self

    def step(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def state(self, name: str) -> State | None:
        return next((s for s in self.states if s.name == name), None)

    def allowed(self, state: str, roles: Iterable[str]) -> list[Transition]:
        """The transitions someone holding ``roles`` may take from ``state``."""
        held = set(roles)
        return [t for t in self.transitions if state in t.sources and held & t.roles]

    def actionable_states(self, roles: Iterable[str]) -> set[str]:
        """The states from which someone holding ``roles`` can move a subject (a note,
        which leaves it where it is, does not count): what their work queue lists."""
        held = set(roles)
        moves = (t for t in self.transitions if t.target is not None and held & t.roles)
        return {state for t in moves for state in t.sources}

    def label(self, action: str) -> str:
        """The message id of an action on the timeline (submission included)."""
        if action == SUBMIT:
            return N_("提交申请")
        step = self.step(action)
        return step.label if step else action

    def check(self, state: str, roles: Iterable[str], action: str) -> Transition:
        """The transition, or Rejected: an unknown action, a role or a state that does not
        allow it. `allowed` with the same arguments lists exactly what passes here."""
        step = self.step(action)
        if step is None:
            raise Rejected(Problem("UNKNOWN_ACTION", N_("未知操作"), "action"))
        if not set(roles) & step.roles:
            raise Rejected(Problem("FORBIDDEN", N_("您不能执行此操作"), "action"))
        if step not in self.allowed(state, roles):
            message = N_("当前状态为“{state}”，不能执行此操作")
            raise Rejected(Problem("WRONG_STATE", message, "action", {"state": state}))
        return step


WORKFLOWS: dict[str, Workflow] = {}  # by subject type, filled as domains declare theirs


def topic(subject: str) -> str:
    """The events topic a subject type's moves are published on."""
    return f"workflow.{subject}"


async def roles_of(workflow: Workflow, actor: Actor, row: dict[str, Any]) -> set[str]:
    roles = set(actor.viewer.roles) | await workflow.relations(actor, row)
    return roles | {SYSTEM} if actor.system else roles


async def available(workflow: Workflow, actor: Actor, row: dict[str, Any]) -> list[Transition]:
    allowed = workflow.allowed(row["state"], await roles_of(workflow, actor, row))
    offered = workflow.offered
    return [t for t in allowed if t.action not in offered or offered[t.action](row)]


def _note(step: Transition, note: str) -> str:
    text = note.strip()
    if len(text) > NOTE_MAX:
        raise Rejected(Problem("INVALID", N_("原因最多 {max} 个字"), "reason", {"max": NOTE_MAX}))
    if step.needs_note and not text:
        raise Rejected(Problem("NOTE_REQUIRED", N_("请填写原因"), "reason"))
    return text


async def _record(
    workflow: Workflow, subject_id: int, action: str, source: str | None, target: str, **kw: Any
) -> None:
    now = kw.pop("at")
    await TimelineEntry.create(
        subject_type=workflow.subject,
        subject_id=subject_id,
        action=action,
        from_state=source,
        to_state=target,
        at=now,
        **kw,
    )
    payload = {"id": subject_id, "action": action, "from": source, "to": target}
    payload["at"] = now.isoformat()
    await on_commit(lambda: events.publish(topic(workflow.subject), payload))


async def start(workflow: Workflow, subject_id: int, actor: Actor, note: str = "") -> None:
    """Record the subject's creation in its initial state (call inside its transaction)."""
    await _record(
        workflow,
        subject_id,
        SUBMIT,
        None,
        workflow.initial,
        actor_account_id=actor.viewer.account_id,
        actor_label=actor.label,
        channel=actor.channel,
        note=note.strip(),
        is_public=True,
        at=clock.now(),
    )


async def take(
    workflow: Workflow,
    row: dict[str, Any],
    action: str,
    actor: Actor,
    *,
    note: str = "",
    params: Mapping[str, Any] | None = None,
) -> None:
    """Take ``action`` on the subject ``row`` (with `id` and `state`); Rejected, and
    nothing written, when the check, the note or a prepare hook refuses it, or when
    someone else moved the subject first."""
    step = workflow.check(row["state"], await roles_of(workflow, actor, row), action)
    text = _note(step, note)
    move = Move(workflow, row, step, actor, text, params or {})
    now = clock.now()
    async with atomic():
        changes = await workflow.prepare[action](move) if action in workflow.prepare else {}
        target = step.target or row["state"]
        moved = await workflow.model.filter(id=row["id"], state=row["state"]).update(
            state=target, updated_at=now, **changes
        )
        if not moved:  # someone else moved it between our read and our write
            raise Rejected(Problem("WRONG_STATE", N_("记录刚被他人处理，请刷新"), "action"))
        await _record(
            workflow,
            row["id"],
            action,
            row["state"],
            target,
            actor_account_id=actor.viewer.account_id,
            actor_label=actor.label,
            channel=actor.channel,
            note=text,
            is_public=step.public,
            at=now,
        )
        if action in workflow.after:
            await workflow.after[action](move)
