"""Fixtures: one migrated, seeded template database per run; a fresh copy per test.

CITYHUB_TEST_DATABASE_URL picks the server (postgres://... for PostgreSQL); without it
the suite runs on SQLite files in a temporary folder.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from cityhub import db
from cityhub.app import create_app
from cityhub.seeding import load_seeds
from cityhub.settings import PROJECT_DIR, Settings, load_settings
from tests.helpers import TEST_HASHING

SERVER_URL = os.environ.get("CITYHUB_TEST_DATABASE_URL", "")
SECRET = "test-secret-" + "x" * 32


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


async def _admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(_with_database(SERVER_URL, "postgres"))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def make_settings(database_url: str, data_dir: Path, **extra: str) -> Settings:
    environ = {
        "CITYHUB_DATABASE_URL": database_url,
        "CITYHUB_DATA_DIR": str(data_dir),
        "CITYHUB_SECRET_KEY": SECRET,
        "CITYHUB_SEEDS_DIR": str(PROJECT_DIR / "seeds"),
        **extra,
    }
    # argon2 at its lowest cost: at the standard one a hash or a check takes 0.1-1.5 s here,
    # and the suite makes about 250 of each. Production refuses it, so tests of production
    # behaviour hash at the standard cost.
    if environ.get("CITYHUB_ENV") != "production":
        environ.setdefault("CITYHUB_PASSWORD_HASHING", TEST_HASHING)
    return load_settings(environ)


async def _build_template(settings: Settings) -> None:
    await db.migrate(settings)
    await db.close_db()
    async with db.database(settings):
        await load_seeds(settings.seeds_dir)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrated and seeded once; each test gets a copy."""
    folder = tmp_path_factory.mktemp("template")
    if not SERVER_URL:
        url = f"sqlite://{folder / 'template.sqlite3'}"
        asyncio.run(_build_template(make_settings(url, folder)))
        yield url
        return
    name = f"cityhub_tpl_{secrets.token_hex(4)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    asyncio.run(_build_template(make_settings(_with_database(SERVER_URL, name), folder)))
    yield name
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def database_url(template_database: str, tmp_path: Path) -> AsyncIterator[str]:
    if not SERVER_URL:
        copy = tmp_path / "cityhub.sqlite3"
        source = Path(template_database.removeprefix("sqlite://"))
        shutil.copyfile(source, copy)
        for suffix in ("-wal", "-shm"):
            side = source.with_name(source.name + suffix)
            if side.exists():
                shutil.copyfile(side, copy.with_name(copy.name + suffix))
        yield f"sqlite://{copy}"
        return
    name = f"cityhub_test_{secrets.token_hex(4)}"
    await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"')
    yield _with_database(SERVER_URL, name)
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path)


@pytest.fixture
async def app(settings: Settings):
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
