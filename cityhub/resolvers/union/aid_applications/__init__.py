"""Aid applications: their workflow, lookups, lists and statistics per program."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise.functions import Count

from cityhub.models.union.aid_applications import AidApplication, AidAttachment
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.aid_programs import AidKind
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.batching import rows_by_id, rows_by_parent
from cityhub.resolvers.pagination import Page, keyset_page
from cityhub.resolvers.timelines import timelines
from cityhub.resolvers.union.aid_programs import CENT
from cityhub.resolvers.union.trade_union import UNION_STAFF_ROLES

SUBJECT = "aid_application"
STAFF = UNION_STAFF_ROLES


class AidState(StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"
    WITHDRAWN = "withdrawn"


class AidAction(StrEnum):
    START_REVIEW = "start_review"
    APPROVE = "approve"
    REJECT = "reject"
    PAY = "pay"
    WITHDRAW = "withdraw"
    NOTE = "note"


S = AidState
# Applications that still count against a yearly limit.
LIVE_STATES = (S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.PAID)
APPLICATION_FIELDS = (
    "id",
    "reference",
    "program_id",
    "member_id",
    "state",
    "submitted_at",
    "updated_at",
    "child_name",
    "school",
    "admission_year",
    "channel",
    "category",
    "self_paid_amount",
    "treatment_started_on",
    "treatment_ended_on",
    "hospital",
    "decision_reason",
    "decision_reason_en",
    "approved_amount",
    "paid_amount",
    "paid_at",
    "is_sample",
    "member__account_id",  # the applicant's account: who holds OWNER in the workflow
)
ATTACHMENT_FIELDS = (
    "id",
    "application_id",
    "filename",
    "content_type",
    "size",
    "sha256",
    "storage_key",
    "uploaded_at",
)


@dataclass(frozen=True)
class ApplicationFilter:
    program_id: int | None = None
    state: str | None = None
    member_id: int | None = None
    states: frozenset[str] | None = None  # any of these (a work queue's states)


def reference(kind: str, year: int, number: int) -> str:
    """JQ2024-000123 (金秋助学) or YL2024-000045 (医疗互助)."""
    prefix = "JQ" if kind == AidKind.STUDENT_AID else "YL"
    return f"{prefix}{year}-{number:06d}"


async def list_applications(
    where: ApplicationFilter, *, first: int | None, after: str | None
) -> Page:
    query = AidApplication.all()
    if where.program_id is not None:
        query = query.filter(program_id=where.program_id)
    if where.state:
        query = query.filter(state=where.state)
    if where.states is not None:
        query = query.filter(state__in=sorted(where.states))
    if where.member_id is not None:
        query = query.filter(member_id=where.member_id)
    return await keyset_page(query, APPLICATION_FIELDS, first=first, after=after)


async def applications_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(AidApplication, APPLICATION_FIELDS, ids)


async def attachments_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(AidAttachment, ATTACHMENT_FIELDS, ids)


async def attachments_by_application(ids: list[int]) -> list[list[dict[str, Any]]]:
    return await rows_by_parent(AidAttachment, ATTACHMENT_FIELDS, "application_id", ids)


async def public_timelines(ids: list[int]) -> list[list[dict[str, Any]]]:
    return await timelines(SUBJECT, ids, staff=False)


async def staff_timelines(ids: list[int]) -> list[list[dict[str, Any]]]:
    return await timelines(SUBJECT, ids, staff=True)


async def count_for_member(
    program_id: int, member_id: int, states: tuple[str, ...], **where: object
) -> int:
    query = AidApplication.filter(program_id=program_id, member_id=member_id, state__in=states)
    return await query.filter(**where).count()


async def self_paid_for_member(program_id: int, member_id: int) -> Decimal:
    """The self-paid parts of the member's live claims of the program (a few rows)."""
    query = AidApplication.filter(program_id=program_id, member_id=member_id, state__in=LIVE_STATES)
    amounts = await query.values_list("self_paid_amount", flat=True)
    return sum((Decimal(a) for a in amounts if a is not None), Decimal(0))


@dataclass(frozen=True)
class Statistics:
    program_id: int
    by_state: dict[str, int]
    amount_paid: Decimal
    members_paid: int
    enrolled: int
    # The same counts over sample applications (and sample members' enrolments) alone;
    # None inside itself.
    sample: Statistics | None = None

    @property
    def received(self) -> int:
        return sum(self.by_state.values())

    def count(self, *states: str) -> int:
        return sum(self.by_state.get(s, 0) for s in states)


async def statistics_by_program(ids: list[int]) -> list[Statistics]:
    """Three statements for any number of programs: counts per state, the paid
    applications, and the enrolled members, each split into sample and not."""
    per_state = (
        await AidApplication.filter(program_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("program_id", "is_sample", "state")
        .values("program_id", "is_sample", "state", "n")
    )
    # Paid applications are few (tens a year): read as rows, so a member paid on both a
    # sample and a real application counts once.
    paid = await AidApplication.filter(program_id__in=ids, state=S.PAID).values(
        "program_id", "is_sample", "member_id", "paid_amount"
    )
    enrolled = (
        await AidEnrolment.filter(program_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("program_id", "member__is_sample")
        .values("program_id", "member__is_sample", "n")
    )
    enrolled_rows = [
        {"program_id": r["program_id"], "is_sample": r["member__is_sample"], "n": r["n"]}
        for r in enrolled
    ]
    return [_statistics(i, per_state, paid, enrolled_rows, sample=None) for i in ids]


def _statistics(
    program_id: int,
    per_state: list[dict[str, Any]],
    paid: list[dict[str, Any]],
    enrolled: list[dict[str, Any]],
    *,
    sample: bool | None,
) -> Statistics:
    """One program's counts from the grouped rows: all of them (sample None, with the
    sample ones beside), or only the sample ones (sample True)."""

    def mine(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            r
            for r in rows
            if r["program_id"] == program_id and (sample is None or bool(r["is_sample"]))
        ]

    by_state: dict[str, int] = defaultdict(int)
    for row in mine(per_state):
        by_state[row["state"]] += row["n"]
    total = sum((Decimal(str(r["paid_amount"] or 0)) for r in mine(paid)), Decimal(0))
    return Statistics(
        program_id=program_id,
        by_state=dict(by_state),
        amount_paid=total.quantize(CENT),
        members_paid=len({r["member_id"] for r in mine(paid)}),
        enrolled=sum(r["n"] for r in mine(enrolled)),
        sample=None if sample else _statistics(program_id, per_state, paid, enrolled, sample=True),
    )


async def timeline_count(application_id: int) -> int:
    return await TimelineEntry.filter(subject_type=SUBJECT, subject_id=application_id).count()
