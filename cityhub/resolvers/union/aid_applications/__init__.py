"""Aid applications: their workflow, lookups, lists and statistics per program."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise.functions import Count, Sum

from cityhub.models.union.aid_applications import AidApplication, AidAttachment
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.aid_programs import AidKind
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.batching import rows_by_id
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
    rows = (
        await AidAttachment.filter(application_id__in=ids).order_by("id").values(*ATTACHMENT_FIELDS)
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row["application_id"]].append(row)
    return [found[i] for i in ids]


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

    @property
    def received(self) -> int:
        return sum(self.by_state.values())

    def count(self, *states: str) -> int:
        return sum(self.by_state.get(s, 0) for s in states)


async def statistics_by_program(ids: list[int]) -> list[Statistics]:
    """Three statements for any number of programs: counts per state, the paid sums, and
    the enrolled members."""
    per_state = (
        await AidApplication.filter(program_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("program_id", "state")
        .values("program_id", "state", "n")
    )
    paid = (
        await AidApplication.filter(program_id__in=ids, state=S.PAID)
        .annotate(total=Sum("paid_amount"), members=Count("member_id", distinct=True))
        .group_by("program_id")
        .values("program_id", "total", "members")
    )
    enrolled = dict(
        await AidEnrolment.filter(program_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("program_id")
        .values_list("program_id", "n")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in per_state:
        counts[row["program_id"]][row["state"]] = row["n"]
    sums = {row["program_id"]: row for row in paid}
    return [
        Statistics(
            program_id=i,
            by_state=counts[i],
            # SQLite sums decimals as floats: back to cents through the decimal string.
            amount_paid=Decimal(str(sums[i]["total"] if i in sums else 0)).quantize(CENT),
            members_paid=sums[i]["members"] if i in sums else 0,
            enrolled=enrolled.get(i, 0),
        )
        for i in ids
    ]


async def timeline_count(application_id: int) -> int:
    return await TimelineEntry.filter(subject_type=SUBJECT, subject_id=application_id).count()
