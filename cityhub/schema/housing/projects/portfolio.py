"""The operator, its live portfolio beside the published one, and the project queries."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from cityhub.models.housing.projects import ProjectStatus
from cityhub.resolvers.housing import projects as housing
from cityhub.schema.connections import After, Connection, First, connection, node_pk
from cityhub.schema.context import Info
from cityhub.schema.facts import PublishedFigure, PublishedFiguresByDomainLoader
from cityhub.schema.geo import NearInput
from cityhub.schema.housing.projects import HousingProject, ProjectByIdLoader, projects_from_rows
from cityhub.schema.inputs import max_length


@strawberry.type(description="The operator's portfolio as CityHub's data holds it (live).")
class HousingPortfolio:
    projects: int = strawberry.field(description="Projects raised (every status).")
    projects_operating: int = strawberry.field(description="Projects letting units.")
    planned_units: int = strawberry.field(description="Units the projects hold when complete.")
    units: int = strawberry.field(description="Units in operation (in the units list).")
    units_available: int = strawberry.field(description="Of units, those available now.")
    residents_housed: int = strawberry.field(description="People living in leased units.")
    sample_projects: int = strawberry.field(description="Of projects, the sample ones (示例).")
    sample_units: int = strawberry.field(description="Of units, the sample ones (示例).")


@strawberry.type(description="The operator of subsidised rental housing (租建投).")
class HousingOperator:
    code: str = strawberry.field(description="Stable code.")
    name: str = strawberry.field(description="Its full name in Chinese.")
    short_name: str = strawberry.field(description="Its short name, e.g. 租建投.")
    name_en: str = strawberry.field(description="Its name in English.")
    wechat_account: str = strawberry.field(
        description="The WeChat official account for applying online."
    )
    phones: list[str] = strawberry.field(description="Phones for enquiries, as published.")

    @strawberry.field(description="Live counts from the data (never the published figures).")
    async def portfolio(self) -> HousingPortfolio:
        live = await housing.portfolio()
        return HousingPortfolio(
            projects=live.projects,
            projects_operating=live.projects_operating,
            planned_units=live.planned_units,
            units=live.units,
            units_available=live.units_available,
            residents_housed=live.residents,
            sample_projects=live.sample_projects,
            sample_units=live.sample_units,
        )

    @strawberry.field(description="Figures the source published, with their date and source.")
    async def published_figures(self, info: Info) -> list[PublishedFigure]:
        rows = await info.context.loader(PublishedFiguresByDomainLoader).load("housing")
        return [PublishedFigure.from_row(row) for row in rows]


DistrictCode = Annotated[
    str | None,
    strawberry.argument(
        description="A district code (see `districts`).", directives=max_length(32)
    ),
]


@strawberry.type
class HousingProjectsQuery:
    @strawberry.field(
        description="Subsidised rental projects, by status, district or availability; by id, "
        "or nearest first with `near`."
    )
    async def housing_projects(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: Annotated[
            ProjectStatus | None, strawberry.argument(description="Raised or operating.")
        ] = None,
        district: DistrictCode = None,
        has_available_units: Annotated[
            bool | None,
            strawberry.argument(description="Only those with (true) or without (false) one."),
        ] = None,
        near: Annotated[
            NearInput | None,
            strawberry.argument(description="Only those within a radius, nearest first."),
        ] = None,
    ) -> Connection[HousingProject]:
        where = housing.ProjectFilter(
            status=status and status.value,
            district=district,
            has_available_units=has_available_units,
            near=near.to_near() if near is not None else None,
        )
        page = await housing.list_projects(where, first=first, after=after)
        return connection(page, await projects_from_rows(info, page.rows))

    @strawberry.field(description="One project by its global ID.")
    async def housing_project(self, info: Info, id: relay.GlobalID) -> HousingProject | None:
        pk = node_pk(id, "HousingProject")
        row = await info.context.loader(ProjectByIdLoader).load(pk) if pk else None
        return (await projects_from_rows(info, [row]))[0] if row else None

    @strawberry.field(description="The operator (租建投), with its live and published figures.")
    async def housing_operator(self) -> HousingOperator | None:
        row = await housing.the_operator()
        if row is None:
            return None
        return HousingOperator(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            name_en=row["name_en"],
            wechat_account=row["wechat_account"],
            phones=[p for p in row["phones"].split(",") if p],
        )
