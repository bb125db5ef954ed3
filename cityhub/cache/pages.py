"""Rendered portal pages and fragments for visitors without a session, kept like GraphQL
answers (cityhub/cache/http.py). A visitor with a session cookie is never served a kept
page: the session middleware sends the cookie again with every answer, so those answers
are that visitor's own and are not kept."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cityhub import i18n
from cityhub.cache import clients
from cityhub.cache.http import Keys, serve

NOT_PAGES = ("/graphql", "/static/", "/healthz", "/schema.graphql")


def _only_cookies(header: str, allowed: frozenset[str]) -> bool:
    if not header:
        return True
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(header)
    except Exception:  # a malformed Cookie header: served, never kept
        return False
    return set(cookie) <= allowed


class PageCacheMiddleware:
    """Serves GET pages from the response cache; the lang cookie is the one cookie a kept
    page may be given for (the language is part of its key)."""

    def __init__(self, app: ASGIApp, lang_cookie: str) -> None:
        self.app = app
        self.lang_cookie = lang_cookie
        self.allowed = frozenset({lang_cookie})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(NOT_PAGES)
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        cache = scope["app"].state.response_cache
        if not _only_cookies(request.headers.get("cookie", ""), self.allowed):
            async with clients.one_connection():
                await self.app(scope, receive, send)
            return
        locale = i18n.negotiate(
            requested=request.query_params.get("lang"),
            remembered=request.cookies.get(self.lang_cookie),
            accept_language=request.headers.get("accept-language"),
        )
        fragment = "hx-request" in request.headers and (
            "hx-history-restore-request" not in request.headers
        )
        host = request.headers.get("host", "")
        lang_switch = bool(request.query_params.get("lang"))
        key = ("page", host, scope["path"], scope["query_string"], locale, fragment, lang_switch)
        keys = Keys(shared=(*key, "anonymous"), own=(*key, "anonymous"))
        response = await serve(request, cache, keys, lambda: self._compute(scope, receive))
        await response(scope, receive, send)

    async def _compute(self, scope: Scope, receive: Receive) -> Response:
        """The page as the app answers it, collected (its body is short HTML)."""
        start: Message = {}
        chunks: list[bytes] = []

        async def collect(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        async with clients.one_connection():
            await self.app(scope, receive, collect)
        response = Response(b"".join(chunks), status_code=start.get("status", 500))
        response.raw_headers = [
            (name, value) for name, value in start.get("headers", []) if name != b"content-length"
        ]
        response.headers["content-length"] = str(len(response.body))
        return response
