"""Security headers on every kind of response; no-store on personal answers only."""

from __future__ import annotations

import re

import httpx
import pytest

from cityhub.app import create_app
from cityhub.settings import PROJECT_DIR
from tests.conftest import make_settings
from tests.helpers import make_account, make_key, sign_in

TEMPLATES = PROJECT_DIR / "cityhub" / "templates"
HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
)


async def serve(settings, *, raise_app_exceptions: bool = True):
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def policy(response: httpx.Response) -> dict[str, list[str]]:
    directives = response.headers["content-security-policy"].split(";")
    return {d.split()[0]: d.split()[1:] for d in (d.strip() for d in directives) if d}


def assert_secured(response: httpx.Response) -> None:
    missing = [h for h in HEADERS if h not in response.headers]
    assert not missing, (response.request.url, response.status_code, missing)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/", {}, 200),
        ("/stations", {"HX-Request": "true"}, 200),
        ("/graphql?query={__typename}", {}, 200),
        ("/static/css/site.css", {}, 200),
        ("/static/js/stations.js", {}, 200),
        ("/no-such-page", {}, 404),
        ("/healthz", {}, 200),
        ("/schema.graphql", {}, 200),
    ],
)
async def test_every_kind_of_response_carries_the_security_headers(client, path, headers, status):
    response = await client.get(path, headers=headers)

    assert response.status_code == status
    assert_secured(response)


async def test_a_graphql_post_carries_the_security_headers(client):
    response = await client.post("/graphql", json={"query": "{ __typename }"})

    assert response.json() == {"data": {"__typename": "Query"}}
    assert_secured(response)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/login", "application/x-www-form-urlencoded"), ("/graphql", "application/json")],
)
async def test_a_request_too_large_carries_the_security_headers(
    database_url, tmp_path, path, content_type
):
    settings = make_settings(database_url, tmp_path, CITYHUB_MAX_REQUEST_BYTES="1000")

    async for http in serve(settings):
        response = await http.post(
            path, content=b"x" * 2000, headers={"content-type": content_type}
        )

    assert response.status_code == 413
    assert_secured(response)


async def test_the_500_page_carries_the_security_headers(settings, monkeypatch):
    from cityhub.resolvers import facts

    async def broken(domain=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(facts, "published_figures", broken)
    async for http in serve(settings, raise_app_exceptions=False):
        response = await http.get("/")

    assert response.status_code == 500
    assert_secured(response)


async def test_scripts_come_from_the_site_and_the_pinned_htmx_file_only(client, settings):
    csp = policy(await client.get("/"))

    assert csp["script-src"] == ["'self'", settings.htmx_url]
    assert csp["default-src"] == ["'self'"] and csp["style-src"] == ["'self'"]


async def test_a_self_hosted_htmx_adds_no_script_source(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path, CITYHUB_HTMX_URL="/static/htmx.min.js")

    async for http in serve(settings):
        csp = policy(await http.get("/"))

    assert csp["script-src"] == ["'self'"]


async def test_geolocation_is_for_the_site_only_camera_and_microphone_for_nobody(client):
    response = await client.get("/stations")

    features = dict(p.strip().split("=") for p in response.headers["permissions-policy"].split(","))
    assert features == {"geolocation": "(self)", "camera": "()", "microphone": "()"}


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*|style)\s*=|javascript:", re.IGNORECASE)


def test_no_template_has_an_inline_script_handler_or_style():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            found += [
                f"{template.relative_to(TEMPLATES)}: {m.group(0)}" for m in pattern.finditer(text)
            ]

    assert found == []


async def test_anonymous_public_pages_and_answers_stay_cacheable(client):
    for response in [
        await client.get("/"),
        await client.get("/stations"),
        await client.post("/graphql", json={"query": "{ stations(first: 1) { totalCount } }"}),
    ]:
        assert "no-store" not in response.headers.get("cache-control", ""), response.url


async def test_pages_for_a_signed_in_account_are_not_stored(client):
    await make_account("gao", "union_staff")
    await sign_in(client, "gao")

    for path in ["/account", "/", "/union/members"]:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store", path
    graphql = await client.post("/graphql", json={"query": "{ me { username } }"})
    assert graphql.headers["cache-control"] == "no-store"


async def test_answers_to_an_api_key_are_not_stored(client):
    key = await make_key("partner", "members:read")

    response = await client.post(
        "/graphql",
        json={"query": "{ members(first: 1) { totalCount } }"},
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"


async def test_a_response_that_sets_a_cookie_is_not_stored(client):
    response = await client.get("/login")

    assert "set-cookie" in response.headers
    assert response.headers["cache-control"] == "no-store"


async def test_hsts_is_sent_in_production_only(client, database_url, tmp_path):
    assert "strict-transport-security" not in (await client.get("/")).headers
    settings = make_settings(database_url, tmp_path, CITYHUB_ENV="production")

    async for http in serve(settings):
        response = await http.get("/")

    hsts = response.headers["strict-transport-security"]
    assert hsts == f"max-age={settings.hsts_max_age}; includeSubDomains"
    assert settings.hsts_max_age >= 180 * 24 * 3600
