"""What every page shares: templates per language, the visitor and their language (worked
out once per request), rendering whole pages or htmx fragments, and CSRF."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from cityhub import i18n
from cityhub.i18n import N_
from cityhub.portal import registry
from cityhub.portal.formatting import by_source, format_number, local_time
from cityhub.portal.languages import PUNCTUATION, chinese, chinese_attribute, localized
from cityhub.portal.qr import qr_svg
from cityhub.sessions import CSRF_FIELD, CSRF_HEADER, csrf_matches, csrf_token, session_viewer

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
LANG_COOKIE = "cityhub_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequired(Exception):
    """The page's document needs a signed-in viewer: send the visitor to sign in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@functools.cache
def static_version(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]


def site_nav() -> list[registry.NavEntry]:
    """The header's links: each installed domain's entry, then search."""
    return [*registry.nav_entries(), registry.NavEntry("/search", N_("搜索"))]


def _environment(locale: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Added by the i18n extension at run time; Environment's stubs do not know it.
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(locale), newstyle=True
    )
    env.filters["number"] = format_number
    env.filters["local_time"] = local_time
    env.filters["by_source"] = by_source
    env.filters["zh"] = lambda text: chinese(text, locale)
    env.filters["qr"] = qr_svg
    env.globals.update(
        nav=site_nav,
        cards=registry.cards,
        locale=locale,
        locales=i18n.LOCALE_NAMES,
        local=lambda record, field: localized(record, field, locale),
        zh_lang=lambda text: chinese_attribute(text, locale),
        punct=PUNCTUATION[locale],
        static=lambda path: f"/static/{path}?v={static_version(path)}",
    )
    return env


TEMPLATES = {locale: Jinja2Templates(env=_environment(locale)) for locale in i18n.LOCALES}


def page_locale(request: Request) -> str:
    """?lang= switches (and is remembered in a cookie), else the remembered choice, else
    the browser's Accept-Language; Chinese by default. Worked out once per request."""
    locale = getattr(request.state, "locale", None)
    if locale is None:
        locale = request.state.locale = i18n.negotiate(
            requested=request.query_params.get("lang"),
            remembered=request.cookies.get(LANG_COOKIE),
            accept_language=request.headers.get("accept-language"),
        )
    return locale


async def page_viewer(request: Request) -> Any:
    """Who the session says is visiting (anonymous without one), read once per request."""
    viewer = getattr(request.state, "viewer", None)
    if viewer is None:
        viewer = request.state.viewer = await session_viewer(request)
    return viewer


def query_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is not None:
            params.extend((key, v) for v in (value if isinstance(value, list) else [value]))
    return request.url.path + ("?" + urlencode(params) if params else "")


def is_fragment_request(request: Request) -> bool:
    """htmx asked for a part of the page (history restores want the whole page)."""
    return "hx-request" in request.headers and "hx-history-restore-request" not in request.headers


async def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    fragment: str | None = None,
    status_code: int = 200,
) -> Response:
    """The whole page, or only ``fragment`` when htmx asks; caches vary on that.

    Anonymous visitors get no session (and no Set-Cookie) until a page needs a CSRF
    token, so public pages stay cacheable.
    """
    locale = page_locale(request)
    name = fragment if fragment and is_fragment_request(request) else template
    viewer = await page_viewer(request)
    response = TEMPLATES[locale].TemplateResponse(
        request,
        name,
        {
            # Not "viewer": a page's GraphQL data may carry its own `viewer` key.
            "signed_in": viewer if viewer.account_id is not None else None,
            "csrf_ready": "csrf" in request.session,
            "csrf_token": lambda: csrf_token(request),
            "csrf_field": CSRF_FIELD,
            "csrf_header": CSRF_HEADER,
            "settings": request.app.state.settings,
            "query_url": functools.partial(query_url, request),
            **(context or {}),
        },
        status_code=status_code,
    )
    # The session middleware adds "Cookie" (the language and sign-in change the page too).
    response.headers["Vary"] = "HX-Request, Accept-Language"
    if i18n.normalize(request.query_params.get("lang")):
        response.set_cookie(
            LANG_COOKIE, locale, max_age=LANG_COOKIE_AGE, httponly=True, samesite="lax"
        )
    return response


Endpoint = Callable[[Request], Awaitable[Response]]


def csrf_protected(endpoint: Endpoint) -> Endpoint:
    """Refuse a state-changing request without the session's token (field or header)."""

    @functools.wraps(endpoint)
    async def checked(request: Request) -> Response:
        if request.method in UNSAFE_METHODS:
            sent: object = request.headers.get(CSRF_HEADER)
            if sent is None:
                form = await request.form()
                sent = form.get(CSRF_FIELD)
            if not csrf_matches(request, sent if isinstance(sent, str) else None):
                raise HTTPException(403, "CSRF token missing or wrong")
            request.state.csrf_checked = True
        return await endpoint(request)

    checked.csrf_protected = True  # type: ignore[attr-defined]
    return checked
