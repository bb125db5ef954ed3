"""Transactions whose follow-up work (events for live updates) waits for the commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

from tortoise.transactions import in_transaction

Job = Callable[[], Awaitable[None]]
_pending: ContextVar[list[Job] | None] = ContextVar("cityhub_after_commit", default=None)


@asynccontextmanager
async def atomic() -> AsyncIterator[None]:
    """One transaction; nested ones join the outermost, whose commit runs the jobs that
    `on_commit` queued (a rollback drops them)."""
    if _pending.get() is not None:
        async with in_transaction():
            yield
        return
    jobs: list[Job] = []
    token = _pending.set(jobs)
    try:
        async with in_transaction():
            yield
    finally:
        _pending.reset(token)
    for job in jobs:
        await job()


async def on_commit(job: Job) -> None:
    """Run ``job`` once the current `atomic` block commits; at once outside of one."""
    jobs = _pending.get()
    if jobs is None:
        await job()
    else:
        jobs.append(job)
