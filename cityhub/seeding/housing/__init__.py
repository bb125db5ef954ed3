"""Subsidised rental housing: the source's figures and passages, the operator, its
projects and their sample units."""

from cityhub.seeding.facts import import_excerpts, import_figures
from cityhub.seeding.housing import eligibility, projects, volume
from cityhub.seeding.registry import SeedDomain, SeedFile

domain = SeedDomain(
    files=(
        SeedFile("housing/published_figures.json", import_figures),
        SeedFile("housing/source_excerpts.json", import_excerpts),
        SeedFile("housing/operator.json", projects.import_operators),
        SeedFile("housing/projects.json", projects.import_projects),
        SeedFile("housing/units.json", projects.import_units),
        SeedFile("housing/rent_policy.json", eligibility.import_policy),
    ),
    volume=volume.generate,
    volume_help=volume.HELP,
)
