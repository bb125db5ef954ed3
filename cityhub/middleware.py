"""ASGI middleware: a request id on every request, response and log line; a cap on the
size of request bodies."""

from __future__ import annotations

import re
import secrets

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Keeps a well-formed incoming X-Request-ID (from a load balancer) or makes one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = incoming if _VALID_ID.match(incoming) else secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)


class RequestTooLarge(HTTPException):
    """A request body above the limit; the app's HTTP error handler words the answer."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"The request body is larger than {max_bytes:,} bytes.")
        self.max_bytes = max_bytes


class BodyLimitMiddleware:
    """Stops reading a request body above ``max_bytes``: the app's first read fails at once
    when Content-Length says so, a streamed body as soon as it passes the limit. The read
    raises RequestTooLarge, which the app's error handler turns into a 413 page (or a
    GraphQL error on /graphql).

    The limit sits above the upload rules (files x size per file), so a file just over
    its limit still reaches the form or the mutation and gets their clear message; this
    only stops bodies no form could send.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        received = int(declared) if declared.isdigit() else 0

        async def counting_receive() -> Message:
            nonlocal received
            if received > self.max_bytes:
                raise RequestTooLarge(self.max_bytes)
            message = await receive()
            if message["type"] == "http.request" and not declared:
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestTooLarge(self.max_bytes)
            return message

        await self.app(scope, counting_receive, send)
