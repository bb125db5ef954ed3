"""What every page shares: templates per language, the in-process GraphQL client, CSRF."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from babel.numbers import format_decimal
from graphql import FragmentDefinitionNode, GraphQLError, parse, print_ast
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from cityhub import i18n
from cityhub.i18n import N_
from cityhub.portal import registry
from cityhub.schema.context import Context
from cityhub.sessions import CSRF_FIELD, CSRF_HEADER, csrf_matches, csrf_token, session_viewer

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
LANG_COOKIE = "cityhub_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Codes of errors a visitor can cause with a hand-edited URL or form: shown as a 400 page.
VISITOR_ERROR_CODES = {"BAD_USER_INPUT", "INVALID_CURSOR", "PAGE_SIZE_OUT_OF_RANGE"}


class LoginRequired(Exception):
    """The page's document needs a signed-in viewer: send the visitor to sign in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class QueryFailed(Exception):
    def __init__(self, errors: list[GraphQLError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@functools.cache
def static_version(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]


def format_number(value: Any, locale: str) -> str:
    """65,000 / 93 / 1.5 from a Decimal string: no trailing zeros, grouped digits."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return format_decimal(number, locale=locale.replace("-", "_"))


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
    env.install_gettext_translations(i18n.translations(locale), newstyle=True)
    env.filters["number"] = format_number
    env.globals.update(
        nav=site_nav,
        cards=registry.cards,
        locale=locale,
        locales=i18n.LOCALE_NAMES,
        static=lambda path: f"/static/{path}?v={static_version(path)}",
    )
    return env


TEMPLATES = {locale: Jinja2Templates(env=_environment(locale)) for locale in i18n.LOCALES}


def page_locale(request: Request) -> str:
    """?lang= switches (and is remembered in a cookie); Chinese otherwise."""
    return (
        i18n.normalize(request.query_params.get("lang"))
        or i18n.normalize(request.cookies.get(LANG_COOKIE))
        or i18n.DEFAULT_LOCALE
    )


def query_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is not None:
            params.extend((key, v) for v in (value if isinstance(value, list) else [value]))
    return request.url.path + ("?" + urlencode(params) if params else "")


async def context_for(request: Request) -> Context:
    if getattr(request.state, "viewer", None) is None:
        request.state.viewer = await session_viewer(request)
    return Context(
        viewer=request.state.viewer,
        locale=page_locale(request),
        request_id=getattr(request.state, "request_id", "-"),
        request=request,
        can_start_session=getattr(request.state, "csrf_checked", False),
    )


FRAGMENT_FILES = "_fragments.graphql"


@functools.cache
def shared_fragments() -> dict[str, str]:
    """Fragments from every ``_fragments.graphql`` under templates/, by name."""
    found: dict[str, str] = {}
    for path in sorted(TEMPLATES_DIR.rglob(FRAGMENT_FILES)):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, FragmentDefinitionNode):
                name = definition.name.value
                if name in found:
                    raise ValueError(f"fragment {name} is defined twice ({path})")
                found[name] = print_ast(definition)
    return found


@functools.cache
def document(name: str) -> str:
    """A GraphQL document kept beside its template, e.g. ``union/stations.graphql``, with
    the shared fragments it spreads (and those they spread) appended."""
    text = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    fragments = shared_fragments()
    needed: list[str] = []
    pending = [text]
    while pending:
        source = pending.pop()
        for spread in re.findall(r"\.\.\.\s*([_A-Za-z]\w*)", source):
            if spread in fragments and spread not in needed and f"fragment {spread} " not in text:
                needed.append(spread)
                pending.append(fragments[spread])
    return "\n\n".join([text, *(fragments[n] for n in needed)])


async def run_query(request: Request, name: str, variables: dict[str, Any] | None = None) -> dict:
    """Run a page's document in-process as the visitor; any error fails loudly."""
    schema = request.app.state.schema
    result = await schema.execute(
        document(name), variable_values=variables, context_value=await context_for(request)
    )
    if result.errors:
        codes = {(e.extensions or {}).get("code") for e in result.errors}
        if codes == {"UNAUTHENTICATED"}:
            query = request.url.query
            raise LoginRequired(request.url.path + (f"?{query}" if query else ""))
        if codes == {"FORBIDDEN"}:
            raise HTTPException(403, "; ".join(e.message for e in result.errors))
        if codes <= VISITOR_ERROR_CODES:
            raise HTTPException(400, "; ".join(e.message for e in result.errors))
        raise QueryFailed(result.errors)
    return result.data


def field_errors(
    user_errors: list[dict[str, Any]], form_field: Callable[[str | None], str] | None = None
) -> dict[str, str]:
    """A mutation's userErrors as {form field: its first message}; ``form_field`` maps an
    input path to the form's name for it (default: the path; "_" for the whole form)."""
    errors: dict[str, str] = {}
    for error in user_errors:
        name = form_field(error["field"]) if form_field else error["field"] or "_"
        errors.setdefault(name, error["message"])
    return errors


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
    viewer = getattr(request.state, "viewer", None)
    if viewer is None:
        viewer = request.state.viewer = await session_viewer(request)
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
    # The session middleware adds "Cookie" (language and sign-in change the page).
    response.headers["Vary"] = "HX-Request"
    if request.query_params.get("lang") and i18n.normalize(request.query_params["lang"]):
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
            sent = request.headers.get(CSRF_HEADER)
            if sent is None:
                form = await request.form()
                sent = form.get(CSRF_FIELD)
            if not csrf_matches(request, sent if isinstance(sent, str) else None):
                raise HTTPException(403, "CSRF token missing or wrong")
            request.state.csrf_checked = True
        return await endpoint(request)

    checked.csrf_protected = True  # type: ignore[attr-defined]
    return checked
