"""What a domain brings to seeding: its seed files with their importers, and its volume."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from cityhub.domains import declarations
from cityhub.seeding.imports import ImportCounts

Importer = Callable[[list[dict[str, Any]]], Awaitable[ImportCounts]]
# (stage, done, total): how far a generator has got, for the CLI's progress bars.
Progress = Callable[[str, int, int], None]
# (scale, seed, progress) -> rows added, by what they are ("members": 65000). A generator
# completes exactly what is missing at that scale (a re-run after a kill finishes the job),
# drawing each batch from seeding.batches.unit_random(seed, ...) and committing it whole.
VolumeGenerator = Callable[[int, int, Progress], Awaitable[dict[str, int]]]


@dataclass(frozen=True)
class SeedFile:
    """A file under seeds/ ({"records": [...]}) and the function that imports it."""

    name: str
    load: Importer


@dataclass(frozen=True)
class SeedDomain:
    """A domain's seeds, in dependency order, and its sample-volume generator."""

    files: tuple[SeedFile, ...] = ()
    volume: VolumeGenerator | None = None
    volume_help: str = ""  # what `cityhub seed --scale 1` makes, for its --help


def installed() -> list[SeedDomain]:
    found = declarations("seeding")
    assert all(isinstance(d, SeedDomain) for d in found)
    # Every one is (asserted above); the filter narrows the type.
    return [d for d in found if isinstance(d, SeedDomain)]
