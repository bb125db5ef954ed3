"""The figures and passages the source published about the neighbourhood council."""

from cityhub.seeding.facts import import_excerpts, import_figures
from cityhub.seeding.registry import SeedDomain, SeedFile

domain = SeedDomain(
    files=(
        SeedFile("council/published_figures.json", import_figures),
        SeedFile("council/source_excerpts.json", import_excerpts),
    )
)
