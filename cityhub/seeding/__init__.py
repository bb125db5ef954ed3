"""`cityhub seed`: the source's facts from seeds/, loaded the same way for CLI and tests.

The platform's own files come first (the districts every domain refers to, the source
page's articles every published figure cites), then each
installed domain's files in the order it declares them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cityhub.models.geo import District
from cityhub.resolvers.transactions import atomic
from cityhub.seeding import facts, geo
from cityhub.seeding.imports import ImportCounts
from cityhub.seeding.registry import SeedFile, installed

PLATFORM_FILES = (
    SeedFile("geo/districts.json", geo.import_districts),
    SeedFile("sources/articles.json", facts.import_sources),
)


def seed_files() -> list[SeedFile]:
    return [*PLATFORM_FILES, *(f for domain in installed() for f in domain.files)]


def read_seed(seeds_dir: Path, name: str) -> list[dict[str, Any]]:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    records: list[dict[str, Any]] = json.loads(text)["records"]
    return records


async def load_seeds(
    seeds_dir: Path, on_file: Callable[[str, ImportCounts], None] | None = None
) -> ImportCounts:
    """Load every seed file, each in its own transaction; a second run changes nothing."""
    total = ImportCounts()
    for seed in seed_files():
        async with atomic():
            counts = await seed.load(read_seed(seeds_dir, seed.name))
        total += counts
        if on_file:
            on_file(seed.name, counts)
    return total


async def is_seeded() -> bool:
    return await District.exists()
