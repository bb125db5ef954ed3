"""Council cases (议事案件): their states and steps, lookups, lists and the council's policy.

Who may see a case: a public one, everyone; a private one (the reporter asked), only its
reporter and the grid workers of its community. The reporter's name and phone are for
those two alone, whatever the case's visibility; an anonymous report shows no reporter to
anyone else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q

from cityhub.models.council.cases import (
    CaseMeeting,
    CaseOutcome,
    CasePhoto,
    CaseReferral,
    CouncilCase,
    CouncilPolicy,
)
from cityhub.models.council.communities import CommunityWorker
from cityhub.resolvers.batching import rows_by_id, rows_by_parent
from cityhub.resolvers.pagination import Page, keyset_page, time_keyset_page
from cityhub.resolvers.timelines import timelines

SUBJECT = "council_case"
COMMUNITY_WORKER = "community_worker"  # relation role: a grid worker of the case's community


class CaseState(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    IN_CONSULTATION = "in_consultation"
    REFERRED = "referred"
    RESOLVED = "resolved"
    MEDIATED = "mediated"
    CLOSED = "closed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class CaseAction(StrEnum):
    ACCEPT = "accept"
    ASSIGN = "assign"
    START_CONSULTATION = "start_consultation"
    REFER = "refer"
    DEPARTMENT_ANSWER = "department_answer"
    RECORD_MEETING = "record_meeting"
    ADD_UPDATE = "add_update"
    STAFF_NOTE = "staff_note"
    RESOLVE = "resolve"
    MEDIATE = "mediate"
    CLOSE = "close"
    REOPEN = "reopen"
    RATE = "rate"
    DECLINE = "decline"
    WITHDRAW = "withdraw"


S = CaseState
OPEN_STATES = (S.RECEIVED, S.ACCEPTED, S.IN_CONSULTATION, S.REFERRED)
DONE_STATES = (S.RESOLVED, S.MEDIATED, S.CLOSED)
CASE_FIELDS = (
    "id",
    "reference",
    "state",
    "submitted_at",
    "updated_at",
    "is_sample",
    "reporter_id",
    "reporter_name",
    "reporter_phone",
    "anonymous",
    "recorded_by_id",
    "community_id",
    "compound_id",
    "category_id",
    "title",
    "title_en",
    "description",
    "description_en",
    "address",
    "lat",
    "lng",
    "attributes",
    "is_public",
    "priority",
    "assignee_id",
    "accepted_at",
    "resolved_at",
    "closed_at",
    "reopen_until",
    "reopened",
    "rating",
    "rating_comment",
    "rated_at",
    "reporter__display_name",
    "reporter__phone",
    "assignee__account_id",  # who holds ASSIGNEE in the workflow
)
PHOTO_FIELDS = (
    "id",
    "case_id",
    "entry_id",
    "filename",
    "content_type",
    "size",
    "sha256",
    "storage_key",
    "is_public",
    "uploaded_at",
)
REFERRAL_FIELDS = (
    "id",
    "case_id",
    "department",
    "department_en",
    "referred_at",
    "answer",
    "answer_en",
    "answered_at",
)
MEETING_FIELDS = (
    "id",
    "case_id",
    "held_at",
    "place",
    "place_en",
    "attendees",
    "minutes",
    "minutes_en",
)
OUTCOME_FIELDS = (
    "id",
    "case_id",
    "kind",
    "summary",
    "summary_en",
    "parties",
    "settlement_amount",
    "settlement_payer",
    "agreed_at",
)


def reference(year: int, number: int) -> str:
    """YS2026-000123 (议事)."""
    return f"YS{year}-{number:06d}"


async def policy() -> dict[str, Any]:
    """The council's numbers (one row; the defaults until an admin sets them)."""
    row = await CouncilPolicy.filter(id=1).first().values()
    if row is None:
        await CouncilPolicy.get_or_create(id=1)
        row = await CouncilPolicy.filter(id=1).first().values()
    assert row is not None, "the policy row was just written"
    return row


_SPACE = re.compile(r"\s+")


def normalise(*texts: str) -> str:
    """The words kept for matching: lower case, spaces folded."""
    return _SPACE.sub(" ", " ".join(texts).lower()).strip()


