"""Subsidised rental housing in the schema: its projects, units and operator."""

from cityhub.schema.housing.projects.portfolio import HousingProjectsQuery
from cityhub.schema.registry import SchemaDomain

domain = SchemaDomain(queries=(HousingProjectsQuery,))
