"""The figures the source published about the neighbourhood council."""

from cityhub.seeding.facts import import_figures
from cityhub.seeding.registry import SeedDomain, SeedFile

domain = SeedDomain(files=(SeedFile("council/published_figures.json", import_figures),))
