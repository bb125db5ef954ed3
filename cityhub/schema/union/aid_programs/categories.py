"""Medical categories in the schema: policy data anyone may list and admins add or change
(audited); programs cover them and claims name them by code."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.i18n import Localized
from cityhub.resolvers.registry import ADMIN
from cityhub.resolvers.union.aid_programs import categories
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.inputs import max_length
from cityhub.schema.permissions import allow

CODE = Annotated[
    str,
    strawberry.argument(
        description="The category's code, e.g. hospitalisation.", directives=max_length(24)
    ),
]


class MedicalCategoryByCodeLoader(DataLoader[str, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=categories.categories_by_code)


def localized(info: Info, zh: str, en: str) -> str:
    return Localized(zh, en).pick(info.context.locale)


@strawberry.type(
    description="A kind of cost medical mutual aid may cover (住院, 慢性病门诊, 特药, and any an "
    "admin adds): policy data, not code. Programs list the ones they cover; claims name "
    "one by its code. Texts the source does not give are listed in sampleFields."
)
class MedicalCategory:
    code: str = strawberry.field(description="Stable code claims use, e.g. chronic_outpatient.")
    name_zh: str = strawberry.field(description="Name in Chinese, e.g. 慢性病门诊.")
    name_en: str = strawberry.field(description="Name in English.")
    description_zh: str = strawberry.field(description="What it covers, in Chinese.")
    description_en: str = strawberry.field(description="What it covers, in English.")
    sort_order: int = strawberry.field(description="Lists show lower numbers first.")
    active: bool = strawberry.field(
        description="Offered for new claims; an inactive category stays on the claims that name it."
    )
    counts_toward_yearly_limit: bool = strawberry.field(
        description="Its claims count toward the program's yearly per-member limit "
        "(chronicOutpatientPerYear), e.g. 慢性病门诊 (每年办理一次)."
    )
    sample_fields: list[str] = strawberry.field(
        description="Fields holding sample texts, not the source's (shown as 示例)."
    )

    @strawberry.field(description="Name in your language.")
    def name(self, info: Info) -> str:
        return localized(info, self.name_zh, self.name_en)

    @strawberry.field(description="What it covers, in your language.")
    def description(self, info: Info) -> str:
        return localized(info, self.description_zh, self.description_en)

    @classmethod
    def from_row(cls, row: dict) -> MedicalCategory:
        return cls(
            code=row["code"],
            name_zh=row["name"],
            name_en=row["name_en"],
            description_zh=row["description"],
            description_en=row["description_en"],
            sort_order=row["sort_order"],
            active=row["active"],
            counts_toward_yearly_limit=row["yearly_limited"],
            sample_fields=[categories.api_name(name) for name in row["sample_fields"]],
        )


async def categories_for(info: Info, codes: list[str]) -> list[dict]:
    """The rows of ``codes`` that exist, in the categories' order."""
    rows = await info.context.loader(MedicalCategoryByCodeLoader).load_many(codes)
    return sorted((r for r in rows if r), key=lambda r: (r["sort_order"], r["code"]))


async def category_rows(info: Info, codes: list[str | None]) -> dict[str, dict | None]:
    """{code: its row, None when no category has it} for the codes given (one batch)."""
    wanted = sorted({code for code in codes if code})
    found = await info.context.loader(MedicalCategoryByCodeLoader).load_many(wanted)
    return dict(zip(wanted, found, strict=True))


@strawberry.input(
    description="A medical category's fields; omitted ones stay as they are (on create: "
    "empty descriptions, sortOrder 0, active, not limited)."
)
class MedicalCategoryFields:
    name_zh: str | None = strawberry.field(
        default=None, description="1-50 characters.", directives=max_length(50)
    )
    name_en: str | None = strawberry.field(
        default=None, description="1-100 characters.", directives=max_length(100)
    )
    description_zh: str | None = strawberry.field(
        default=None, description="At most 500 characters.", directives=max_length(500)
    )
    description_en: str | None = strawberry.field(
        default=None, description="At most 1,000 characters.", directives=max_length(1000)
    )
    sort_order: int | None = strawberry.field(default=None, description="0-100000.")
    active: bool | None = strawberry.field(default=None, description="Offered for new claims.")
    counts_toward_yearly_limit: bool | None = strawberry.field(
        default=None, description="Its claims count toward the program's yearly limit."
    )

    def to_fields(self) -> categories.CategoryFields:
        return categories.CategoryFields(
            name=self.name_zh,
            name_en=self.name_en,
            description=self.description_zh,
            description_en=self.description_en,
            sort_order=self.sort_order,
            active=self.active,
            yearly_limited=self.counts_toward_yearly_limit,
        )


@strawberry.type(description="The category after the change.")
class MedicalCategoryPayload:
    medical_category: MedicalCategory | None = strawberry.field(
        default=None, description="The category."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


@strawberry.type
class MedicalCategoriesQuery:
    @strawberry.field(description="Medical categories in their order. Public.")
    async def medical_categories(
        self,
        include_inactive: Annotated[
            bool, strawberry.argument(description="Also those no longer offered.")
        ] = False,
    ) -> list[MedicalCategory]:
        rows = await categories.list_categories(active_only=not include_inactive)
        return [MedicalCategory.from_row(row) for row in rows]


@strawberry.type
class MedicalCategoriesMutation:
    @strawberry.mutation(
        description="Add a medical category (code 2-24 lowercase letters, digits or _; "
        "nameZh and nameEn required). It covers nothing until updateAidProgram lists it. "
        "Admins; audited. Errors: INVALID_CODE, DUPLICATE_CODE, INVALID.",
        extensions=allow(roles=[ADMIN]),
    )
    async def create_medical_category(
        self, info: Info, code: CODE, fields: MedicalCategoryFields
    ) -> MedicalCategoryPayload:
        made = categories.create_category(info.context.viewer, code, fields.to_fields())
        row, errors = await attempt(info, made)
        category = MedicalCategory.from_row(row) if row else None
        return MedicalCategoryPayload(medical_category=category, user_errors=errors)

    @strawberry.mutation(
        description="Change a medical category; its code stays. Admins; every change is "
        "audited. Errors: UNKNOWN_CATEGORY, INVALID.",
        extensions=allow(roles=[ADMIN]),
    )
    async def update_medical_category(
        self, info: Info, code: CODE, fields: MedicalCategoryFields
    ) -> MedicalCategoryPayload:
        changed = categories.update_category(info.context.viewer, code, fields.to_fields())
        row, errors = await attempt(info, changed)
        category = MedicalCategory.from_row(row) if row else None
        return MedicalCategoryPayload(medical_category=category, user_errors=errors)
