"""Subsidised rental housing: the source's figures and passages, the operator, its
projects and their sample units, the rent policy, then the sample tenants with their fund
accounts (the simulator's) and their sample rental applications."""

from cityhub.seeding.facts import import_excerpts, import_figures
from cityhub.seeding.housing import applications, eligibility, fund_accounts, projects, volume
from cityhub.seeding.registry import SeedDomain, SeedFile

domain = SeedDomain(
    files=(
        SeedFile("housing/published_figures.json", import_figures),
        SeedFile("housing/source_excerpts.json", import_excerpts),
        SeedFile("housing/operator.json", projects.import_operators),
        SeedFile("housing/projects.json", projects.import_projects),
        SeedFile("housing/units.json", projects.import_units),
        SeedFile("housing/rent_policy.json", eligibility.import_policy),
        SeedFile("housing/fund_accounts.json", fund_accounts.import_fund_accounts),
        SeedFile("housing/rental_applications.json", applications.import_applications),
    ),
    volume=volume.generate,
    volume_help=volume.HELP,
)
