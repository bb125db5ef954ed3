"""Security headers on every HTTP response: the Content-Security-Policy, nosniff, the
referrer and permissions policies, HSTS in production, and no-store on personal answers."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cityhub.settings import Settings

CSP = "content-security-policy"
# The site asks for the visitor's position (the station finder's "near me") and for
# nothing else a browser guards.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=()"


def _htmx_source(settings: Settings) -> str | None:
    """The htmx file when pages load it from another origin (a CDN), else None.

    The exact URL rather than the CDN's origin: jsDelivr serves every npm package, so an
    origin-wide source would let an injected tag load any script published there.
    """
    parts = urlsplit(settings.htmx_url)
    return settings.htmx_url if parts.scheme in ("http", "https") and parts.netloc else None


def content_security_policy(settings: Settings, **overrides: str) -> str:
    """The site's policy; ``overrides`` replace whole directives (``style_src="..."``)."""
    htmx = _htmx_source(settings)
    directives = {
        "default-src": "'self'",
        "script-src": "'self'" + (f" {htmx}" if htmx else ""),
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    directives.update({name.replace("_", "-"): value for name, value in overrides.items()})
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _is_personal(state: Mapping[str, object], headers: MutableHeaders) -> bool:
    """Answered for a signed-in account or an API key, or it sets a cookie: such a
    response must not sit in a shared cache nor on the device after the visit."""
    viewer = state.get("viewer")
    return bool(getattr(viewer, "is_authenticated", False)) or "set-cookie" in headers


def secure(headers: MutableHeaders, state: Mapping[str, object], settings: Settings) -> None:
    """Add the security headers; a response that set its own policy keeps it."""
    headers.setdefault(CSP, content_security_policy(settings))
    headers.setdefault("x-content-type-options", "nosniff")
    headers.setdefault("referrer-policy", "strict-origin-when-cross-origin")
    headers.setdefault("permissions-policy", PERMISSIONS_POLICY)
    if settings.production:
        headers.setdefault(
            "strict-transport-security", f"max-age={settings.hsts_max_age}; includeSubDomains"
        )
    if _is_personal(state, headers) and "no-store" not in headers.get("cache-control", ""):
        headers["cache-control"] = "no-store"


class SecurityHeadersMiddleware:
    """Adds the security headers as each HTTP response starts (the 500 page, answered
    outside the middleware stack, calls ``secure`` itself)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                secure(MutableHeaders(scope=message), scope.get("state", {}), self.settings)
            await send(message)

        await self.app(scope, receive, send_secured)
