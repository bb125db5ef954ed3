"""The figures and passages the source published about subsidised rental housing."""

from cityhub.seeding.facts import import_excerpts, import_figures
from cityhub.seeding.registry import SeedDomain, SeedFile

domain = SeedDomain(
    files=(
        SeedFile("housing/published_figures.json", import_figures),
        SeedFile("housing/source_excerpts.json", import_excerpts),
    )
)
