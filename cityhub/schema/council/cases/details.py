"""What a case's steps carry, as GraphQL inputs: a council meeting and an outcome (a
mediation agreement with its parties and settlement), and the worker assigned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry import relay

from cityhub.models.council.cases import OutcomeKind
from cityhub.resolvers.council.cases import steps
from cityhub.schema.connections import node_pk
from cityhub.schema.inputs import max_length


@strawberry.input(description="A council meeting held about the case.")
class CaseMeetingInput:
    held_at: dt.datetime = strawberry.field(description="When it was held.")
    place: str = strawberry.field(description="Where.", directives=max_length(100))
    minutes: str = strawberry.field(description="What was agreed.", directives=max_length(2000))
    attendees: list[str] = strawberry.field(
        default_factory=list, description="Who took part (roles).", directives=max_length(100)
    )


@strawberry.input(description="What the case came to (RESOLVE and MEDIATE).")
class CaseOutcomeInput:
    kind: OutcomeKind = strawberry.field(description="MEDIATION_AGREEMENT to MEDIATE.")
    summary: str = strawberry.field(description="What was agreed.", directives=max_length(2000))
    parties: list[str] = strawberry.field(
        default_factory=list, description="Who agreed.", directives=max_length(100)
    )
    settlement_amount: Decimal | None = strawberry.field(
        default=None, description="Yuan paid, two places at most."
    )
    settlement_payer: str = strawberry.field(
        default="", description="Who pays it.", directives=max_length(100)
    )


def worker_pk(assignee: relay.GlobalID | None) -> int | None:
    """The CommunityWorker named (0, which no one is, for an id of another type)."""
    return (node_pk(assignee, "CommunityWorker") or 0) if assignee else None


def meeting_of(meeting: CaseMeetingInput | None) -> steps.Meeting | None:
    if meeting is None:
        return None
    return steps.Meeting(meeting.held_at, meeting.place, meeting.minutes, tuple(meeting.attendees))


def outcome_of(outcome: CaseOutcomeInput | None) -> steps.Outcome | None:
    if outcome is None:
        return None
    return steps.Outcome(
        outcome.kind,
        outcome.summary,
        tuple(outcome.parties),
        outcome.settlement_amount,
        outcome.settlement_payer,
    )
