"""Rate limits (limits' moving window): counters in Redis when CITYHUB_REDIS_URL is set,
otherwise in the database, so every worker on one database or one Redis counts together."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
from dataclasses import dataclass

from limits import RateLimitItem
from limits.aio.storage import MovingWindowSupport, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string
from tortoise import connections
from tortoise.exceptions import BaseORMException
from tortoise.transactions import in_transaction

from cityhub import clock
from cityhub.models.ratelimits import RateLimitEntry
from cityhub.settings import Settings

logger = logging.getLogger("cityhub.security")
REDIS_TIMEOUT = 2.0  # seconds to connect to or hear from Redis before a request gives up


class _WindowFull(Exception):
    """Raised inside the transaction to roll back the entries just added."""


class DatabaseStorage(Storage, MovingWindowSupport):
    """limits' moving window over the rate_limit_entry table (SQLite or PostgreSQL).

    A hit adds its rows, then counts the window and rolls back if that passes the limit:
    SQLite holds its write lock from the insert to the commit, PostgreSQL takes a
    transaction-level advisory lock on the key first, so concurrent workers cannot both
    take the last place. A key never keeps more rows than its limit inside the window;
    rows past their expiry are deleted at most every PURGE_EVERY seconds.
    """

    STORAGE_SCHEME = None  # built directly, never from a URI
    PURGE_EVERY = 60.0

    def __init__(self) -> None:
        super().__init__()
        self._purged_at = 0.0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return BaseORMException

    async def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = _now()
        await self._purge(now)
        try:
            async with in_transaction() as connection:
                if connection.capabilities.dialect == "postgres":
                    await connection.execute_query(
                        "SELECT pg_advisory_xact_lock(hashtext($1))", [key]
                    )
                await RateLimitEntry.bulk_create(
                    [
                        RateLimitEntry(key=key, at=now, expires_at=now + expiry)
                        for _ in range(amount)
                    ],
                    using_db=connection,
                )
                inside = RateLimitEntry.filter(key=key, at__gt=now - expiry)
                if await inside.using_db(connection).count() > limit:
                    raise _WindowFull
        except _WindowFull:
            return False
        return True

    async def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = _now()
        times = (
            await RateLimitEntry.filter(key=key, at__gt=now - expiry)
            .order_by("-at")
            .limit(limit)
            .values_list("at", flat=True)
        )
        if not times:
            return now, 0
        return float(times[-1]), len(times)  # type: ignore[arg-type]

    async def clear(self, key: str) -> None:
        await RateLimitEntry.filter(key=key).delete()

    async def reset(self) -> int | None:
        return await RateLimitEntry.all().delete()

    async def check(self) -> bool:
        await connections.get("default").execute_query("SELECT 1")
        return True

    async def _purge(self, now: float) -> None:
        if now - self._purged_at >= self.PURGE_EVERY:
            self._purged_at = now
            await RateLimitEntry.filter(expires_at__lte=now).delete()

    # Counters for the fixed-window strategies: CityHub uses the moving window only.
    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        raise NotImplementedError("DatabaseStorage keeps moving windows only")

    async def get(self, key: str) -> int:
        raise NotImplementedError("DatabaseStorage keeps moving windows only")

    async def get_expiry(self, key: str) -> float:
        raise NotImplementedError("DatabaseStorage keeps moving windows only")


def _now() -> float:
    return clock.now().timestamp()


def _digest(text: str) -> str:
    """A bounded key part that keeps no sign-in name in Redis or the table."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _network(address: str) -> str:
    """The client's address as counted: IPv6 by /64, the block one subscriber gets, so
    hopping between the addresses of one block does not reset the count."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def build_storage(settings: Settings) -> Storage:
    if settings.redis_url:
        storage = storage_from_string(
            "async+" + settings.redis_url,
            implementation="redispy",
            key_prefix=settings.redis_key_prefix,
            wrap_exceptions=True,  # limits.errors.StorageError, whichever the client's error
            socket_connect_timeout=REDIS_TIMEOUT,
            socket_timeout=REDIS_TIMEOUT,
        )
        assert isinstance(storage, Storage), "an async+ URI gives an async storage"
        return storage
    return DatabaseStorage()


@dataclass(frozen=True)
class SignInCheck:
    """Whether a sign-in may be tried now; if not, in how many seconds and why."""

    retry_after: int = 0
    account_limited: bool = False
    address_limited: bool = False

    @property
    def allowed(self) -> bool:
        return self.retry_after == 0


class RateLimits:
    """The application's limits: failed sign-ins per account and per client address,
    requests per API key. One instance per application (app.state.rate_limits)."""

    def __init__(self, settings: Settings) -> None:
        self.storage = build_storage(settings)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.per_account = settings.rate_limit("login_limit_per_account")
        self.per_address = settings.rate_limit("login_limit_per_address")
        self.per_api_key = settings.rate_limit("api_key_rate_limit")

    async def _retry_after(self, item: RateLimitItem, *identifiers: str) -> int:
        """0 while ``item`` has room, else the seconds until its oldest hit leaves it."""
        stats = await self.limiter.get_window_stats(item, *identifiers)
        if stats.remaining >= 1:
            return 0
        return max(1, math.ceil(stats.reset_time - _now()))

    async def check_sign_in(self, username: str, address: str) -> SignInCheck:
        account = await self._retry_after(self.per_account, "sign-in", _digest(username))
        by_address = await self._retry_after(self.per_address, "sign-in-from", _network(address))
        return SignInCheck(max(account, by_address), account > 0, by_address > 0)

    async def sign_in_failed(self, username: str, address: str) -> None:
        await self.limiter.hit(self.per_account, "sign-in", _digest(username))
        await self.limiter.hit(self.per_address, "sign-in-from", _network(address))

    async def sign_in_succeeded(self, username: str) -> None:
        """The account's failures are forgotten; the address keeps its count."""
        await self.limiter.clear(self.per_account, "sign-in", _digest(username))

    async def api_key_request(self, key_id: int) -> int:
        """Count one request with key ``key_id``: 0 if allowed, else the Retry-After.

        A key's rate shares the server fairly; while Redis cannot be reached the request
        is let through (and logged) rather than failing every partner. Sign-ins, which the
        limits protect from guessing, fail instead.
        """
        try:
            if await self.limiter.hit(self.per_api_key, "api-key", str(key_id)):
                return 0
            return await self._retry_after(self.per_api_key, "api-key", str(key_id))
        except StorageError:
            logger.exception("API key rate limit not counted: the storage failed")
            return 0
