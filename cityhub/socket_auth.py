"""Open WebSockets and the credential each rests on (an API key or a session): once it is
revoked, the socket closes with 4403 and its subscriptions stop, in every process.

A revocation is published on the event bus (PostgreSQL NOTIFY reaches every process);
as the backstop (SQLite, or a CLI in another process without the bus), each process also
re-checks its sockets' credentials every CITYHUB_SOCKET_RECHECK_SECONDS, one query per
kind of credential for all its sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.types import Message, Receive, Scope

from cityhub import events
from cityhub.resolvers import sessions
from cityhub.resolvers.accounts import ANONYMOUS, CREDENTIALS_REVOKED
from cityhub.resolvers.sessions import Lifetimes
from cityhub.settings import Settings

logger = logging.getLogger("cityhub.security")
CLOSE_REVOKED = 4403  # as a refused connection_init: the credential is not (or no longer) valid
_STATE_KEY = "guarded_socket"


class _Socket:
    """One connection: its context once connection_init is accepted, and a way to wake its
    handler's pending receive with a disconnect, so the handler stops its operations."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._revoked = asyncio.Event()
        self.context: Any = None

    @property
    def credential(self) -> tuple[str, int] | None:
        viewer = self.context.viewer if self.context is not None else ANONYMOUS
        if viewer.api_key_id is not None:
            return ("api_keys", viewer.api_key_id)
        if viewer.session_id is not None:
            return ("sessions", viewer.session_id)
        return None

    async def receive(self) -> Message:
        if self._revoked.is_set():
            return {"type": "websocket.disconnect", "code": CLOSE_REVOKED}
        if self.credential is None:  # no credential to lose: nothing to watch for
            return await self._receive()
        waiting = asyncio.ensure_future(self._receive())
        revoked = asyncio.ensure_future(self._revoked.wait())
        await asyncio.wait({waiting, revoked}, return_when=asyncio.FIRST_COMPLETED)
        if waiting.done():
            revoked.cancel()
            return waiting.result()
        waiting.cancel()
        return {"type": "websocket.disconnect", "code": CLOSE_REVOKED}

    async def revoke(self) -> None:
        self.context.viewer = ANONYMOUS  # nothing more runs as the revoked credential
        with contextlib.suppress(Exception):  # the client may be gone already
            await self.context.request.close(code=CLOSE_REVOKED, reason="credentials revoked")
        self._revoked.set()


class SocketRegistry:
    """This process's open sockets that rest on a credential."""

    def __init__(self, settings: Settings) -> None:
        self._open: set[_Socket] = set()
        self._interval = settings.socket_recheck_seconds
        self._lifetimes = Lifetimes.of(settings.session_idle_minutes, settings.session_max_hours)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._watch())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    @contextlib.asynccontextmanager
    async def guarded(self, scope: Scope, receive: Receive) -> AsyncIterator[Receive]:
        """The receive to hand the GraphQL view for this WebSocket; forgotten once it ends."""
        socket = _Socket(receive)
        scope.setdefault("state", {})[_STATE_KEY] = socket
        try:
            yield socket.receive
        finally:
            self._open.discard(socket)

    def register(self, context: Any) -> None:
        """After connection_init is accepted: watch the credential the context's viewer has."""
        socket = getattr(context.request.state, _STATE_KEY, None)
        if socket is None:
            return
        socket.context = context
        if socket.credential is not None:
            self._open.add(socket)

    async def close_revoked(self, api_keys: set[int], session_ids: set[int]) -> int:
        """Close the sockets resting on any of these credentials; how many closed."""
        revoked = {("api_keys", i) for i in api_keys} | {("sessions", i) for i in session_ids}
        closing = [s for s in self._open if s.credential in revoked]
        for socket in closing:
            self._open.discard(socket)
            await socket.revoke()
        if closing:
            logger.info("closed %d WebSocket(s) whose credential was revoked", len(closing))
        return len(closing)

    async def recheck(self) -> int:
        """Close the sockets whose credential is no longer valid: one query per kind."""
        held = {s.credential for s in self._open} - {None}
        keys = {i for kind, i in held if kind == "api_keys"}  # type: ignore[misc]
        held_sessions = {i for kind, i in held if kind == "sessions"}  # type: ignore[misc]
        live_keys = await sessions.live_api_keys(sorted(keys)) if keys else set()
        live = (
            await sessions.live_sessions(sorted(held_sessions), self._lifetimes)
            if held_sessions
            else set()
        )
        return await self.close_revoked(keys - live_keys, held_sessions - live)

    async def _listen(self) -> None:
        async for event in events.subscribe(CREDENTIALS_REVOKED):
            revoked = event.payload
            try:
                await self.close_revoked(
                    set(revoked.get("api_keys", ())), set(revoked.get("sessions", ()))
                )
            except Exception:  # a bad event must not stop the listener
                logger.exception("closing revoked sockets failed")

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.recheck()
            except Exception:  # e.g. the database briefly unreachable: try next time
                logger.exception("re-checking the sockets' credentials failed")

    @property
    def open_count(self) -> int:
        return len(self._open)
