"""Workflows in the schema: a subject's state and action enums (labelled), the actions a
viewer may take with their labels, and the shared timeline entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import strawberry

from cityhub.i18n import N_
from cityhub.resolvers import workflow
from cityhub.resolvers.workflow import Channel, Transition, Workflow
from cityhub.schema.context import Info
from cityhub.schema.labels import labelled_enum

TimelineChannel = Channel
labelled_enum(
    TimelineChannel,
    {
        Channel.ONLINE: N_("网上办理"),
        Channel.IN_PERSON: N_("现场办理"),
        Channel.PHONE: N_("电话"),
        Channel.SYSTEM: N_("系统"),
    },
    name="TimelineChannel",
    description="How a step reached CityHub: online, in person, by phone, or from a system.",
)


@strawberry.type(description="One step in a workflow's history (an application, a case).")
class TimelineEntry:
    action: str = strawberry.field(
        description="What happened: submit, note, or the workflow's actions (e.g. approve)."
    )
    label: str = strawberry.field(description="What happened, in your language.")
    from_state: str | None = strawberry.field(description="State before (null at submission).")
    to_state: str = strawberry.field(description="State after.")
    at: dt.datetime = strawberry.field(description="When (UTC).")
    is_public: bool = strawberry.field(description="False for staff-only entries.")
    channel: TimelineChannel = strawberry.field(
        description="Online, in person, by phone, or from a system."
    )
    actor: str | None = strawberry.field(description="Who; hidden from partner keys.")
    note: str | None = strawberry.field(description="Reason or note; hidden from partner keys.")
    actor_en: str | None = strawberry.field(description="Who, in English where written so.")
    note_en: str | None = strawberry.field(description="The note in English where written so.")

    @classmethod
    def from_row(cls, info: Info, row: dict, personal: bool) -> TimelineEntry:
        flow = workflow.WORKFLOWS.get(row["subject_type"])
        label = flow.label(row["action"]) if flow else row["action"]
        return cls(
            action=row["action"],
            label=info.context._(label),
            from_state=row["from_state"],
            to_state=row["to_state"],
            at=row["at"],
            is_public=row["is_public"],
            channel=row["channel"],
            actor=row["actor_label"] if personal else None,
            note=(row["note"] or None) if personal else None,
            actor_en=(row["actor_label_en"] or None) if personal else None,
            note_en=(row["note_en"] or None) if personal else None,
        )


@dataclass(frozen=True)
class WorkflowTypes:
    """The schema types of one subject's workflow (e.g. AidApplicationState)."""

    workflow: Workflow
    state: Any  # the strawberry enum of states
    action: Any  # the strawberry enum of actions
    available_action: Any  # {action label needsNote}

    def available(self, info: Info, transitions: list[Transition]) -> list[Any]:
        """What the viewer may do now, as the workflow's one check (`allowed`) lists it."""
        _ = info.context._
        return [
            self.available_action(action=t.action, label=_(t.label), needs_note=t.needs_note)
            for t in transitions
        ]

    def state_label(self, info: Info, state: str) -> str:
        found = self.workflow.state(state)
        return info.context._(found.label) if found else state


def workflow_types(
    flow: Workflow, name: str, states: type[StrEnum], actions: type[StrEnum]
) -> WorkflowTypes:
    """Labels the subject's ``states`` and ``actions`` enums (``<name>State``,
    ``<name>Action``, which must list exactly the workflow's states and actions) and makes
    ``<name>AvailableAction``."""
    if {s.value for s in states} != {s.name for s in flow.states}:
        raise ValueError(f"{states.__name__} does not list the states of {flow.subject}")
    if {a.value for a in actions} != {t.action for t in flow.transitions}:
        raise ValueError(f"{actions.__name__} does not list the actions of {flow.subject}")
    labelled_enum(
        states,
        {s.name: s.label for s in flow.states},
        name=f"{name}State",
        description=flow.description,
    )
    labelled_enum(
        actions,
        {t.action: t.label for t in flow.transitions},
        name=f"{name}Action",
        description="What can be done to it (see availableActions).",
    )
    available = type(
        f"{name}AvailableAction",
        (),
        {
            "__annotations__": {"action": actions, "label": str, "needs_note": bool},
            "action": strawberry.field(description="The action, to pass to the mutation."),
            "label": strawberry.field(description="What to call it, in your language."),
            "needs_note": strawberry.field(description="A reason or note must come with it."),
        },
    )
    available_type = strawberry.type(
        available, description="Something you may do to it now, and what to call it."
    )
    return WorkflowTypes(flow, states, actions, available_type)
