"""What one computed answer depended on, recorded while it is computed.

Every SQL statement goes through the project's Tortoise clients (cityhub/cache/clients.py),
which note here the tables a statement reads; the clock (cityhub/clock.py) notes that an
answer depends on the time; the viewer (cityhub/cache/viewers.py) notes that it depends on
who asked. No domain has to remember any of this: an answer is cached with exactly what
its computation touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cityhub import clock

# Table names after FROM, JOIN, INTO and UPDATE, quoted ("station") or not. A column after
# FROM inside EXTRACT(... FROM x) is noted too: a dependency that never changes is harmless.
_TABLES = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+["`]?([A-Za-z_][A-Za-z0-9_]*)', re.I)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def tables_in(sql: str) -> frozenset[str]:
    """The tables a statement names, lower-cased."""
    return frozenset(name.lower() for name in _TABLES.findall(sql))


def is_write(sql: str) -> bool:
    head = sql.lstrip()[:8].upper()
    return head.startswith(_WRITES) or (head.startswith("WITH") and _writes_in_cte(sql))


def _writes_in_cte(sql: str) -> bool:
    upper = sql.upper()
    return any(f" {verb} " in upper for verb in ("INSERT", "UPDATE", "DELETE"))


@dataclass
class Reads:
    """The dependencies of one answer being computed."""

    tables: set[str] = field(default_factory=set)
    # The answer holds something of the one asking (their identity, their session's token):
    # it may be kept only for that viewer.
    personal: bool = False
    # The computation wrote to the database: its answer is not a read, never kept.
    wrote: bool = False
    # The answer describes the moment itself (counters, health): never kept.
    volatile: bool = False
    # The first moment the answer may change without any write (open now, today).
    changes_at: datetime | None = None

    def until(self, moment: datetime) -> None:
        if self.changes_at is None or moment < self.changes_at:
            self.changes_at = moment


_current: ContextVar[Reads | None] = ContextVar("cityhub_cache_reads", default=None)


@contextmanager
def recording() -> Iterator[Reads]:
    """Record what the code inside reads (tasks it starts share the record)."""
    reads = Reads()
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)


def current() -> Reads | None:
    return _current.get()


def statement(sql: str) -> None:
    """Called for every statement a client sends."""
    reads = _current.get()
    if reads is None:
        return
    if is_write(sql):
        reads.wrote = True
    reads.tables.update(tables_in(sql))


def tables(names: Iterable[str]) -> None:
    """The answer being computed depends on these tables (read from a kept count)."""
    reads = _current.get()
    if reads is not None:
        reads.tables.update(names)


def personal() -> None:
    """The answer being computed depends on who asks, not only on what they may see."""
    reads = _current.get()
    if reads is not None:
        reads.personal = True


def volatile() -> None:
    """The answer being computed must not be kept (it reports live counters)."""
    reads = _current.get()
    if reads is not None:
        reads.volatile = True


def clock_read(moment: datetime, exact: bool) -> None:
    """The clock was read: the answer can change at the next minute boundary (opening
    hours, windows and dates are whole minutes); code whose answer changes at another
    moment says so with ``clock.changes_at`` (``exact``)."""
    reads = _current.get()
    if reads is None:
        return
    if exact:
        reads.until(moment)
        return
    reads.until(moment.replace(second=0, microsecond=0) + timedelta(minutes=1))


clock.observe(clock_read)
