"""Subsidised rental housing in the schema: its projects, units and operator, the
explained eligibility check with its policy numbers, and the rental applications."""

from cityhub.schema.housing.applications.fund import RentalFundStepsMutation
from cityhub.schema.housing.applications.steps import (
    RentalApplicationsMutation,
    RentalApplicationsQuery,
    RentalApplicationsViewer,
)
from cityhub.schema.housing.eligibility import EligibilityMutation, EligibilityQuery
from cityhub.schema.housing.projects.portfolio import HousingProjectsQuery
from cityhub.schema.housing.projects.search import housing_figures, search_projects
from cityhub.schema.registry import SchemaDomain

domain = SchemaDomain(
    queries=(HousingProjectsQuery, EligibilityQuery, RentalApplicationsQuery),
    mutations=(EligibilityMutation, RentalApplicationsMutation, RentalFundStepsMutation),
    viewer=(RentalApplicationsViewer,),
    search=search_projects,
    figures=housing_figures,
)
