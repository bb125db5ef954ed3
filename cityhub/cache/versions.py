"""Which answers are still true: a version per table, changed by every committed write.

An answer is kept with the version of each table it read; it is served only while all of
them (and the epoch, which a change of unknown extent moves) are unchanged. Writes are seen
from every process on the database:

- in this process, the project's Tortoise clients bump the tables a statement wrote as soon
  as it is committed (cityhub/cache/clients.py);
- on SQLite, triggers count every table's changed rows in ``cache_generation``
  (cityhub/cache/triggers.py) and ``PRAGMA data_version`` on a connection of our own says
  when any other connection (the CLI, a second server) committed: the counts are read
  again then, before any answer is served;
- on PostgreSQL, statement triggers NOTIFY the table's name at commit to every listening
  process; while the listening connection is down nothing is served from the cache, and
  when it is back everything kept before is dropped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

Deps = tuple[int, tuple[tuple[str, int], ...]]
EVERYTHING = "*"


class Versions:
    def __init__(self) -> None:
        self.counter = 0  # moves on every change: a version is never reused
        self.epoch = 0
        self.available = True  # False while another process's writes cannot be seen
        self.watching = False  # True once this process watches every process's writes
        self.counts: dict[str, tuple[Deps, int]] = {}  # cityhub/cache/counts.py
        self._tables: dict[str, int] = {}
        self._generations: dict[str, int] = {}
        self._watcher: SqliteWatcher | None = None

    def bump(self, tables: Iterable[str]) -> None:
        for table in tables:
            if table == EVERYTHING:
                self.bump_all()
                continue
            self.counter += 1
            self._tables[table] = self.counter

    def bump_all(self) -> None:
        self.counter += 1
        self.epoch = self.counter

    def generations(self, rows: Iterable[tuple[str, int]]) -> None:
        """Change counts read from ``cache_generation``: a count that moved bumps its table."""
        for table, generation in rows:
            if self._generations.get(table) != generation:
                self._generations[table] = generation
                self.bump((table,))

    def watch_sqlite(self, path: Path) -> None:
        self._watcher = SqliteWatcher(path)
        self.watching = True

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    def refresh(self) -> None:
        """Take in what other connections committed (SQLite: cheap when nothing did)."""
        if self._watcher is not None:
            self._watcher.refresh(self)

    def deps(self, tables: Iterable[str]) -> Deps:
        return self.epoch, tuple(sorted((t, self._tables.get(t, 0)) for t in tables))

    def still_valid(self, deps: Deps) -> bool:
        epoch, tables = deps
        if epoch != self.epoch:
            return False
        current = self._tables
        return all(current.get(table, 0) == version for table, version in tables)


class SqliteWatcher:
    """A connection of our own to the database file: ``PRAGMA data_version`` changes when
    any other connection commits (the server's own Tortoise connection included)."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._data_version: int | None = None

    def refresh(self, versions: Versions) -> None:
        (data_version,) = self._connection.execute("PRAGMA data_version").fetchone()
        if data_version == self._data_version:
            return
        self._data_version = data_version
        try:
            rows = self._connection.execute("SELECT name, generation FROM cache_generation")
            versions.generations(rows.fetchall())
        except sqlite3.OperationalError:  # not migrated yet: nothing can be trusted
            versions.bump_all()

    def close(self) -> None:
        self._connection.close()
