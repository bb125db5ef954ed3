"""Tortoise's SQLite client, tracked."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)

from cityhub.cache import tracking
from cityhub.cache.clients import Tracking, TrackingTransaction


class RowCounts:
    """Rows a write changed, not counting the cache triggers' own changes (Tortoise counts
    ``total_changes``, which includes every row a trigger touched)."""

    async def execute_query(
        self, query: str, values: list | None = None
    ) -> tuple[int, Sequence[dict]]:
        if not tracking.is_write(query):
            return await super().execute_query(query, values)  # type: ignore[misc]
        return await self._execute_write(query, values)

    @translate_exceptions
    async def _execute_write(self, query: str, values: list | None) -> tuple[int, Sequence[dict]]:
        query = query.replace("\x00", "'||CHAR(0)||'")
        async with self.acquire_connection() as connection:  # type: ignore[attr-defined]
            self.log.debug("%s: %s", query, values)  # type: ignore[attr-defined]
            async with connection.execute(query, values) as cursor:
                rows = await cursor.fetchall()
                changed = cursor.rowcount  # sqlite3_changes(): this statement's rows only
            return max(changed, 0) or len(rows), rows


class TrackedSqliteTransaction(TrackingTransaction, RowCounts, SqliteTransactionWrapper):
    pass


class TrackedSqliteClient(Tracking, RowCounts, SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(TrackedSqliteTransaction(self), self._lock)


client_class = TrackedSqliteClient
