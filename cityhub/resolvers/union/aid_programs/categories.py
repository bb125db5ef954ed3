"""Medical categories as policy data: the kinds of cost medical mutual aid may cover, which
admins add and change (audited) and programs cover by code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_, Localized
from cityhub.models.union.aid_programs import MedicalCategory
from cityhub.resolvers import audit
from cityhub.resolvers.accounts import Viewer

AUDIT_SUBJECT = "medical_category"
CATEGORY_FIELDS = (
    "id",
    "code",
    "name",
    "name_en",
    "description",
    "description_en",
    "sort_order",
    "active",
    "yearly_limited",
    "sample_fields",
)
CODE_MAX = 24  # aid_application.category holds a code
CODE = re.compile(r"[a-z][a-z0-9_]{1,23}")
# (field, least, most characters)
TEXT_BOUNDS = (
    ("name", 1, 50),
    ("name_en", 1, 100),
    ("description", 0, 500),
    ("description_en", 0, 1000),
)
SORT_MAX = 100_000


@dataclass(frozen=True)
class CategoryFields:
    """A category's policy fields; None leaves a field as it is (or its default on create)."""

    name: str | None = None
    name_en: str | None = None
    description: str | None = None
    description_en: str | None = None
    sort_order: int | None = None
    active: bool | None = None
    yearly_limited: bool | None = None

    def given(self) -> dict[str, Any]:
        found = {k: v for k, v in self.__dict__.items() if v is not None}
        return {k: v.strip() if isinstance(v, str) else v for k, v in found.items()}


def normal_code(code: str) -> str:
    return code.strip().lower()


def name_of(row: dict[str, Any]) -> Localized:
    return Localized(row["name"], row["name_en"])


async def list_categories(*, active_only: bool) -> list[dict[str, Any]]:
    query = MedicalCategory.filter(active=True) if active_only else MedicalCategory.all()
    return await query.order_by("sort_order", "code").values(*CATEGORY_FIELDS)


async def categories_by_code(codes: list[str]) -> list[dict[str, Any] | None]:
    rows = await MedicalCategory.filter(code__in=set(codes)).values(*CATEGORY_FIELDS)
    found = {row["code"]: row for row in rows}
    return [found.get(code) for code in codes]


async def category_by_code(code: str) -> dict[str, Any] | None:
    (row,) = await categories_by_code([normal_code(code)])
    return row


# Fields as the API names them (the Chinese texts are nameZh and descriptionZh there).
API_NAMES = {
    "name": "nameZh",
    "name_en": "nameEn",
    "description": "descriptionZh",
    "description_en": "descriptionEn",
    "sort_order": "sortOrder",
    "active": "active",
    "yearly_limited": "countsTowardYearlyLimit",
}


def _camel(name: str) -> str:
    return API_NAMES[name]


def api_name(name: str) -> str:
    return API_NAMES.get(name, name)


def check_fields(given: dict[str, Any]) -> list[Problem]:
    problems = []
    for name, least, most in TEXT_BOUNDS:
        value = given.get(name)
        if value is not None and not least <= len(value) <= most:
            message = N_("长度须在 {least}-{most} 个字之间")
            problems.append(
                Problem("INVALID", message, _camel(name), {"least": least, "most": most})
            )
    order = given.get("sort_order")
    if order is not None and not 0 <= order <= SORT_MAX:
        message = N_("排序须在 0 到 {most} 之间")
        problems.append(Problem("INVALID", message, "sortOrder", {"most": SORT_MAX}))
    return problems


async def create_category(viewer: Viewer, code: str, fields: CategoryFields) -> dict[str, Any]:
    """A new category; it covers nothing until a program lists it (updateAidProgram)."""
    code = normal_code(code)
    given = {"description": "", "description_en": "", **fields.given()}
    problems = check_fields(given)
    if not CODE.fullmatch(code):
        message = N_("代码须为 2-24 个小写字母、数字或下划线，以字母开头")
        problems.insert(0, Problem("INVALID_CODE", message, "code"))
    for name in ("name", "name_en"):
        if name not in given:
            problems.append(Problem("INVALID", N_("请填写名称"), _camel(name)))
    if not problems and await MedicalCategory.filter(code=code).exists():
        problems.append(
            Problem("DUPLICATE_CODE", N_("已有代码为 {code} 的费用类别"), "code", {"code": code})
        )
    if problems:
        raise Rejected(*problems)
    async with in_transaction():
        created = await MedicalCategory.create(code=code, **given)
        (row,) = await categories_by_code([code])
        assert row is not None, "the category was just written"
        changes = {name: [None, row[name]] for name in CATEGORY_FIELDS if name != "id"}
        await audit.record(viewer, "medical_category.create", AUDIT_SUBJECT, created.id, changes)
    return row


async def update_category(viewer: Viewer, code: str, fields: CategoryFields) -> dict[str, Any]:
    """Change a category's texts, order, whether it is offered and whether it counts toward
    the yearly limit; each change is audited as {field: [old, new]}. A text set here is
    policy, not sample, so it leaves ``sample_fields``."""
    before = await category_by_code(code)
    if before is None:
        message = N_("未知的费用类别：{category}")
        raise Rejected(Problem("UNKNOWN_CATEGORY", message, "code", {"category": code}))
    given = fields.given()
    if problems := check_fields(given):
        raise Rejected(*problems)
    after = {name: value for name, value in given.items() if before[name] != value}
    if after:
        after["sample_fields"] = [f for f in before["sample_fields"] if f not in after]
    if differences := audit.differences(before, after):
        async with in_transaction():
            await MedicalCategory.filter(id=before["id"]).update(**after)
            await audit.record(
                viewer, "medical_category.update", AUDIT_SUBJECT, before["id"], differences
            )
    row = await category_by_code(before["code"])
    assert row is not None, "the category was read above"
    return row
