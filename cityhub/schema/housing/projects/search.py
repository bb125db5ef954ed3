"""What the housing projects bring to the site search and to the city's live figures."""

from __future__ import annotations

from strawberry import relay

from cityhub.i18n import N_
from cityhub.resolvers.housing import projects as housing
from cityhub.schema.context import Info
from cityhub.schema.figures import CityFigure
from cityhub.schema.housing.projects import HousingProject, projects_from_rows
from cityhub.schema.search import SearchHit, SearchSection


def _hit(info: Info, project: HousingProject) -> SearchHit:
    english = info.context.locale != "zh-CN"
    district = project.district.name_en if english else project.district.name
    address = project.address_en if english and project.address_en else project.address
    return SearchHit(
        title=project.name_en if english and project.name_en else project.name,
        summary=f"{district} · {address}",
        path=f"/housing/projects/{relay.to_base64('HousingProject', project.id)}",
        is_sample=project.is_sample,
        node=project,
    )


async def search_projects(info: Info, text: str, first: int) -> SearchSection:
    """Projects whose name or address (in Chinese or English) contains ``text``; every
    project is a public record."""
    page = await housing.list_projects(housing.ProjectFilter(text=text), first=first, after=None)
    found = await projects_from_rows(info, page.rows)
    return SearchSection(
        domain="housing",
        label=info.context._(N_("保租房项目")),
        total_count=await page.count(),
        sample_count=await page.sample_count() if page.sample_count else 0,
        hits=[_hit(info, project) for project in found],
    )


async def housing_figures(info: Info) -> list[CityFigure]:
    """The operator's live portfolio for the city dashboard (the published figures are
    apart, in publishedFigures)."""
    live = await housing.portfolio()
    say = info.context._
    return [
        CityFigure(
            key="housing.projects_operating",
            domain="housing",
            label=say(N_("已运营的保租房项目")),
            value=live.projects_operating,
            sample_count=live.sample_projects_operating,
            unit=say(N_("个")),
        ),
        CityFigure(
            key="housing.units_available",
            domain="housing",
            label=say(N_("可预订的保租房房源")),
            value=live.units_available,
            sample_count=live.sample_units_available,
            unit=say(N_("套")),
        ),
    ]
