"""Throw-away databases for bench/run.py: SQLite files or PostgreSQL databases, seeded.

Each `Database` has its own data directory (CITYHUB_DATA_DIR); on PostgreSQL it is also a
database created on the server at --pg (trust auth, user postgres) and dropped at the end.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from servers import PROJECT_DIR, BenchError, cityhub_command

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
STAFF = "bench-staff"
STAFF_PASSWORD = "bench-password-1234"  # noqa: S105 (a throw-away database)


def base_env(data_dir: Path) -> dict[str, str]:
    """The caller's environment without any CITYHUB_* (a CITYHUB_DATABASE_URL must not leak
    in), plus our data directory and a quiet log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHUB_")}
    env.update(CITYHUB_DATA_DIR=str(data_dir), CITYHUB_LOG_LEVEL="warning")
    return env


async def _admin(server: str, statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(server)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _fetch(dsn: str, query: str, *args: object) -> list:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetch(query, *args)
    finally:
        await connection.close()


@dataclass
class Database:
    kind: str  # "sqlite" or "postgres"
    name: str  # "light" or "scaled"
    data_dir: Path
    server: str = DEFAULT_PG  # PostgreSQL: the maintenance database we connect to
    pg_name: str = ""  # PostgreSQL: the database created for this run
    seconds_to_seed: float = 0.0
    members: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def dsn(self) -> str:
        parts = urllib.parse.urlsplit(self.server)
        return urllib.parse.urlunsplit(parts._replace(path=f"/{self.pg_name}"))

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / "cityhub.sqlite3"

    def env(self) -> dict[str, str]:
        env = base_env(self.data_dir)
        if self.kind == "postgres":
            env["CITYHUB_DATABASE_URL"] = self.dsn
        return env

    def floor_env(self) -> dict[str, str]:
        if self.kind == "postgres":
            return {"BENCH_FLOOR_DSN": self.dsn}
        return {"BENCH_FLOOR_DB": str(self.sqlite_file)}

    def describe(self) -> str:
        return self.dsn if self.kind == "postgres" else str(self.sqlite_file)

    def create(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.kind == "postgres":
            if not re.fullmatch(r"[a-z0-9_]+", self.pg_name):
                raise BenchError(f"unsafe database name {self.pg_name!r}")
            asyncio.run(_admin(self.server, f"CREATE DATABASE {self.pg_name}"))

    def drop(self) -> None:
        if self.kind == "postgres" and self.pg_name:
            asyncio.run(_admin(self.server, f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)"))

    def cli(self, *arguments: str) -> str:
        done = subprocess.run(
            [*cityhub_command(), *arguments],
            cwd=PROJECT_DIR,
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BenchError(f"cityhub {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def seed(self, scale: int) -> None:
        """`cityhub seed` (migrations + the facts; --scale N generates members) and a union
        staff account for the members targets."""
        started = time.monotonic()
        self.cli("seed", *(["--scale", str(scale)] if scale else []))
        self.seconds_to_seed = time.monotonic() - started
        self.cli("create-user", STAFF, "--role", "union_staff", "--password", STAFF_PASSWORD)
        self.members = self.count("member")

    def count(self, table: str) -> int:
        query = f"SELECT count(*) FROM {table}"  # noqa: S608 (a fixed table name)
        if self.kind == "postgres":
            return asyncio.run(_fetch(self.dsn, query))[0][0]
        import sqlite3

        with sqlite3.connect(self.sqlite_file) as connection:
            return connection.execute(query).fetchone()[0]

    def activity(self) -> dict[str, int]:
        """This database's cumulative counters: transactions and rows read (PostgreSQL)."""
        rows = asyncio.run(
            _fetch(
                self.server,
                "SELECT xact_commit + xact_rollback AS xacts, tup_returned + tup_fetched AS rows "
                "FROM pg_stat_database WHERE datname = $1",
                self.pg_name,
            )
        )
        return dict(rows[0])

    def backend_pids(self) -> list[int]:
        """PostgreSQL client backends connected to this database (none on SQLite)."""
        if self.kind != "postgres":
            return []
        rows = asyncio.run(
            _fetch(
                self.server,
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = $1 AND backend_type = 'client backend'",
                self.pg_name,
            )
        )
        return [row[0] for row in rows]


def make_databases(kind: str, root: Path, server: str, names: list[str]) -> list[Database]:
    tag = f"cityhub_bench_{os.getpid()}"
    return [
        Database(kind, name, root / name, server=server, pg_name=f"{tag}_{name}") for name in names
    ]
