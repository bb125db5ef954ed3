"""Leases: one holder at a time for a singleton job (the SMS relay), until an expiry the
holder renews while it runs. In Redis when CITYHUB_REDIS_URL is set (SET NX PX), in the
database's `lease` table otherwise; either way every worker and host sees the same one."""

from __future__ import annotations

import os
import secrets
import socket
from datetime import timedelta
from typing import Protocol

import redis.asyncio as aioredis
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from cityhub import clock
from cityhub.models.leases import Lease
from cityhub.settings import Settings

REDIS_TIMEOUT = 2.0  # seconds to connect or answer, as for the rate limits
# Renew only a lease we hold: an expired one another worker took is theirs.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


def new_holder() -> str:
    """A name for this process's claim: host, process id and a random part."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(4)}"


class Leases(Protocol):
    async def acquire(self, name: str, holder: str, seconds: float) -> bool:
        """Take or renew ``name`` for ``seconds``; False while someone else holds it."""
        ...

    async def release(self, name: str, holder: str) -> None: ...

    async def holder(self, name: str) -> str | None:
        """Who holds ``name`` now (None when nobody does or it has expired)."""
        ...


class DatabaseLeases:
    async def acquire(self, name: str, holder: str, seconds: float) -> bool:
        now = clock.now()
        until = now + timedelta(seconds=seconds)
        # One statement: another worker's UPDATE of the same row waits for ours and then
        # finds the row no longer expired, so two cannot both take it.
        ours_or_expired = Q(holder=holder) | Q(expires_at__lt=now)
        if await Lease.filter(ours_or_expired, name=name).update(holder=holder, expires_at=until):
            return True
        try:
            await Lease.create(name=name, holder=holder, expires_at=until)
        except IntegrityError:
            return False  # someone holds it
        return True

    async def release(self, name: str, holder: str) -> None:
        await Lease.filter(name=name, holder=holder).delete()

    async def holder(self, name: str) -> str | None:
        row = await Lease.filter(name=name, expires_at__gte=clock.now()).first().values("holder")
        return row["holder"] if row else None


class RedisLeases:
    def __init__(self, url: str, prefix: str) -> None:
        self.client = aioredis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        self.prefix = prefix

    def _key(self, name: str) -> str:
        return f"{self.prefix}:lease:{name}"

    async def acquire(self, name: str, holder: str, seconds: float) -> bool:
        taken = await self.client.eval(_RENEW, 1, self._key(name), holder, int(seconds * 1000))
        return bool(taken)

    async def release(self, name: str, holder: str) -> None:
        await self.client.eval(_RELEASE, 1, self._key(name), holder)

    async def holder(self, name: str) -> str | None:
        value = await self.client.get(self._key(name))
        return value.decode() if isinstance(value, bytes) else value

    async def close(self) -> None:
        await self.client.aclose()


def leases_for(settings: Settings) -> DatabaseLeases | RedisLeases:
    if settings.redis_url:
        return RedisLeases(settings.redis_url, settings.redis_key_prefix)
    return DatabaseLeases()
