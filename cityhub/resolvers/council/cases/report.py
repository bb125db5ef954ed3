"""Reporting a case: a signed-in resident online, or a grid worker writing down what a
resident said on the phone or at the office (on their behalf, with the channel). The
category's own fields are checked against its definition; the case, its photos, its
first timeline entry, the reporter's follow and the compound's alerts are written
together, or nothing is."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from cityhub import clock
from cityhub.errors import Forbidden, Problem, Rejected, Unauthenticated
from cityhub.i18n import N_
from cityhub.models.council.cases import CasePhoto, CouncilCase
from cityhub.models.council.communities import AreaKind, CouncilArea
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers import uploads, workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.council import COUNCIL_REPORT, GRID_WORKER
from cityhub.resolvers.council.cases import SUBJECT, normalise, policy, reference
from cityhub.resolvers.council.cases.alerts import new_case
from cityhub.resolvers.council.cases.attributes import checked_attributes
from cityhub.resolvers.council.cases.workflow import CASE_WORKFLOW
from cityhub.resolvers.council.categories import categories_by_id
from cityhub.resolvers.council.communities import worker_communities
from cityhub.resolvers.transactions import atomic

TITLE = (4, 60)
DESCRIPTION = (10, 2000)
ADDRESS_MAX = 200
NAME_MAX = 40
PHOTO_TYPES = ("image/jpeg", "image/png")


@dataclass(frozen=True)
class OnBehalf:
    """A resident who phoned or came in, as the grid worker wrote them down."""

    name: str
    phone: str
    channel: workflow.Channel


@dataclass(frozen=True)
class CaseReport:
    category_id: int | None
    compound_id: int | None
    title: str
    description: str
    address: str = ""
    lat: float | None = None
    lng: float | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    anonymous: bool = False
    is_public: bool = True
    on_behalf: OnBehalf | None = None


def _length(value: str, bounds: tuple[int, int], name: str) -> list[Problem]:
    least, most = bounds
    if not least <= len(value.strip()) <= most:
        message = N_("请填写 {min} 到 {max} 个字")
        return [Problem("INVALID_LENGTH", message, name, {"min": least, "max": most})]
    return []


def _text_problems(report: CaseReport) -> list[Problem]:
    problems = [
        *_length(report.title, TITLE, "title"),
        *_length(report.description, DESCRIPTION, "description"),
    ]
    if len(report.address) > ADDRESS_MAX:
        message = N_("最多 {max} 个字")
        problems.append(Problem("TOO_LONG", message, "address", {"max": ADDRESS_MAX}))
    if (report.lat is None) != (report.lng is None):
        problems.append(Problem("INVALID_LOCATION", N_("经度和纬度须同时填写"), "location"))
    return problems


def _behalf_problems(behalf: OnBehalf | None) -> list[Problem]:
    if behalf is None:
        return []
    problems = []
    if not 1 <= len(behalf.name.strip()) <= NAME_MAX:
        problems.append(Problem("NAME_REQUIRED", N_("请填写来电或来访居民的称呼"), "reporterName"))
    allowed = (workflow.Channel.PHONE, workflow.Channel.IN_PERSON, workflow.Channel.SYSTEM)
    if behalf.channel not in allowed:
        message = N_("代为登记只用于电话或现场反映")
        problems.append(Problem("INVALID_CHANNEL", message, "channel"))
    return problems


async def _place(report: CaseReport) -> tuple[dict[str, Any], dict[str, Any]]:
    """The category (active) and the compound the case is about."""
    (category,) = await categories_by_id([report.category_id or 0])
    compound = await (
        CouncilArea.filter(id=report.compound_id or 0, kind=AreaKind.COMPOUND)
        .first()
        .values("id", "community_id", "name")
    )
    problems = []
    if category is None or not category["is_active"]:
        problems.append(Problem("UNKNOWN_CATEGORY", N_("找不到该事项类别"), "category"))
    if compound is None:
        problems.append(Problem("UNKNOWN_COMPOUND", N_("找不到该小区"), "compound"))
    if problems:
        raise Rejected(*problems)
    assert category is not None
    assert compound is not None
    return category, compound


def _relayed(viewer: Viewer, behalf: OnBehalf | None) -> dict[str, Any]:
    """A partner app (an API key with council:report) relaying a resident's report."""
    if not viewer.has_scope(COUNCIL_REPORT):
        raise Forbidden(N_("该 API 密钥不能提交议事"))
    if behalf is None:
        message = N_("请填写反映问题的居民")
        raise Rejected(Problem("NAME_REQUIRED", message, "onBehalf"))
    return {
        "reporter_id": None,
        "reporter_name": behalf.name.strip(),
        "reporter_phone": behalf.phone.strip(),
        "channel": workflow.Channel.SYSTEM,
    }


