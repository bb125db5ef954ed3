"""The area tree below a district, the community's organisation chain and its workers.

A grid worker acts for the communities they work in (CommunityWorker rows tied to their
account); their colleagues' phones are for grid workers' eyes only (the schema's rule).
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.council.cases import CouncilCase
from cityhub.models.council.communities import AreaKind, CommunityWorker, CouncilArea, OrgUnit
from cityhub.models.council.facilities import Facility
from cityhub.models.council.residents import TalentMember
from cityhub.models.council.surveys import SurveyResponse
from cityhub.resolvers.batching import rows_by_id, rows_by_parent

AREA_FIELDS = (
    "id",
    "code",
    "kind",
    "name",
    "name_en",
    "parent_id",
    "district_id",
    "community_id",
    "lat",
    "lng",
    "sort_order",
    "is_sample",
)
ORG_FIELDS = ("id", "community_id", "level", "name", "name_en", "area_id", "parent_id", "is_sample")
WORKER_FIELDS = (
    "id",
    "code",
    "community_id",
    "grid_id",
    "account_id",
    "name",
    "name_en",
    "duty",
    "phone",
    "office_hours",
    "is_sample",
)


async def communities() -> list[dict[str, Any]]:
    query = CouncilArea.filter(kind=AreaKind.COMMUNITY).order_by("sort_order", "id")
    return await query.values(*AREA_FIELDS)


async def areas_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(CouncilArea, AREA_FIELDS, ids)


async def children_of(ids: list[int]) -> list[list[dict[str, Any]]]:
    return await rows_by_parent(
        CouncilArea, AREA_FIELDS, "parent_id", ids, order_by=("sort_order", "id")
    )


async def areas_in(community_ids: list[int], kind: AreaKind) -> list[list[dict[str, Any]]]:
    """Each community's areas of one kind (its compounds, its grids), in order."""
    rows = (
        await CouncilArea.filter(community_id__in=community_ids, kind=kind)
        .order_by("sort_order", "id")
        .values(*AREA_FIELDS)
    )
    found: dict[int, list[dict[str, Any]]] = {i: [] for i in community_ids}
    for row in rows:
        found[row["community_id"]].append(row)
    return [found[i] for i in community_ids]


async def org_units_of(community_ids: list[int]) -> list[list[dict[str, Any]]]:
    return await rows_by_parent(
        OrgUnit, ORG_FIELDS, "community_id", community_ids, order_by=("level", "id")
    )


async def workers_of(community_ids: list[int]) -> list[list[dict[str, Any]]]:
    return await rows_by_parent(CommunityWorker, WORKER_FIELDS, "community_id", community_ids)


async def workers_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(CommunityWorker, WORKER_FIELDS, ids)


async def worker_communities(account_ids: list[int]) -> list[frozenset[int]]:
    """The communities each account works for (empty for one that works for none)."""
    rows = await CommunityWorker.filter(account_id__in=account_ids).values(
        "account_id", "community_id"
    )
    found: dict[int, set[int]] = {i: set() for i in account_ids}
    for row in rows:
        found[row["account_id"]].add(row["community_id"])
    return [frozenset(found[i]) for i in account_ids]


async def link_account(code: str, account_id: int) -> dict[str, Any]:
    """Tie a sign-in account to a community worker (a grid worker's own account; one
    account may serve several communities)."""
    worker = await CommunityWorker.filter(code=code).first().values("id")
    if worker is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该社区工作人员"), "worker"))
    await CommunityWorker.filter(id=worker["id"]).update(account_id=account_id)
    (row,) = await workers_by_id([worker["id"]])
    assert row is not None, "the worker was found above"
    return row


def _matching(text: str) -> Any:
    words = Q(name__icontains=text) | Q(name_en__icontains=text)
    return CouncilArea.filter(words, kind__in=[AreaKind.COMMUNITY, AreaKind.COMPOUND])


async def search_areas(text: str, first: int) -> tuple[list[dict[str, Any]], int, int]:
    """Communities and compounds whose name (Chinese or English) contains ``text``: the
    first ``first``, how many in all, and how many of those are samples."""
    found = await _matching(text).order_by("sort_order", "id").limit(first).values(*AREA_FIELDS)
    total = await _matching(text).count()
    samples = await _matching(text).filter(is_sample=True).count()
    return found, total, samples


async def live_counts() -> dict[str, tuple[int, int]]:
    """For the city dashboard: (count, of which samples) of compounds, facilities,
    talent-pool members, public cases and survey responses."""
    counts: dict[str, tuple[int, int]] = {}
    kinds: tuple[tuple[str, Any, dict[str, Any]], ...] = (
        ("compounds", CouncilArea, {"kind": AreaKind.COMPOUND}),
        ("facilities", Facility, {}),
        ("talent", TalentMember, {}),
        ("cases", CouncilCase, {"is_public": True}),
        ("survey_responses", SurveyResponse, {}),
    )
    for key, model, where in kinds:
        query = model.filter(**where)
        counts[key] = (await query.count(), await query.filter(is_sample=True).count())
    return counts
