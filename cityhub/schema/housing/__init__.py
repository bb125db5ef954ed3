"""Subsidised rental housing in the schema: its projects, units and operator, and the
explained eligibility check with its policy numbers."""

from cityhub.schema.housing.eligibility import EligibilityMutation, EligibilityQuery
from cityhub.schema.housing.projects.portfolio import HousingProjectsQuery
from cityhub.schema.registry import SchemaDomain

domain = SchemaDomain(
    queries=(HousingProjectsQuery, EligibilityQuery),
    mutations=(EligibilityMutation,),
)