async def _reporter(viewer: Viewer, report: CaseReport, community: int) -> dict[str, Any]:
    """Who the case belongs to: the signed-in resident; or (on behalf) no account, the
    name and phone the grid worker took down, and the worker who did; or a resident
    whose report a partner app relays."""
    behalf = report.on_behalf
    if viewer.account_id is None:
        if not viewer.is_authenticated:
            raise Unauthenticated(N_("请先登录再反映问题"))
        return _relayed(viewer, behalf)
    if behalf is None:
        return {"reporter_id": viewer.account_id, "channel": workflow.Channel.ONLINE}
    if behalf.channel == workflow.Channel.SYSTEM:
        message = N_("代为登记只用于电话或现场反映")
        raise Rejected(Problem("INVALID_CHANNEL", message, "channel"))
    (units,) = await worker_communities([viewer.account_id])
    if not viewer.has_role(GRID_WORKER) or community not in units:
        message = N_("只有本社区的网格员可以代居民登记")
        raise Rejected(Problem("FORBIDDEN", message, "onBehalf"))
    return {
        "reporter_id": None,
        "reporter_name": behalf.name.strip(),
        "reporter_phone": behalf.phone.strip(),
        "recorded_by_id": viewer.account_id,
        "channel": behalf.channel,
    }


async def photo_policy(upload_policy: uploads.UploadPolicy) -> uploads.UploadPolicy:
    """The platform's upload limits, with the council's photos per report or update."""
    most = (await policy())["photos_max"]
    return uploads.UploadPolicy(
        upload_policy.folder, upload_policy.max_bytes, min(upload_policy.max_files, most)
    )


def photo_problems(
    photos: list[uploads.IncomingFile], limited: uploads.UploadPolicy
) -> list[Problem]:
    problems = uploads.check_files(photos, limited, "photos")
    return (
        problems
        + [
            Problem("NOT_A_PHOTO", N_("照片须为 JPEG 或 PNG"), "photos")
            for item in photos
            if (uploads.sniff(item.data) or PHOTO_TYPES)[0] not in PHOTO_TYPES
        ][:1]
    )


async def report_case(
    viewer: Viewer,
    report: CaseReport,
    photos: list[uploads.IncomingFile],
    upload_policy: uploads.UploadPolicy,
) -> int:
    """Check everything, then write it all; returns the case's id."""
    problems = [*_text_problems(report), *_behalf_problems(report.on_behalf)]
    limited = await photo_policy(upload_policy)
    problems += photo_problems(photos, limited)
    if problems:
        raise Rejected(*problems)
    category, compound = await _place(report)
    attributes = checked_attributes(category["attributes"], report.attributes)
    who = await _reporter(viewer, report, compound["community_id"])
    return await _write(viewer, report, category, compound, attributes, who, photos, limited)


def _columns(
    report: CaseReport, category: dict[str, Any], compound: dict[str, Any]
) -> dict[str, Any]:
    return {
        "community_id": compound["community_id"],
        "compound_id": compound["id"],
        "category_id": category["id"],
        "title": report.title.strip(),
        "description": report.description.strip(),
        "address": report.address.strip(),
        "lat": report.lat,
        "lng": report.lng,
        "anonymous": report.anonymous,
        "is_public": report.is_public,
        "search_text": normalise(report.title, report.description, report.address),
    }


async def _keep(
    case_id: int,
    number: str,
    report: CaseReport,
    compound: dict[str, Any],
    stored: list[uploads.StoredFile],
    reporter: int | None,
) -> None:
    """The report's photos (with its first entry), the reporter's follow, the alerts."""
    entry = await TimelineEntry.filter(subject_type=SUBJECT, subject_id=case_id).first()
    assert entry is not None, "start wrote the first entry"
    now = clock.now()
    await CasePhoto.bulk_create(
        [CasePhoto(case_id=case_id, entry_id=entry.id, uploaded_at=now, **vars(s)) for s in stored]
    )
    row = {"id": case_id, "reference": number, "title": report.title.strip(), "is_sample": False}
    row |= {"is_public": report.is_public, "compound_id": compound["id"]}
    await new_case(row, entry.id, reporter)


async def _write(
    viewer: Viewer,
    report: CaseReport,
    category: dict[str, Any],
    compound: dict[str, Any],
    attributes: dict[str, Any],
    who: dict[str, Any],
    photos: list[uploads.IncomingFile],
    upload_policy: uploads.UploadPolicy,
) -> int:
    now = clock.now()
    channel = who.pop("channel")
    stored: list[uploads.StoredFile] = []
    try:
        async with atomic():
            created = await CouncilCase.create(
                reference=f"NEW-{secrets.token_hex(8)}",
                state=CASE_WORKFLOW.initial,
                submitted_at=now,
                updated_at=now,
                attributes=attributes,
                **_columns(report, category, compound),
                **who,
            )
            number = reference(clock.local_date(now).year, created.id)
            await CouncilCase.filter(id=created.id).update(reference=number)
            await workflow.start(CASE_WORKFLOW, created.id, workflow.Actor(viewer, channel))
            stored = await uploads.store(photos, upload_policy, "council")
            await _keep(created.id, number, report, compound, stored, who.get("reporter_id"))
    except BaseException:
        uploads.remove(stored, upload_policy)
        raise
    return created.id
