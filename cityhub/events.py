"""Live updates: in process memory for one process, PostgreSQL LISTEN/NOTIFY for many."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from tortoise import connections

from cityhub.settings import Settings

if TYPE_CHECKING:
    import asyncpg  # the postgres extra; imported when a PostgresBus starts

logger = logging.getLogger(__name__)
CHANNEL = "cityhub_events"
QUEUE_SIZE = 100
T = TypeVar("T")


class Event:
    """One published change, the same object for every subscriber in this process: what
    does not depend on the subscriber (loading what changed) is done once, by shared()."""

    __slots__ = ("_shared", "payload")

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self._shared: dict[str, asyncio.Future[Any]] = {}

    def __getitem__(self, key: str) -> Any:
        return self.payload[key]

    async def shared(self, key: str, load: Callable[[], Awaitable[T]]) -> T:
        """``load()``'s result, run by the first subscriber to ask and awaited by the rest
        (shielded: one subscriber leaving does not cancel it for the others)."""
        future = self._shared.get(key)
        if future is None:
            future = self._shared[key] = asyncio.ensure_future(load())
        result: T = await asyncio.shield(future)
        return result


class MemoryBus:
    """Delivers to subscribers in this process only (SQLite, one worker)."""

    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue[Event]]] = defaultdict(set)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self._queues.clear()

    def subscriber_count(self, topic: str) -> int:
        return len(self._queues.get(topic, ()))

    def deliver(self, topic: str, payload: dict[str, Any]) -> None:
        event = Event(payload)
        for queue in list(self._queues.get(topic, ())):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(event)

    async def publish(self, topic: str, payload: dict[str, Any]) -> None:
        self.deliver(topic, payload)

    async def subscribe(self, topic: str) -> AsyncIterator[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
        self._queues[topic].add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            queues = self._queues.get(topic)
            if queues is not None:
                queues.discard(queue)
                if not queues:  # a set keeps the table it grew to: drop it when empty
                    del self._queues[topic]


class PostgresBus(MemoryBus):
    """NOTIFY reaches every process listening on the same database."""

    def __init__(self, database_url: str) -> None:
        super().__init__()
        parts = urlsplit(database_url)
        self._dsn = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        self._listener: asyncpg.Connection[asyncpg.Record] | None = None

    async def start(self) -> None:
        import asyncpg

        self._listener = await asyncpg.connect(self._dsn)
        await self._listener.add_listener(CHANNEL, self._on_notify)

    async def stop(self) -> None:
        if self._listener is not None:
            await self._listener.close()
            self._listener = None
        await super().stop()

    def _on_notify(self, _connection: object, _pid: int, _channel: str, message: object) -> None:
        assert isinstance(message, str), "asyncpg hands a NOTIFY's payload over as a str"
        event = json.loads(message)
        self.deliver(event["topic"], event["payload"])

    async def publish(self, topic: str, payload: dict[str, Any]) -> None:
        message = json.dumps({"topic": topic, "payload": payload})
        await connections.get("default").execute_query(
            "SELECT pg_notify($1, $2)", [CHANNEL, message]
        )


_bus: MemoryBus = MemoryBus()


async def start(settings: Settings) -> None:
    global _bus
    _bus = MemoryBus() if settings.is_sqlite else PostgresBus(settings.database_url)
    await _bus.start()


async def stop() -> None:
    await _bus.stop()


async def publish(topic: str, payload: dict[str, Any]) -> None:
    await _bus.publish(topic, payload)


def subscribe(topic: str) -> AsyncIterator[Event]:
    return _bus.subscribe(topic)


def subscriber_count(topic: str) -> int:
    """Subscribers in this process (for health checks and tests)."""
    return _bus.subscriber_count(topic)
