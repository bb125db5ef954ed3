"""The passages the source published about city events (the art exams' registration)."""

from cityhub.seeding.facts import import_excerpts
from cityhub.seeding.registry import SeedDomain, SeedFile

domain = SeedDomain(files=(SeedFile("events/source_excerpts.json", import_excerpts),))
