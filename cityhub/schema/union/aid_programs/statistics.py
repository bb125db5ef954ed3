"""A program's application statistics in the schema: counts per state, amounts paid."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.resolvers.union import aid_applications


class AidStatisticsByProgramLoader(DataLoader[int, aid_applications.Statistics]):
    def __init__(self) -> None:
        super().__init__(load_fn=aid_applications.statistics_by_program)


@strawberry.type(description="Live counts of a program's applications (aggregates only).")
class AidStatistics:
    received: int = strawberry.field(description="Applications received, in every state.")
    submitted: int = strawberry.field(description="Waiting for review.")
    under_review: int = strawberry.field(description="Being reviewed.")
    approved: int = strawberry.field(description="Approved, including those since paid.")
    rejected: int = strawberry.field(description="Rejected, with a reason.")
    paid: int = strawberry.field(description="Paid out.")
    withdrawn: int = strawberry.field(description="Withdrawn by the applicant.")
    amount_paid: Decimal = strawberry.field(description="Total paid out, in yuan.")
    distinct_members_paid: int = strawberry.field(
        description="Members paid at least once (some claim several times)."
    )
    enrolled: int = strawberry.field(
        description="Members enrolled (medical mutual aid, which the union gives its members; "
        "0 for student aid, which needs no enrolment)."
    )
    of_sample: AidStatistics | None = strawberry.field(
        description="The same counts over sample applications alone (示例, isSample; "
        "enrolled: sample members), so each count above says how much of it is sample "
        "data; null inside itself."
    )

    @classmethod
    def from_statistics(cls, stats: aid_applications.Statistics) -> AidStatistics:
        state = aid_applications.AidState
        return cls(
            received=stats.received,
            submitted=stats.count(state.SUBMITTED),
            under_review=stats.count(state.UNDER_REVIEW),
            approved=stats.count(state.APPROVED, state.PAID),
            rejected=stats.count(state.REJECTED),
            paid=stats.count(state.PAID),
            withdrawn=stats.count(state.WITHDRAWN),
            amount_paid=stats.amount_paid,
            distinct_members_paid=stats.members_paid,
            enrolled=stats.enrolled,
            of_sample=cls.from_statistics(stats.sample) if stats.sample else None,
        )
