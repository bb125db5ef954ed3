"""GraphiQL and introspection: both on by default, each turned off by its setting; GraphiQL
served from the site's own pinned files with Subresource Integrity."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import httpx
import pytest

from cityhub.app import create_app
from cityhub.settings import PROJECT_DIR
from tests.conftest import make_settings
from tests.helpers import codes, gql

BROWSER = {"Accept": "text/html"}
SCHEMA = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Station") { name } }'
MANIFEST = PROJECT_DIR / "cityhub" / "static" / "vendor" / "graphiql" / "manifest.json"


async def serve(settings):
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def sri(content: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


async def test_graphiql_loads_only_the_sites_files_each_with_its_hash(client):
    html = (await client.get("/graphql", headers=BROWSER)).text
    assets = re.findall(r'(?:src|href)="([^"]+)" integrity="([^"]+)"', html)

    assert len(assets) == 8
    assert len(re.findall(r"<script|<link", html)) == len(assets)
    for url, integrity in assets:
        assert url.startswith("/static/"), url
        response = await client.get(url)
        assert response.status_code == 200, url
        assert sri(response.content) == integrity, url


def test_the_manifest_records_pinned_versions_and_their_hashes():
    files = json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]

    assert {(f["package"], f["version"]) for f in files.values()} == {
        ("react", "18.2.0"),
        ("react-dom", "18.2.0"),
        ("graphiql", "3.8.3"),
        ("@graphiql/plugin-explorer", "1.0.2"),
    }
    for name, entry in files.items():
        assert sri((MANIFEST.parent / name).read_bytes()) == entry["integrity"], name


async def test_graphiql_off_answers_a_browser_with_404_and_the_api_still_answers(
    database_url, tmp_path
):
    settings = make_settings(database_url, tmp_path, CITYHUB_GRAPHIQL="false")

    async for http in serve(settings):
        page = await http.get("/graphql", headers=BROWSER)
        query = await http.get("/graphql", params={"query": "{ __typename }"})
        home = await http.get("/")

    assert page.status_code == 404
    assert query.json() == {"data": {"__typename": "Query"}}
    assert 'href="/graphql"' not in home.text


async def test_introspection_is_on_by_default(client):
    body = await gql(client, SCHEMA)
    sdl = await client.get("/schema.graphql")

    assert body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert sdl.status_code == 200 and "type Query" in sdl.text


@pytest.mark.parametrize("document", [SCHEMA, TYPE])
async def test_introspection_off_refuses_schema_queries_with_a_code(
    database_url, tmp_path, document
):
    settings = make_settings(database_url, tmp_path, CITYHUB_INTROSPECTION="false")

    async for http in serve(settings):
        refused = await gql(http, document)
        typename = await gql(http, "{ __typename stations(first: 1) { totalCount } }")

    assert set(codes(refused)) == {"INTROSPECTION_DISABLED"}
    assert "data" not in refused or refused["data"] is None
    assert typename["data"]["__typename"] == "Query"
    assert "errors" not in typename


async def test_introspection_off_hides_the_sdl(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path, CITYHUB_INTROSPECTION="false")

    async for http in serve(settings):
        sdl = await http.get("/schema.graphql")
        developers = await http.get("/developers")

    assert sdl.status_code == 404
    assert "type Query" not in sdl.text
    assert 'href="/schema.graphql"' not in developers.text
