"""Caps on GraphQL WebSockets: connections per client address, operations per connection
and per viewer, counted in this process and released as operations end and sockets close."""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from typing import Any

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from cityhub.i18n import N_
from cityhub.settings import Settings

# graphql-transport-ws leaves 4400-4499 to applications; 4429 mirrors HTTP's 429.
TOO_MANY_CONNECTIONS = 4429
TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS"
PER_CONNECTION = N_("此连接上的订阅已达上限（{limit} 个），请先结束一些订阅")
PER_VIEWER = N_("您的订阅已达上限（{limit} 个），请先结束一些订阅")
# After sockets that held subscriptions close: at most one full collection a second, so a
# mass close is one collection and churning sockets cannot make the process collect more.
COLLECT_DELAY_S = 1.0


def client_address(websocket: WebSocket) -> str:
    return websocket.client.host if websocket.client else "unknown"


class SocketLimits:
    """The process's counts: open sockets per address, operations per viewer."""

    def __init__(self, settings: Settings) -> None:
        self.per_connection = settings.ws_subscriptions_per_connection
        self.per_viewer = settings.ws_subscriptions_per_viewer
        self.per_address = settings.ws_connections_per_address
        self.connections: Counter[str] = Counter()
        self.operations: Counter[str] = Counter()
        self._collection: asyncio.TimerHandle | None = None

    def connect(self, address: str) -> bool:
        if self.connections[address] >= self.per_address:
            return False
        self.connections[address] += 1
        return True

    def disconnect(self, address: str) -> None:
        _release(self.connections, address)

    def take(self, viewer: str) -> bool:
        if self.operations[viewer] >= self.per_viewer:
            return False
        self.operations[viewer] += 1
        return True

    def release(self, viewer: str) -> None:
        _release(self.operations, viewer)

    def collect_soon(self) -> None:
        """A subscription's execution state (graphql-core's) is cyclic and lives long
        enough to reach the oldest generation, which CPython collects only once that
        generation has grown by a quarter: closed subscriptions' memory would otherwise
        stay until unrelated allocations trigger it (bench/README.md, ws_fanout)."""
        if self._collection is None:
            loop = asyncio.get_running_loop()
            self._collection = loop.call_later(COLLECT_DELAY_S, self._collect)

    def _collect(self) -> None:
        self._collection = None
        gc.collect()


def _release(counts: Counter[str], key: str) -> None:
    # Deleted at zero, so the counters hold only who is connected now.
    counts[key] -= 1
    if counts[key] <= 0:
        del counts[key]


def viewer_key(context: Any, address: str) -> str:
    """Accounts and keys are counted across their sockets; anonymous viewers per address."""
    viewer = context.viewer
    if viewer.api_key_id is not None:
        return f"key:{viewer.api_key_id}"
    if viewer.account_id is not None:
        return f"account:{viewer.account_id}"
    return f"address:{address}"


class LimitedTransportWSHandler(BaseGraphQLTransportWSHandler[Any, None]):
    """graphql-transport-ws with the caps: a socket over its address's cap is closed with
    4429 at once; an operation over a cap is answered with an `error` message
    (TOO_MANY_SUBSCRIPTIONS) and the socket goes on. Queries and mutations sent over the
    socket count while they run, as strawberry's own per-connection cap counts them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counted: dict[Operation[Any, None], str] = {}
        self.subscribed = False

    @property
    def limits(self) -> SocketLimits:
        limits: SocketLimits = self.view.socket_limits  # type: ignore[attr-defined]
        return limits

    @property
    def address(self) -> str:
        return client_address(self.context.request)

    async def handle(self) -> None:
        address = self.address
        if not self.limits.connect(address):
            await self.websocket.close(TOO_MANY_CONNECTIONS, "Too many connections")
            return
        try:
            await super().handle()
        finally:
            self.limits.disconnect(address)
            if self.subscribed:
                self.limits.collect_soon()

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if not self.connection_acknowledged or message["id"] in self.operations:
            await super().handle_subscribe(message)  # closes the socket: a protocol error
            return
        if len(self.operations) >= self.limits.per_connection:
            await self._refuse(message, PER_CONNECTION, self.limits.per_connection)
            return
        viewer = viewer_key(self.context, self.address)
        if not self.limits.take(viewer):
            await self._refuse(message, PER_VIEWER, self.limits.per_viewer)
            return
        await super().handle_subscribe(message)
        operation = self.operations.get(message["id"])
        if operation is None or operation.task is None:
            self.limits.release(viewer)
            return
        self.counted[operation] = viewer
        self.subscribed = True
        operation.task.add_done_callback(lambda _task: self._uncount(operation))

    # An operation stops counting as soon as it leaves the connection's table (completed
    # by either side, or the socket closed), or else when its task ends.
    def forget_id(self, id: str) -> None:
        self._uncount(self.operations.get(id))
        super().forget_id(id)

    async def cleanup_operation(self, operation_id: str) -> None:
        self._uncount(self.operations.get(operation_id))
        await super().cleanup_operation(operation_id)

    def _uncount(self, operation: Operation[Any, None] | None) -> None:
        viewer = self.counted.pop(operation, None) if operation is not None else None
        if viewer is not None:
            self.limits.release(viewer)

    async def _refuse(self, message: SubscribeMessage, text: str, limit: int) -> None:
        error = GraphQLError(
            self.context._(text, limit=limit),
            extensions={"code": TOO_MANY_SUBSCRIPTIONS, "limit": limit},
        )
        await self.send_message(
            {"id": message["id"], "type": "error", "payload": [error.formatted]}
        )
