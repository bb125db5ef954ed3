"""The Starlette application: routes, middleware, lifespan, error pages."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from tortoise import connections

from cityhub import db, events, jobs, relay
from cityhub.api import GraphQLView
from cityhub.cache.pages import PageCacheMiddleware
from cityhub.cache.runtime import ResponseCache
from cityhub.cache.static import VersionedStaticFiles
from cityhub.headers import SecurityHeadersMiddleware, secure
from cityhub.middleware import BodyLimitMiddleware, RequestIdMiddleware, RequestTooLarge
from cityhub.portal import routes as portal_routes
from cityhub.portal.base import LANG_COOKIE, STATIC_DIR, LoginRequired, render
from cityhub.ratelimits import RateLimits
from cityhub.resolvers.accounts import configure_hashing
from cityhub.schema import build_schema
from cityhub.sessions import SESSION_COOKIE
from cityhub.settings import Settings, load_settings
from cityhub.socket_auth import SocketRegistry

logger = logging.getLogger("cityhub")


async def healthz(request: Request) -> Response:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any failure means "not ready"; the reason goes to the log
        logger.exception("health check: database unavailable")
        return JSONResponse({"status": "unavailable", "database": "error"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


async def schema_sdl(request: Request) -> Response:
    if not request.app.state.settings.introspection:
        raise HTTPException(404)
    return PlainTextResponse(request.app.state.sdl, media_type="text/plain; charset=utf-8")


async def http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if isinstance(exc, RequestTooLarge) and request.url.path.startswith("/graphql"):
        error = {
            "message": exc.detail,
            "extensions": {"code": "REQUEST_TOO_LARGE", "maxBytes": exc.max_bytes},
        }
        return JSONResponse({"errors": [error]}, status_code=413)
    if isinstance(exc, RequestTooLarge):
        context = {"status": 413, "max_bytes": exc.max_bytes}
        return await render(request, "errors/error.html", context, status_code=413)
    if request.url.path.startswith("/graphql"):
        headers = getattr(exc, "headers", None)
        return PlainTextResponse(
            getattr(exc, "detail", "Error"), status_code=status, headers=headers
        )
    detail = exc.detail if isinstance(exc, HTTPException) and status == 400 else None
    return await render(
        request, "errors/error.html", {"status": status, "detail": detail}, status_code=status
    )


async def login_required(request: Request, exc: Exception) -> Response:
    target = exc.next_path if isinstance(exc, LoginRequired) else "/"
    return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)


async def server_error(request: Request, exc: Exception) -> Response:
    request_id = getattr(request.state, "request_id", "-")
    logger.error("unhandled error (request id %s)", request_id, exc_info=exc)
    response = await render(
        request, "errors/error.html", {"status": 500, "request_id": request_id}, status_code=500
    )
    # The server-error handler answers outside the middleware stack; add the id here.
    response.headers["x-request-id"] = request_id
    secure(response.headers, request.scope.get("state", {}), request.app.state.settings)
    return response


def _lifespan(settings: Settings) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await db.init_db(settings)
        await app.state.response_cache.start()
        await events.start(settings)
        await app.state.sockets.start()
        stop_relay = relay.start_in_server(settings)
        stop_jobs = jobs.start_in_server(settings)
        # Everything loaded so far lives as long as the process: keep it out of the
        # collector's scans (measured: -12% CPU per stations query, bench/README.md).
        gc.freeze()
        try:
            yield
        finally:
            await app.state.sockets.stop()
            await stop_relay()
            await stop_jobs()
            await events.stop()
            await app.state.response_cache.stop()
            await db.close_db()

    return lifespan


def _middleware(settings: Settings) -> list[Middleware]:
    return [
        Middleware(SecurityHeadersMiddleware, settings=settings),
        Middleware(RequestIdMiddleware),
        Middleware(BodyLimitMiddleware, max_bytes=settings.request_body_limit),
        Middleware(GZipMiddleware, minimum_size=settings.cache.gzip_min_bytes),
        Middleware(PageCacheMiddleware, lang_cookie=LANG_COOKIE),
        Middleware(
            SessionMiddleware,
            secret_key=str(settings.secret_key),
            session_cookie=SESSION_COOKIE,
            max_age=settings.session_max_age,
            same_site="lax",
            https_only=settings.https_only_cookies,
        ),
    ]


def _routes(graphql: GraphQLView) -> list[BaseRoute]:
    return [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/schema.graphql", schema_sdl),
        Route("/healthz", healthz),
        Mount("/static", VersionedStaticFiles(directory=STATIC_DIR), name="static"),
        *portal_routes,
    ]


EXCEPTION_HANDLERS = {
    HTTPException: http_error,
    LoginRequired: login_required,
    Exception: server_error,
}


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or load_settings()
    settings.check()
    configure_hashing(settings.hashing_cost)
    schema = build_schema(settings)
    app = Starlette(
        debug=settings.debug,
        routes=_routes(GraphQLView(schema, settings)),
        middleware=_middleware(settings),
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=_lifespan(settings),
    )
    app.state.settings = settings
    app.state.rate_limits = RateLimits(settings)
    app.state.response_cache = ResponseCache(settings, db.sqlite_path(settings.database_url))
    app.state.sockets = SocketRegistry(settings)
    app.state.schema = schema
    app.state.sdl = schema.as_str() + "\n"
    return app
