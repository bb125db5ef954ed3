"""GraphQL over HTTP: transports, the SDL, limits on abusive documents, error shapes."""

from __future__ import annotations

import asyncio
import logging

import httpx
from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.extensions.validation_cache import _get_validate_cache

from cityhub.app import create_app
from cityhub.schema import sdl
from cityhub.settings import PROJECT_DIR
from tests.conftest import make_settings
from tests.helpers import codes, gql

COUNT = "{ stations(first: 0, kind: STATION) { totalCount } }"


async def test_post_and_get_answer_queries(client):
    posted = await client.post("/graphql", json={"query": COUNT})
    got = await client.get("/graphql", params={"query": COUNT})

    assert posted.json() == got.json() == {"data": {"stations": {"totalCount": 35}}}


async def test_get_refuses_mutations(client):
    mutation = 'mutation { revokeApiKey(input: {id: "QXBpS2V5OjE="}) { userErrors { code } } }'

    response = await client.get("/graphql", params={"query": mutation})

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_a_browser_gets_graphiql(client):
    response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_schema_sdl_is_served_and_matches_the_committed_file(client):
    response = await client.get("/schema.graphql")

    committed = (PROJECT_DIR / "schema.graphql").read_text(encoding="utf-8")
    assert response.status_code == 200
    assert response.text == sdl() == committed, "run `cityhub export-schema > schema.graphql`"


async def test_graphql_response_json_clients_get_400_for_request_errors(client):
    response = await client.post(
        "/graphql",
        json={"query": "{ nope }"},
        headers={"Accept": "application/graphql-response+json"},
    )

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in response.json()
    assert codes(response.json()) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_syntax_errors_have_a_code(client):
    body = await gql(client, "{ stations(first: ")

    assert codes(body) == ["GRAPHQL_PARSE_FAILED"]


async def serve(settings):
    """A client for an app built from ``settings`` (for tests that change a limit)."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def test_depth_beyond_the_limit_is_refused_with_a_code(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path, CITYHUB_GRAPHQL_MAX_DEPTH="3")
    deep = "{ stations { edges { node { district { name } } } } }"
    shallow = "{ stations(kind: STATION) { totalCount } }"

    async for http in serve(settings):
        refused, answered = await gql(http, deep), await gql(http, shallow)

    assert codes(refused) == ["QUERY_TOO_DEEP"]
    assert "data" not in refused or refused["data"] is None
    assert answered == {"data": {"stations": {"totalCount": 35}}}


async def test_more_than_15_aliases_is_refused(client):
    query = "{ " + " ".join(f"a{i}: viewer {{ kind }}" for i in range(16)) + " }"

    body = await gql(client, query)

    assert codes(body) == ["TOO_MANY_ALIASES"]


async def test_more_tokens_than_the_limit_is_refused(client):
    query = "{ " + " ".join("viewer { kind }" for _ in range(600)) + " }"

    body = await gql(client, query)

    assert codes(body) == ["TOO_MANY_TOKENS"]


async def test_a_document_longer_than_the_limit_is_refused(client):
    query = "{ viewer { kind } }" + " " * 20_000

    body = await gql(client, query)

    assert codes(body) == ["DOCUMENT_TOO_LARGE"]


async def test_introspection_is_not_cut_by_the_depth_limit(client):
    from graphql import get_introspection_query

    body = await gql(client, get_introspection_query())

    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_parser_and_validation_caches_hit_with_the_limits_on(app, client, settings):
    app.state.response_cache.enabled = False  # the answer itself would come from the cache
    query = "{ districts { code } }"
    await gql(client, query)
    parse_before = _get_parse_cache(settings.graphql_cache_size).cache_info().hits
    validate_before = _get_validate_cache(settings.graphql_cache_size).cache_info().hits

    await gql(client, query)

    assert _get_parse_cache(settings.graphql_cache_size).cache_info().hits == parse_before + 1
    assert _get_validate_cache(settings.graphql_cache_size).cache_info().hits == validate_before + 1


async def test_every_response_carries_a_request_id_and_keeps_a_sane_incoming_one(client):
    fresh = await client.post("/graphql", json={"query": COUNT})
    kept = await client.post(
        "/graphql", json={"query": COUNT}, headers={"X-Request-ID": "lb-12345678"}
    )
    forged = await client.post(
        "/graphql", json={"query": COUNT}, headers={"X-Request-ID": "<script>"}
    )

    assert len(fresh.headers["x-request-id"]) == 16
    assert kept.headers["x-request-id"] == "lb-12345678"
    assert forged.headers["x-request-id"] != "<script>"


async def _break_districts(monkeypatch):
    from cityhub.resolvers import geo

    async def broken() -> list:
        raise RuntimeError("disk on fire at /var/lib/secret")

    monkeypatch.setattr(geo, "list_districts", broken)


async def test_unexpected_errors_are_masked_in_production_with_a_logged_request_id(
    database_url, tmp_path, monkeypatch, caplog
):
    settings = make_settings(database_url, tmp_path, CITYHUB_ENV="production")
    await _break_districts(monkeypatch)

    async for http in serve(settings):
        with caplog.at_level(logging.ERROR, logger="cityhub.graphql"):
            response = await http.post("/graphql", json={"query": "{ districts { code } }"})

    error = response.json()["errors"][0]
    request_id = response.headers["x-request-id"]
    assert "disk on fire" not in response.text
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert request_id in error["message"]
    assert any(request_id in r.getMessage() for r in caplog.records)


async def test_validation_errors_stay_readable_in_production(database_url, tmp_path):
    settings = make_settings(database_url, tmp_path, CITYHUB_ENV="production")

    async for http in serve(settings):
        body = await gql(http, "{ stationz }")

    assert "stationz" in body["errors"][0]["message"]
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_unexpected_errors_keep_their_message_in_development(client, monkeypatch):
    await _break_districts(monkeypatch)

    body = await gql(client, "{ districts { code } }")

    assert codes(body) == ["INTERNAL_SERVER_ERROR"]
    assert "disk on fire" in body["errors"][0]["message"]


async def test_a_failing_field_on_the_first_request_leaves_the_database_usable(app):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        # `members` fails at once (anonymous); its sibling `fleets` is cancelled mid-query.
        first = await gql(http, "{ fleets { nodes { code } } members { totalCount } }")
        later = await asyncio.wait_for(gql(http, "{ districts { code } }"), timeout=10)

    assert codes(first) == ["UNAUTHENTICATED"]
    assert len(later["data"]["districts"]) == 10
