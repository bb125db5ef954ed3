"""Tortoise's asyncpg client, tracked, with one connection per request's reads."""

from __future__ import annotations

from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import TransactionContext, TransactionContextPooled

from cityhub.cache.clients import PinnedPool, Tracking, TrackingTransaction


class TrackedAsyncpgTransaction(TrackingTransaction, TransactionWrapper):
    pass


class TrackedAsyncpgClient(Tracking, PinnedPool, AsyncpgDBClient):
    def _in_transaction(self) -> TransactionContext:
        return TransactionContextPooled(TrackedAsyncpgTransaction(self), self._pool_init_lock)


client_class = TrackedAsyncpgClient
