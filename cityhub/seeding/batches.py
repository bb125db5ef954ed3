"""Generated volume in units of work: each batch drawn from its own random, committed whole,
so a run killed part-way and run again makes exactly what the uninterrupted run would."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass


def unit_random(seed: int, *unit: object) -> random.Random:
    """The random of one unit of work (a stage's batch): the same on every run whatever
    ran before it (a str seed is hashed with SHA-512, not Python's salted hash)."""
    return random.Random(":".join(str(part) for part in (seed, *unit)))  # noqa: S311


@dataclass(frozen=True)
class Batch:
    number: int
    start: int  # the first position of the stage's sequence it holds
    stop: int

    @property
    def size(self) -> int:
        return self.stop - self.start


def batches(total: int, size: int, *, done: int = 0) -> Iterator[Batch]:
    """The batches of ``size`` covering positions 0..total-1, from the one holding ``done``
    (positions before ``done`` exist: whole batches were committed in order)."""
    for number in range(done // size, -(-total // size)):
        yield Batch(number, number * size, min((number + 1) * size, total))
