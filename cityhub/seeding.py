"""`cityhub seed`: the source's facts from seeds/, loaded the same way for CLI and tests."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from tortoise.transactions import in_transaction

from cityhub.models.geo import District
from cityhub.resolvers import facts, geo
from cityhub.resolvers.imports import ImportCounts
from cityhub.resolvers.union import members, stations
from cityhub.resolvers.union.aid_enrolment import import_enrolments as import_aid_enrolments
from cityhub.resolvers.union.aid_seeds import import_applications as import_aid_applications
from cityhub.resolvers.union.aid_seeds import import_programs as import_aid_programs
from cityhub.resolvers.union.consultations import import_consultations

# In dependency order: stations refer to districts.
SEED_FILES: list[tuple[str, Callable[[list[dict]], Awaitable[ImportCounts]]]] = [
    ("geo/districts.json", geo.import_districts),
    ("facts/published_figures.json", facts.import_figures),
    ("union/stations.json", stations.import_stations),
    ("union/union.json", members.import_union),
    ("union/fleets.json", members.import_fleets),
    ("union/members.json", members.import_members),
    ("union/window_sessions.json", stations.import_window_sessions),
    ("union/aid_programs.json", import_aid_programs),
    ("union/aid_enrolments.json", import_aid_enrolments),
    ("union/aid_applications.json", import_aid_applications),
    ("union/consultations.json", import_consultations),
]


def read_seed(seeds_dir: Path, name: str) -> list[dict]:
    return json.loads((seeds_dir / name).read_text(encoding="utf-8"))["records"]


async def load_seeds(
    seeds_dir: Path, on_file: Callable[[str, ImportCounts], None] | None = None
) -> ImportCounts:
    """Load every seed file; a second run finds everything unchanged."""
    total = ImportCounts()
    for name, load in SEED_FILES:
        async with in_transaction():
            counts = await load(read_seed(seeds_dir, name))
        total += counts
        if on_file:
            on_file(name, counts)
    return total


async def is_seeded() -> bool:
    return await District.exists()
