"""The neighbourhood council in the schema: its communities (area tree, organisation
chain, workers, facilities), the case catalogue, the talent pool, the cases, and the surveys;
and its section of the site search, here since it names both cases and surveys: its
communities and compounds, its public cases whose title or account contain the words (a
private case is never found), and its surveys by title."""

from __future__ import annotations

from strawberry import relay

from cityhub.i18n import N_
from cityhub.resolvers.council.cases import search_public
from cityhub.resolvers.council.surveys import search_surveys
from cityhub.schema.context import Info
from cityhub.schema.council.cases import cases_from_rows
from cityhub.schema.council.cases.actions import CaseStepsMutation
from cityhub.schema.council.cases.query import CasesQuery, CasesViewer
from cityhub.schema.council.cases.steps import CasesMutation
from cityhub.schema.council.categories import CaseCategoriesQuery
from cityhub.schema.council.communities import CommunitiesQuery, council_figures, search_areas
from cityhub.schema.council.residents import ResidentsMutation, ResidentsQuery, ResidentsViewer
from cityhub.schema.council.surveys import CouncilSurvey, SurveysMutation, SurveysQuery
from cityhub.schema.registry import SchemaDomain
from cityhub.schema.search import SearchHit, SearchSection


async def _case_hits(info: Info, text: str, first: int) -> tuple[list[SearchHit], int, int]:
    rows, total, samples = await search_public(text, first)
    english = info.context.locale != "zh-CN"
    hits = [
        SearchHit(
            title=(case.title_en if english and case.title_en else case.title),
            summary=f"{case.reference} · {case.state_label}",
            path=f"/council/cases/{relay.to_base64('CouncilCase', case.id)}",
            is_sample=case.is_sample,
            node=case,
        )
        for case in await cases_from_rows(info, rows)
    ]
    return hits, total, samples


async def _survey_hits(info: Info, text: str, first: int) -> tuple[list[SearchHit], int, int]:
    rows, total, samples = await search_surveys(text, first)
    english, say = info.context.locale != "zh-CN", info.context._
    hits = []
    for row in rows:
        survey = CouncilSurvey.from_row(row)
        state = say(N_("填写中")) if survey.is_open else say(N_("已结束"))
        hits.append(
            SearchHit(
                title=(survey.title_en if english and survey.title_en else survey.title),
                summary=f"{say(N_('社区问卷'))} · {state}",
                path=f"/council/surveys/{relay.to_base64('CouncilSurvey', survey.id)}",
                is_sample=survey.is_sample,
                node=survey,
            )
        )
    return hits, total, samples


async def search_council(info: Info, text: str, first: int) -> SearchSection:
    places = await search_areas(info, text, first)
    cases, total, samples = await _case_hits(info, text, max(first - len(places.hits), 0))
    left = max(first - len(places.hits) - len(cases), 0)
    surveys, survey_total, survey_samples = await _survey_hits(info, text, left)
    return SearchSection(
        domain="council",
        label=info.context._(N_("社区、小区与议事")),
        total_count=places.total_count + total + survey_total,
        sample_count=places.sample_count + samples + survey_samples,
        hits=[*places.hits, *cases, *surveys],
    )


domain = SchemaDomain(
    queries=(CommunitiesQuery, CaseCategoriesQuery, ResidentsQuery, CasesQuery, SurveysQuery),
    mutations=(ResidentsMutation, CasesMutation, CaseStepsMutation, SurveysMutation),
    viewer=(ResidentsViewer, CasesViewer),
    search=search_council,
    figures=council_figures,
)
