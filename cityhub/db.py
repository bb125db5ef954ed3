"""Tortoise configuration (SQLite by default, PostgreSQL by URL) and migrations."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate as run_migrations

from cityhub.models import model_modules
from cityhub.settings import Settings, load_settings

APP_LABEL = "cityhub"
MIGRATIONS_MODULE = "cityhub.migrations"

# SQLite: write-ahead log so readers never wait for the writer, enforced foreign
# keys, and a wait of up to 5 s for a lock instead of failing at once.
SQLITE_PRAGMAS = {
    "journal_mode": "WAL",
    "foreign_keys": "ON",
    "busy_timeout": 5000,
    "synchronous": "NORMAL",
}


def sqlite_path(database_url: str) -> Path | None:
    if not database_url.startswith("sqlite://"):
        return None
    path = database_url.removeprefix("sqlite://")
    return None if path == ":memory:" else Path(path)


def tortoise_config(settings: Settings) -> dict[str, Any]:
    url = settings.database_url
    connection: str | dict[str, Any] = url
    if url.startswith("sqlite://"):
        connection = {
            "engine": "tortoise.backends.sqlite",
            "credentials": {
                "file_path": url.removeprefix("sqlite://"),
                **SQLITE_PRAGMAS,
            },
        }
    return {
        "connections": {"default": connection},
        "apps": {
            APP_LABEL: {
                "models": model_modules(),
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _ensure_data_dir(settings: Settings) -> None:
    path = sqlite_path(settings.database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


async def init_db(settings: Settings) -> None:
    """Open the connections; the lifespan and the CLI share this one entry point.

    The connection is opened here, not lazily by the first query: Tortoise's SQLite
    wrapper takes its lock before connecting, so a first query cancelled while it
    connects (graphql-core cancels sibling resolvers when a field fails) would keep
    the lock for ever and every later query would wait.
    """
    _ensure_data_dir(settings)
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    await connections.get("default").execute_query("SELECT 1")


async def close_db() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def database(settings: Settings):
    await init_db(settings)
    try:
        yield
    finally:
        await close_db()


async def migrate(settings: Settings, progress=None) -> None:
    """Apply every committed migration that the database has not seen yet."""
    _ensure_data_dir(settings)
    await run_migrations(config=tortoise_config(settings), progress=progress)


def __getattr__(name: str) -> Any:
    # `tortoise makemigrations` reads cityhub.db.TORTOISE_ORM (pyproject [tool.tortoise]).
    if name == "TORTOISE_ORM":
        return tortoise_config(load_settings())
    raise AttributeError(name)
