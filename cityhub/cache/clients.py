"""The project's Tortoise clients: Tortoise's own, noting every statement for the response
cache (what an answer read, what a write changed) and, on PostgreSQL, keeping one pooled
connection for all the reads of a request instead of one (and a reset) per query.

``cityhub.db`` names the engines below in its Tortoise configuration.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import (
    NestedTransactionContext,
    TransactionalDBClient,
    TransactionContext,
)
from tortoise.exceptions import ConfigurationError

from cityhub.cache import tracking
from cityhub.cache.versions import EVERYTHING, Versions

# The versions this process keeps (cityhub.cache.runtime replaces them when a server starts).
VERSIONS = Versions()


def use_versions(versions: Versions) -> None:
    global VERSIONS
    VERSIONS = versions


def _root(client: Any) -> Any:
    """The outermost transaction a transactional client belongs to, or None."""
    root = None
    while isinstance(client, TransactionalDBClient):
        root = client
        client = getattr(client, "_parent", None)
    return root


def _wrote(client: Any, tables: frozenset[str]) -> None:
    root = _root(client)
    if root is None:
        VERSIONS.bump(tables)
    else:
        root.__dict__.setdefault("_cache_written", set()).update(tables)


class Tracking:
    """Mixed into a Tortoise client: every statement is noted."""

    async def execute_query(self, query: str, values: list | None = None) -> Any:
        tracking.statement(query)
        result = await super().execute_query(query, values)  # type: ignore[misc]
        if tracking.is_write(query):
            _wrote(self, tracking.tables_in(query) or frozenset({EVERYTHING}))
        return result

    async def execute_query_dict(self, query: str, values: list | None = None) -> Any:
        tracking.statement(query)
        result = await super().execute_query_dict(query, values)  # type: ignore[misc]
        if tracking.is_write(query):
            _wrote(self, tracking.tables_in(query) or frozenset({EVERYTHING}))
        return result

    async def execute_insert(self, query: str, values: list) -> Any:
        tracking.statement(query)
        result = await super().execute_insert(query, values)  # type: ignore[misc]
        _wrote(self, tracking.tables_in(query))
        return result

    async def execute_many(self, query: str, values: list) -> Any:
        tracking.statement(query)
        result = await super().execute_many(query, values)  # type: ignore[misc]
        _wrote(self, tracking.tables_in(query))
        return result

    async def execute_script(self, query: str) -> Any:
        tracking.statement("CREATE " + query)  # anything may change: never a cached read
        result = await super().execute_script(query)  # type: ignore[misc]
        _wrote(self, frozenset({EVERYTHING}))
        return result


class TrackingTransaction(Tracking):
    """Mixed into a transaction wrapper: its writes count when it commits."""

    async def commit(self) -> None:
        await super().commit()  # type: ignore[misc]
        written = self.__dict__.pop("_cache_written", None)
        if written:
            VERSIONS.bump(written)

    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(type(self)(self))  # type: ignore[call-arg, arg-type]


# One pooled PostgreSQL connection for a request's reads, taken at its first query.
class Pinned:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.lock = asyncio.Lock()
        self.connection: Any = None
        self.closed = False

    @asynccontextmanager
    async def use(self) -> AsyncIterator[Any]:
        async with self.lock:
            if self.connection is None:
                await self.client._pool_connect()
                self.connection = await self.client._pool.acquire()
            yield self.connection

    async def give_back(self, *, closed: bool = False) -> None:
        """Return the connection to the pool (a later read takes one again, unless
        ``closed``): a request never holds one connection while it waits for another."""
        async with self.lock:
            self.closed = self.closed or closed
            if self.connection is not None:
                await self.client._pool.release(self.connection)
                self.connection = None

    async def release(self) -> None:
        await self.give_back(closed=True)


class GivingBack(TransactionContext):
    """A transaction's context that first gives the request's pinned connection back:
    otherwise as many requests as the pool has connections, each holding one and waiting
    for another for its transaction, would wait for ever."""

    def __init__(self, inner: TransactionContext, pinned: Pinned) -> None:
        self.inner = inner
        self.pinned = pinned

    async def __aenter__(self) -> Any:
        await self.pinned.give_back()
        return await self.inner.__aenter__()

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        await self.inner.__aexit__(exc_type, exc_val, exc_tb)


def pinned_for(client: Any) -> Pinned | None:
    pinned = _pinned.get()
    return pinned if pinned is not None and pinned.client is client else None


_pinned: ContextVar[Pinned | None] = ContextVar("cityhub_pinned_connection", default=None)


@asynccontextmanager
async def one_connection() -> AsyncIterator[None]:
    """Inside, the reads of the default connection (when it is a pooled PostgreSQL client)
    share one pooled connection, taken at the first query and given back at the end."""
    try:
        client = connections.get("default")
    except (KeyError, ConfigurationError):  # no database open (served without a lifespan)
        client = None
    if not hasattr(client, "_pool_connect"):
        yield
        return
    pinned = Pinned(client)
    token = _pinned.set(pinned)
    try:
        yield
    finally:
        _pinned.reset(token)
        await pinned.release()


class PinnedPool:
    """Mixed into the pooled PostgreSQL client."""

    async def _pool_connect(self) -> None:
        if not self._pool:  # type: ignore[attr-defined]
            async with self._pool_init_lock:  # type: ignore[attr-defined]
                if not self._pool:  # type: ignore[attr-defined]
                    await self.create_connection(with_db=True)  # type: ignore[attr-defined]

    def acquire_connection(self) -> Any:
        pinned = _pinned.get()
        if pinned is not None and pinned.client is self and not pinned.closed:
            return pinned.use()
        return super().acquire_connection()  # type: ignore[misc]
