"""Tortoise's asyncpg client, tracked, with one connection per request's reads."""

from __future__ import annotations

from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import TransactionContext, TransactionContextPooled

from cityhub.cache.clients import (
    GivingBack,
    PinnedPool,
    Tracking,
    TrackingTransaction,
    pinned_for,
)


class TrackedAsyncpgTransaction(TrackingTransaction, TransactionWrapper):
    pass


class TrackedAsyncpgClient(Tracking, PinnedPool, AsyncpgDBClient):
    def _in_transaction(self) -> TransactionContext:
        context = TransactionContextPooled(TrackedAsyncpgTransaction(self), self._pool_init_lock)
        pinned = pinned_for(self)
        return context if pinned is None else GivingBack(context, pinned)


client_class = TrackedAsyncpgClient
