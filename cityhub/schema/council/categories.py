"""The case catalogue in the schema (Open311's services): categories, their groups,
keywords, fitting skills and extra fields."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from cityhub.i18n import N_
from cityhub.models.council.categories import CategoryGroup
from cityhub.models.council.residents import Skill
from cityhub.resolvers.council import categories as catalogue
from cityhub.schema.connections import node_pks
from cityhub.schema.context import Info
from cityhub.schema.labels import labelled_enum

labelled_enum(
    CategoryGroup,
    {
        CategoryGroup.FACILITIES: N_("设施与充电"),
        CategoryGroup.ENVIRONMENT: N_("宠物与环境卫生"),
        CategoryGroup.SAFETY: N_("安全与纠纷"),
        CategoryGroup.PROPERTY: N_("物业管理"),
        CategoryGroup.OTHER: N_("其他"),
    },
    name="CaseCategoryGroup",
    description="The group a case category belongs to.",
)
labelled_enum(
    Skill,
    {
        Skill.ELECTRICIAN: N_("电工"),
        Skill.PLUMBER: N_("水暖工"),
        Skill.LAWYER: N_("律师"),
        Skill.DOCTOR: N_("医生"),
        Skill.NURSE: N_("护士"),
        Skill.TEACHER: N_("教师"),
        Skill.ENGINEER: N_("工程师"),
        Skill.VETERINARIAN: N_("兽医"),
        Skill.PSYCHOLOGIST: N_("心理咨询师"),
        Skill.ACCOUNTANT: N_("会计"),
        Skill.IT: N_("信息技术"),
        Skill.MEDIATOR: N_("调解员"),
    },
    name="TalentSkill",
    description="What a talent-pool member can do.",
)


@strawberry.type(description="One choice of a list attribute.")
class CaseCategoryAttributeValue:
    key: str = strawberry.field(description="What to send.")
    name: str = strawberry.field(description="What to show, in Chinese.")
    name_en: str = strawberry.field(description="What to show, in English.")


@strawberry.type(description="An extra field a category asks for (Open311's attribute).")
class CaseCategoryAttribute:
    code: str = strawberry.field(description="Its key in a case's attributes.")
    datatype: str = strawberry.field(
        description="Open311's datatype: string, number, datetime, text, singlevaluelist "
        "or multivaluelist."
    )
    required: bool = strawberry.field(description="Whether a report must give it.")
    label: str = strawberry.field(description="Its label in Chinese.")
    label_en: str = strawberry.field(description="Its label in English.")
    values: list[CaseCategoryAttributeValue] = strawberry.field(
        description="The choices of a list attribute (empty for others)."
    )

    @classmethod
    def of(cls, item: dict[str, Any]) -> CaseCategoryAttribute:
        return cls(
            code=item["code"],
            datatype=item["datatype"],
            required=bool(item.get("required")),
            label=item["label"],
            label_en=item.get("label_en", ""),
            values=[
                CaseCategoryAttributeValue(
                    key=v["key"], name=v["name"], name_en=v.get("name_en", "")
                )
                for v in item.get("values", [])
            ],
        )


@strawberry.type(description="A category of council case (Open311's service).")
class CaseCategory(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="Its code (Open311 service_code).")
    name: str = strawberry.field(description="Its name in Chinese.")
    name_en: str = strawberry.field(description="Its name in English.")
    description: str = strawberry.field(description="What it covers, in Chinese.")
    description_en: str = strawberry.field(description="What it covers, in English.")
    group: CategoryGroup = strawberry.field(description="Its group.")
    keywords: list[str] = strawberry.field(description="Words that point to it.")
    skills: list[Skill] = strawberry.field(description="Talent-pool skills that fit its cases.")
    attributes: list[CaseCategoryAttribute] = strawberry.field(
        description="Its own extra fields (empty when it has none)."
    )
    is_sample: bool = strawberry.field(
        description="Sample data (示例): a category of CityHub's own, not from the source."
    )

    @classmethod
    def from_row(cls, row: dict) -> CaseCategory:
        known = {s.value for s in Skill}
        return cls(
            id=row["id"],
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            description=row["description"],
            description_en=row["description_en"],
            group=CategoryGroup(row["group"]),
            keywords=list(row["keywords"]),
            skills=[Skill(s) for s in row["skills"] if s in known],
            attributes=[CaseCategoryAttribute.of(a) for a in row["attributes"]],
            is_sample=row["is_sample"],
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Any, required: bool = False):
        rows = await catalogue.categories_by_id([i or 0 for i in node_pks(node_ids)])
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type
class CaseCategoriesQuery:
    @strawberry.field(description="The case categories residents can report under, in order.")
    async def case_categories(self, info: Info) -> list[CaseCategory]:
        return [CaseCategory.from_row(row) for row in await catalogue.categories()]
