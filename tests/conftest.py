"""Fixtures: one migrated, seeded template database per run; a fresh copy per test.

CITYHUB_TEST_DATABASE_URL picks the server (postgres://... for PostgreSQL); without it
the suite runs on SQLite files in a temporary folder. Each pytest process (each xdist
worker too) builds its own template under a random name.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import threading
from collections import deque
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import Future
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
        # Jobs run when a test runs them: a background pass would add statements to counts.
        "CITYHUB_JOBS_IN_SERVER": "false",
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


def copy_sqlite_template(template_url: str, folder: Path) -> str:
    """A copy of the SQLite template file (and its WAL) in ``folder``: about 1 ms."""
    copy = folder / "cityhub.sqlite3"
    source = Path(template_url.removeprefix("sqlite://"))
    shutil.copyfile(source, copy)
    for suffix in ("-wal", "-shm"):
        side = source.with_name(source.name + suffix)
        if side.exists():
            shutil.copyfile(side, copy.with_name(copy.name + suffix))
    return f"sqlite://{copy}"


class PostgresCopies:
    """Copies of the PostgreSQL template, each made while the test before it runs.

    ``CREATE DATABASE ... TEMPLATE`` copies and WAL-logs the whole template, about 450
    files: 0.05 s on an idle machine, 0.3-0.6 s while tests run beside it, against about
    1 ms for the SQLite file; ``DROP DATABASE`` forces a checkpoint. One admin connection,
    on an event loop in a background thread, makes the next copy and drops the last one
    while a test runs. One copy ahead: more, or dropping in batches, leaves more fresh
    copies dirty in shared buffers for each forced checkpoint to write (measured slower).
    """

    AHEAD = 1

    def __init__(self, template: str) -> None:
        self.template = template
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="postgres-copies", daemon=True
        )
        self._thread.start()
        self._lock = asyncio.Lock()  # one statement at a time on the connection
        self._connection = self._submit(self._connect()).result()
        self._ready: deque[Future[str]] = deque()
        self._drops: list[Future[None]] = []
        self._fill()

    def take(self) -> Future[str]:
        """A fresh copy's name (``.result()`` waits for it if it is still being made)."""
        copy = self._ready.popleft()
        self._fill()
        return copy

    def release(self, name: str) -> None:
        """Drop a copy the test is done with, in the background."""
        self._drops.append(self._submit(self._drop(name)))

    def close(self) -> None:
        """Drop the copies nobody took, wait for every drop, and stop the thread."""
        for copy in self._ready:
            self.release(copy.result())
        self._ready.clear()
        try:
            for drop in self._drops:
                drop.result()  # a failed drop fails the session here
        finally:
            self._submit(self._connection.close()).result()
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def _submit(self, coroutine: Coroutine) -> Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def _fill(self) -> None:
        while len(self._ready) < self.AHEAD:
            self._ready.append(self._submit(self._create()))

    async def _connect(self):
        import asyncpg

        return await asyncpg.connect(_with_database(SERVER_URL, "postgres"))

    async def _create(self) -> str:
        name = f"cityhub_test_{secrets.token_hex(4)}"
        async with self._lock:
            await self._connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    async def _drop(self, name: str) -> None:
        async with self._lock:
            await self._connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_copies(template_database: str) -> Iterator[PostgresCopies | None]:
    """Made ahead on PostgreSQL; None on SQLite, where a copy is a file copy."""
    if not SERVER_URL:
        yield None
        return
    copies = PostgresCopies(template_database)
    try:
        yield copies
    finally:
        copies.close()


@pytest.fixture
async def database_url(
    template_database: str, postgres_copies: PostgresCopies | None, tmp_path: Path
) -> AsyncIterator[str]:
    if postgres_copies is None:
        yield copy_sqlite_template(template_database, tmp_path)
        return
    name = await asyncio.wrap_future(postgres_copies.take())
    try:
        yield _with_database(SERVER_URL, name)
    finally:
        postgres_copies.release(name)


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
