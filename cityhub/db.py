"""Tortoise configuration (SQLite by default, PostgreSQL by URL) and migrations."""

from __future__ import annotations

import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import ValidationError
from tortoise.migrations.api import migrate as run_migrations

from cityhub.cache import triggers
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
    if url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        connection = expand_db_url(url)
        connection["engine"] = "cityhub.cache.engines.asyncpg"
    if url.startswith("sqlite://"):
        connection = {
            "engine": "cityhub.cache.engines.sqlite",
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
    # Every table announces its writes to the response caches of all processes.
    if not Tortoise._inited:
        await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    await triggers.install(settings.is_sqlite)


def __getattr__(name: str) -> Any:
    # `tortoise makemigrations` reads cityhub.db.TORTOISE_ORM (pyproject [tool.tortoise]).
    if name == "TORTOISE_ORM":
        return tortoise_config(load_settings())
    raise AttributeError(name)


# PostgreSQL's data exceptions for a value it cannot take: too long (22001, 22026), out of
# range (22003, 22008), malformed (22007, 22P02), NUL or not encodable (22021, 22P05).
# Not the rest of class 22 (a division by zero is the code's fault, not the input's).
_POSTGRES_BAD_VALUE = frozenset(
    {"22001", "22003", "22007", "22008", "22021", "22026", "22P02", "22P05"}
)
# SQLite's words for a value it cannot take (SQLITE_MAX_LIKE_PATTERN_LENGTH, _LENGTH).
_SQLITE_BAD_VALUE = ("pattern too complex", "string or blob too big", "too large to convert")


def refuses_a_value(error: BaseException) -> bool:
    """Whether ``error`` is the database (or Tortoise, checking a column) refusing a value
    a request sent: too long for its column, a number it cannot hold, a byte the encoding
    has not (NUL in PostgreSQL text). Follows the chain Tortoise wraps the driver's error
    in."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ValidationError | OverflowError | sqlite3.DataError):
            return True
        if getattr(current, "sqlstate", None) in _POSTGRES_BAD_VALUE:
            return True
        if type(current).__module__.startswith("asyncpg") and isinstance(current, ValueError):
            return True  # asyncpg's own DataError: an argument it cannot encode (> int32)
        if isinstance(current, sqlite3.OperationalError) and any(
            words in str(current) for words in _SQLITE_BAD_VALUE
        ):
            return True
        wrapped = current.args[0] if current.args else None
        current = current.__cause__ or current.__context__
        if current is None and isinstance(wrapped, BaseException):
            current = wrapped
    return False
