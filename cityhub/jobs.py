"""The domains' scheduled jobs (`resolvers.registry.Job`), run beside the server: each
under its own lease (cityhub/leases.py), so of all the workers and hosts one runs a job at
a time; a pass that fails is logged and the next one tries again.

`CITYHUB_JOBS_IN_SERVER=false` keeps them out of `cityhub serve` (the tests run a job's
pass themselves).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from cityhub import leases
from cityhub.resolvers.registry import Job, jobs
from cityhub.settings import Settings

logger = logging.getLogger("cityhub.jobs")
TICK = 1.0  # seconds between looks at which job is due


def lease_name(job: Job) -> str:
    return f"job:{job.name}"


async def run_once(job: Job, lease: leases.Leases, holder: str) -> int | None:
    """One pass of ``job`` if this process may run it now; None while another holds it."""
    if not await lease.acquire(lease_name(job), holder, max(job.every * 2, 30.0)):
        return None
    return await job.run()


async def run(settings: Settings, stop: asyncio.Event) -> None:
    """Every installed job, each when due, until ``stop``."""
    lease = leases.leases_for(settings)
    holder = leases.new_holder()
    due = dict.fromkeys(jobs(), 0.0)
    loop = asyncio.get_running_loop()
    try:
        while not stop.is_set():
            for job, at in due.items():
                if loop.time() < at:
                    continue
                due[job] = loop.time() + job.every
                try:
                    done = await run_once(job, lease, holder)
                    if done:
                        logger.info("job %s: %s changed", job.name, done)
                except Exception:
                    logger.exception("job %s failed", job.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TICK)
    finally:
        for job in due:
            await lease.release(lease_name(job), holder)
        if isinstance(lease, leases.RedisLeases):
            await lease.close()


def start_in_server(settings: Settings) -> Callable[[], Awaitable[None]]:
    """Run the jobs beside the server unless CITYHUB_JOBS_IN_SERVER is off; returns what
    stops them."""
    if not settings.jobs_in_server or not jobs():

        async def nothing() -> None:
            return None

        return nothing
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop), name="jobs")

    async def stopping() -> None:
        stop.set()
        await task

    return stopping
