"""The response cache of one server process: its versions, its store, and on PostgreSQL
the connection that listens for other processes' writes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from cityhub.cache import clients
from cityhub.cache.store import Store
from cityhub.cache.triggers import CHANNEL
from cityhub.cache.versions import Versions
from cityhub.settings import Settings

if TYPE_CHECKING:
    import asyncpg

logger = logging.getLogger(__name__)
RECONNECT_SECONDS = 1.0


class PostgresListener:
    """LISTEN cityhub_cache: each NOTIFY names a table some process committed a write to.
    While the connection is down the cache serves nothing; when it is back, everything
    kept before is dropped (notifications sent meanwhile are lost)."""

    def __init__(self, database_url: str, versions: Versions) -> None:
        parts = urlsplit(database_url)
        self._dsn = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        self._versions = versions
        self._connection: asyncpg.Connection[asyncpg.Record] | None = None
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()

    async def start(self) -> None:
        await self._connect()
        self._task = asyncio.create_task(self._keep_connected())

    async def _connect(self) -> None:
        import asyncpg

        self._versions.available = False
        connection = await asyncpg.connect(self._dsn)
        await connection.add_listener(CHANNEL, self._on_notify)
        connection.add_termination_listener(lambda _connection: self._lost.set())
        self._connection = connection
        self._lost.clear()
        self._versions.bump_all()
        self._versions.available = True

    def _on_notify(self, _connection: object, _pid: int, _channel: str, table: object) -> None:
        self._versions.bump((str(table),))

    async def _keep_connected(self) -> None:
        while True:
            await self._lost.wait()
            self._versions.available = False
            logger.warning("response cache: lost the LISTEN connection; reconnecting")
            while True:
                await asyncio.sleep(RECONNECT_SECONDS)
                try:
                    await self._connect()
                    break
                except (OSError, ConnectionError) as error:
                    logger.warning("response cache: reconnect failed: %s", error)
                except Exception:  # asyncpg's own errors while the server restarts
                    logger.exception("response cache: reconnect failed")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._connection is not None:
            await self._connection.close()
            self._connection = None


class ResponseCache:
    def __init__(self, settings: Settings, sqlite_file: Path | None) -> None:
        self.settings = settings.cache
        self._sqlite_file = sqlite_file
        self.enabled = settings.cache.enabled
        self.versions = Versions()
        self.store = Store(self.versions, settings.cache.max_bytes, settings.cache.ttl)
        self._database_url = settings.database_url
        self._listener: PostgresListener | None = None

    async def start(self) -> None:
        clients.use_versions(self.versions)
        if self._database_url.startswith("sqlite"):
            if self._sqlite_file is None:  # in memory: one connection, ours
                return
            self.versions.watch_sqlite(self._sqlite_file)
            self.versions.refresh()
            return
        self._listener = PostgresListener(self._database_url, self.versions)
        await self._listener.start()
        self.versions.watching = True

    async def stop(self) -> None:
        if self._listener is not None:
            await self._listener.stop()
        self.versions.close()
        self.versions.watching = False
        self.store.clear()

    @property
    def usable(self) -> bool:
        """Whether answers may be served and kept now."""
        if not self.enabled:
            return False
        self.versions.refresh()
        return self.versions.available

    def stats(self) -> dict[str, int]:
        store = self.store
        return {
            "hits": store.hits,
            "misses": store.misses,
            "stores": store.stores,
            "evictions": store.evictions,
            "entries": len(store),
            "bytes": store.bytes,
            "max_bytes": store.max_bytes,
        }
