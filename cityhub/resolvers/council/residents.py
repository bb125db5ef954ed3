"""Residents (an account and its compound) and the talent pool (人才库): joining it, and
finding members whose skills fit, for grid workers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.council.communities import AreaKind, CouncilArea
from cityhub.models.council.residents import Resident, Skill, TalentMember
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.transactions import atomic

RESIDENT_FIELDS = (
    "id",
    "account_id",
    "compound_id",
    "building",
    "sms_alerts",
    "joined_at",
    "is_sample",
    "account__display_name",
    "account__phone",
)
TALENT_FIELDS = (
    "id",
    "resident_id",
    "skills",
    "party_member",
    "graduate",
    "technician",
    "volunteer",
    "occupation",
    "availability",
    "consent",
    "joined_at",
    "is_sample",
    "resident__compound_id",
    "resident__compound__community_id",
    "resident__account__display_name",
    "resident__account__phone",
)
TEXT_MAX = 100
BUILDING_MAX = 40


@dataclass(frozen=True)
class TalentOffer:
    """What a resident offers the talent pool, and where they live."""

    compound_id: int | None
    skills: tuple[Skill, ...]
    party_member: bool = False
    graduate: bool = False
    technician: bool = False
    volunteer: bool = False
    occupation: str = ""
    availability: str = ""
    consent: bool = False
    building: str | None = None  # None: keep what was given before
    sms_alerts: bool | None = None


async def resident_of(account_ids: list[int]) -> list[dict[str, Any] | None]:
    rows = await Resident.filter(account_id__in=account_ids).values(*RESIDENT_FIELDS)
    by_account = {row["account_id"]: row for row in rows}
    return [by_account.get(i) for i in account_ids]


async def talent_of(resident_ids: list[int]) -> list[dict[str, Any] | None]:
    rows = await TalentMember.filter(resident_id__in=resident_ids).values(*TALENT_FIELDS)
    by_resident = {row["resident_id"]: row for row in rows}
    return [by_resident.get(i) for i in resident_ids]


async def talent_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(TalentMember, TALENT_FIELDS, ids)


def _checked(offer: TalentOffer) -> list[Problem]:
    too_long = N_("最多 {max} 个字")
    problems = [
        Problem("TOO_LONG", too_long, name, {"max": TEXT_MAX})
        for name, value in (("occupation", offer.occupation), ("availability", offer.availability))
        if len(value.strip()) > TEXT_MAX
    ]
    if len((offer.building or "").strip()) > BUILDING_MAX:
        problems.append(Problem("TOO_LONG", too_long, "building", {"max": BUILDING_MAX}))
    if not offer.skills and not (offer.party_member or offer.volunteer):
        message = N_("请至少选择一项专长，或说明是党员或志愿者")
        problems.append(Problem("SKILLS_REQUIRED", message, "skills"))
    return problems


async def home_communities(account_ids: list[int]) -> list[int | None]:
    """The community each account lives in as a resident (None: not a resident)."""
    rows = await Resident.filter(account_id__in=account_ids).values(
        "account_id", "compound__community_id"
    )
    by_account = {row["account_id"]: row["compound__community_id"] for row in rows}
    return [by_account.get(i) for i in account_ids]


async def _known_compound(compound_id: int | None) -> int:
    found = await CouncilArea.filter(id=compound_id or 0, kind=AreaKind.COMPOUND).exists()
    if not found:
        raise Rejected(Problem("UNKNOWN_COMPOUND", N_("请选择您居住的小区"), "compound"))
    return int(compound_id or 0)


async def _compound(offer: TalentOffer, resident: dict[str, Any] | None) -> int:
    if offer.compound_id is None and resident is not None:
        return int(resident["compound_id"])
    return await _known_compound(offer.compound_id)


async def register(viewer: Viewer, compound_id: int, building: str | None, sms: bool | None) -> int:
    """The viewer's resident record, made or moved to ``compound_id``; its id. A building
    or SMS choice not given (None) stays as it was."""
    assert viewer.account_id is not None
    values: dict[str, Any] = {"compound_id": compound_id}
    if building is not None:
        values["building"] = building.strip()
    if sms is not None:
        values["sms_alerts"] = sms
    resident = await Resident.filter(account_id=viewer.account_id).first().values("id")
    if resident:
        await Resident.filter(id=resident["id"]).update(**values)
        return int(resident["id"])
    made = await Resident.create(account_id=viewer.account_id, joined_at=clock.now(), **values)
    return int(made.id)


async def register_residence(
    viewer: Viewer, compound_id: int | None, building: str | None, sms: bool | None
) -> dict[str, Any]:
    """Make the viewer a resident of a compound (or move them to it), without joining the
    talent pool; their resident record. A building or SMS choice not given stays."""
    if viewer.account_id is None:
        raise Rejected(Problem("UNAUTHENTICATED", N_("请先登录"), None))
    if len((building or "").strip()) > BUILDING_MAX:
        limit = {"max": BUILDING_MAX}
        raise Rejected(Problem("TOO_LONG", N_("最多 {max} 个字"), "building", limit))
    compound = await _known_compound(compound_id)
    async with atomic():
        await register(viewer, compound, building, sms)
    (row,) = await resident_of([viewer.account_id])
    assert row is not None
    return row


async def join_talent_pool(viewer: Viewer, offer: TalentOffer) -> dict[str, Any]:
    """Join (or change what one offers to) the talent pool; makes the viewer a resident of
    the compound given (required the first time)."""
    if viewer.account_id is None:
        raise Rejected(Problem("UNAUTHENTICATED", N_("请先登录"), None))
    problems = _checked(offer)
    if problems:
        raise Rejected(*problems)
    (resident,) = await resident_of([viewer.account_id])
    compound = await _compound(offer, resident)
    values: dict[str, Any] = {
        "skills": sorted({s.value for s in offer.skills}),
        "party_member": offer.party_member,
        "graduate": offer.graduate,
        "technician": offer.technician,
        "volunteer": offer.volunteer,
        "occupation": offer.occupation.strip(),
        "availability": offer.availability.strip(),
        "consent": offer.consent,
    }
    async with atomic():
        resident_id = await register(viewer, compound, offer.building, offer.sms_alerts)
        if not await TalentMember.filter(resident_id=resident_id).update(**values):
            await TalentMember.create(resident_id=resident_id, joined_at=clock.now(), **values)
    (row,) = await talent_of([resident_id])
    assert row is not None
    return row


async def talent_pool(
    community_ids: frozenset[int], skills: list[Skill], *, consenting_only: bool = True
) -> list[dict[str, Any]]:
    """Members in these communities with any of ``skills`` (all when none), those with
    more of the skills first. Only those who consented to be contacted, by default."""
    query = TalentMember.filter(resident__compound__community_id__in=list(community_ids))
    if consenting_only:
        query = query.filter(consent=True)
    rows = await query.order_by("id").values(*TALENT_FIELDS)
    wanted = {s.value for s in skills}
    if wanted:
        rows = [r for r in rows if wanted & set(r["skills"])]
    return sorted(rows, key=lambda r: -len(wanted & set(r["skills"])))
