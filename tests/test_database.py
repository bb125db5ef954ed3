"""The database: committed migrations match the models; SQLite runs with safe pragmas."""

from __future__ import annotations

import pytest
from tortoise import Tortoise, connections
from tortoise.migrations.autodetector import MigrationAutodetector

from cityhub.db import tortoise_config


async def test_the_committed_migrations_match_the_models(app, settings):
    detector = MigrationAutodetector(Tortoise.apps, tortoise_config(settings)["apps"])

    pending = await detector.changes()

    assert pending == [], "run `tortoise makemigrations` and commit the new migration"


async def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(app, settings):
    if not settings.is_sqlite:
        pytest.skip("SQLite pragmas")
    connection = connections.get("default")

    async def pragma(name: str):
        _, rows = await connection.execute_query(f"PRAGMA {name}")
        return next(iter(dict(rows[0]).values()))

    assert await pragma("journal_mode") == "wal"
    assert await pragma("foreign_keys") == 1
    assert await pragma("busy_timeout") == 5000
