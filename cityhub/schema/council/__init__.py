"""The neighbourhood council in the schema: its communities (area tree, organisation
chain, workers, facilities), the case catalogue, the talent pool, the cases, and the surveys."""

from cityhub.schema.council.cases.actions import CaseStepsMutation
from cityhub.schema.council.cases.query import CasesQuery, CasesViewer
from cityhub.schema.council.cases.steps import CasesMutation
from cityhub.schema.council.categories import CaseCategoriesQuery
from cityhub.schema.council.communities import CommunitiesQuery, council_figures
from cityhub.schema.council.residents import ResidentsMutation, ResidentsQuery, ResidentsViewer
from cityhub.schema.council.search import search_council
from cityhub.schema.council.surveys import SurveysMutation, SurveysQuery
from cityhub.schema.registry import SchemaDomain

domain = SchemaDomain(
    queries=(CommunitiesQuery, CaseCategoriesQuery, ResidentsQuery, CasesQuery, SurveysQuery),
    mutations=(ResidentsMutation, CasesMutation, CaseStepsMutation, SurveysMutation),
    viewer=(ResidentsViewer, CasesViewer),
    search=search_council,
    figures=council_figures,
)