@dataclass(frozen=True)
class CaseFilter:
    community_id: int | None = None
    compound_id: int | None = None
    category_id: int | None = None
    category_ids: frozenset[int] | None = None  # any of these; none match an empty set
    states: frozenset[str] | None = None
    text: str = ""
    reporter_id: int | None = None
    assignee_id: int | None = None
    # submitted_after inclusive, _before exclusive; none match a later _after or no references
    submitted_after: dt.datetime | None = None
    submitted_before: dt.datetime | None = None
    references: frozenset[str] | None = None
    newest_first: bool = False  # by when reported (else by id, oldest first)
    # Who reads: the private cases of these (a grid worker's) communities and this reporter.
    worker_communities: frozenset[int] = frozenset()
    viewer_account: int | None = None


def visible(where: CaseFilter) -> Q:
    shown = Q(is_public=True)
    if where.worker_communities:
        shown |= Q(community_id__in=sorted(where.worker_communities))
    if where.viewer_account is not None:
        shown |= Q(reporter_id=where.viewer_account)
    return shown


def _matching(where: CaseFilter) -> Any:
    """The cases the filter names, of those the reader may see (in no order)."""
    ids = ("community_id", "compound_id", "category_id", "reporter_id", "assignee_id")
    named: dict[str, Any] = {name: getattr(where, name) for name in ids}
    named["submitted_at__gte"] = where.submitted_after
    named["submitted_at__lt"] = where.submitted_before
    for lookup, values in (
        ("category_id__in", where.category_ids),
        ("state__in", where.states),
        ("reference__in", where.references),
    ):
        named[lookup] = None if values is None else sorted(values)
    query = CouncilCase.filter(visible(where), **{k: v for k, v in named.items() if v is not None})
    if where.text:
        query = query.filter(search_text__contains=normalise(where.text))
    return query


async def list_cases(where: CaseFilter, *, first: int | None, after: str | None) -> Page:
    """By id, oldest first, or by when reported, newest first (a cursor is of one order)."""
    if where.newest_first:
        return await time_keyset_page(
            _matching(where), CASE_FIELDS, "submitted_at", first=first, after=after, descending=True
        )
    return await keyset_page(_matching(where), CASE_FIELDS, first=first, after=after)


async def cases_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(CouncilCase, CASE_FIELDS, ids)


async def case_now(case_id: int) -> dict[str, Any]:
    (row,) = await cases_by_id([case_id])
    assert row is not None, "a case is never deleted"
    return row


async def public_timelines(ids: list[int]) -> list[list[dict[str, Any]]]:
    return await timelines(SUBJECT, ids, staff=False)


async def staff_timelines(ids: list[int]) -> list[list[dict[str, Any]]]:
    return await timelines(SUBJECT, ids, staff=True)


async def photos_of(ids: list[int]) -> list[list[dict[str, Any]]]:
    return await rows_by_parent(CasePhoto, PHOTO_FIELDS, "case_id", ids)


async def photos_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(CasePhoto, PHOTO_FIELDS, ids)


async def referrals_of(ids: list[int]) -> list[list[dict[str, Any]]]:
    return await rows_by_parent(CaseReferral, REFERRAL_FIELDS, "case_id", ids)


async def meetings_of(ids: list[int]) -> list[list[dict[str, Any]]]:
    order = ("held_at", "id")
    return await rows_by_parent(CaseMeeting, MEETING_FIELDS, "case_id", ids, order_by=order)


async def outcomes_of(ids: list[int]) -> list[dict[str, Any] | None]:
    rows = await CaseOutcome.filter(case_id__in=ids).values(*OUTCOME_FIELDS)
    by_case = {row["case_id"]: row for row in rows}
    return [by_case.get(i) for i in ids]


async def worker_for(account_id: int | None, community_id: int) -> dict[str, Any] | None:
    """The community worker an account is in this community (the first, if several)."""
    if account_id is None:
        return None
    query = CommunityWorker.filter(account_id=account_id, community_id=community_id)
    return await query.order_by("id").first().values("id", "name", "account_id")


def _public_matching(text: str) -> Any:
    words = normalise(text)
    return CouncilCase.filter(is_public=True, search_text__contains=words)


async def search_public(text: str, first: int) -> tuple[list[dict[str, Any]], int, int]:
    """Public cases whose words contain ``text``: the newest ``first``, how many in all,
    and how many of those are samples."""
    found = await _public_matching(text).order_by("-id").limit(first).values(*CASE_FIELDS)
    total = await _public_matching(text).count()
    samples = await _public_matching(text).filter(is_sample=True).count()
    return found, total, samples
