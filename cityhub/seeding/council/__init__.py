"""The neighbourhood council's seeds, in dependency order: the figures and passages the
source published, then the area tree, the organisation chain and the workers, the case
catalogue, the facilities, the sample residents with the talent pool, the cases, and the
surveys; and the sample volume of cases."""

from cityhub.seeding.council import (
    cases,
    categories,
    communities,
    facilities,
    residents,
    surveys,
    volume,
)
from cityhub.seeding.facts import import_excerpts, import_figures
from cityhub.seeding.registry import SeedDomain, SeedFile

domain = SeedDomain(
    files=(
        SeedFile("council/published_figures.json", import_figures),
        SeedFile("council/source_excerpts.json", import_excerpts),
        SeedFile("council/areas.json", communities.import_areas),
        SeedFile("council/org_units.json", communities.import_org_units),
        SeedFile("council/workers.json", communities.import_workers),
        SeedFile("council/categories.json", categories.import_categories),
        SeedFile("council/facilities.json", facilities.import_facilities),
        SeedFile("council/residents.json", residents.import_residents),
        SeedFile("council/cases.json", cases.import_cases),
        SeedFile("council/surveys.json", surveys.import_surveys),
    ),
    volume=volume.generate,
    volume_help=volume.HELP,
)
