"""The response cache: a repeated read is answered without running it again, every write
(through the API, the ORM, or another connection to the database) makes what it changed
fresh at once, and no viewer is given an answer computed for one who may see more."""

from __future__ import annotations

from base64 import b64decode

import pytest

from cityhub import clock
from cityhub.cache.http import CACHE_HEADER
from tests.helpers import (
    count_queries,
    gql,
    make_account,
    make_key,
    settle,
    sign_in,
    write_elsewhere,
)

STATION = "query($first: Int) { stations(first: $first) { totalCount nodes { id name } } }"
RENAME = """
mutation($input: UpdateStationInput!) {
  updateStation(input: $input) { station { name } userErrors { code } }
}
"""
MEMBERS = "{ members(first: 3) { nodes { memberNo phone } } }"
STATS = "{ responseCache { enabled hits misses entries bytes maxBytes } }"


async def post(client, query, variables=None, **headers):
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return response, response.json()


async def test_a_repeated_query_is_answered_from_the_cache_without_sql(client):
    first, body = await post(client, STATION, {"first": 3})
    with count_queries() as counter:
        # spacing and commas do not split the cache: the document is normalised
        again, same = await post(client, STATION.replace(" ", "  "), {"first": 3})

    assert first.headers[CACHE_HEADER] == "miss"
    assert again.headers[CACHE_HEADER] == "hit"
    assert counter.count == 0
    assert same == body


async def test_other_variables_are_another_answer(client):
    _, three = await post(client, STATION, {"first": 3})
    response, two = await post(client, STATION, {"first": 2})

    assert response.headers[CACHE_HEADER] == "miss"
    assert len(two["data"]["stations"]["nodes"]) == 2 != len(three["data"]["stations"]["nodes"])


async def test_a_mutation_makes_the_next_read_fresh(client):
    _, before = await post(client, STATION, {"first": 1})
    station = before["data"]["stations"]["nodes"][0]
    key = await make_key("map app", "stations:write")
    renamed = await gql(
        client, RENAME, {"input": {"id": station["id"], "name": "新名字驿站"}}, key=key
    )
    assert renamed["data"]["updateStation"]["userErrors"] == []

    response, after = await post(client, STATION, {"first": 1})

    assert response.headers[CACHE_HEADER] == "miss"
    assert after["data"]["stations"]["nodes"][0]["name"] == "新名字驿站"


async def test_a_write_by_another_connection_makes_the_next_read_fresh(client, settings):
    """As the CLI or a second server would: a connection that is not this process's."""
    _, before = await post(client, STATION, {"first": 1})
    pk = int(b64decode(before["data"]["stations"]["nodes"][0]["id"]).split(b":")[1])
    await write_elsewhere(settings, "UPDATE station SET name = '别处改名驿站' WHERE id = ?", pk)
    await settle(settings)

    _, after = await post(client, STATION, {"first": 1})

    assert after["data"]["stations"]["nodes"][0]["name"] == "别处改名驿站"


async def test_anonymous_a_partner_key_and_staff_each_get_their_own_answer(client):
    staff_account = "cachestaff"
    await make_account(staff_account, "union_staff")
    partner = await make_key("fund centre", "members:read")

    # the answer that shows the most is computed first, then the others ask
    await sign_in(client, staff_account)
    _, as_staff = await post(client, MEMBERS)
    client.cookies.clear()
    _, as_partner = await post(client, MEMBERS, Authorization=f"Bearer {partner}")
    _, as_anonymous = await post(client, MEMBERS)

    staff_phones = [m["phone"] for m in as_staff["data"]["members"]["nodes"]]
    partner_phones = [m["phone"] for m in as_partner["data"]["members"]["nodes"]]
    assert all("*" not in phone for phone in staff_phones)
    assert all("****" in phone for phone in partner_phones)
    assert as_anonymous.get("data") is None or as_anonymous["data"]["members"] is None
    assert as_anonymous["errors"][0]["extensions"]["code"] in ("UNAUTHENTICATED", "FORBIDDEN")


async def test_an_answer_about_the_viewer_is_kept_for_that_viewer_only(client):
    for username in ("cachealpha", "cachebeta"):
        await make_account(username, "union_staff")
    names = []
    for username in ("cachealpha", "cachebeta", "cachealpha"):
        client.cookies.clear()
        await sign_in(client, username)
        _, body = await post(client, "{ viewer { account { username } } }")
        names.append(body["data"]["viewer"]["account"]["username"])

    assert names == ["cachealpha", "cachebeta", "cachealpha"]


async def test_an_answer_that_reads_the_clock_is_kept_only_to_the_next_minute(client, app):
    await post(client, "{ stations(first: 3) { nodes { isOpenNow } } }")

    entries = app.state.response_cache.store._entries.values()
    longest = max((entry.expires - clock.now()).total_seconds() for entry in entries)
    assert 0 < longest <= 60


async def test_mutations_and_errors_are_never_kept(client, app):
    await post(client, "{ nosuchfield }")
    await post(client, "{ nosuchfield }")
    response, _ = await post(client, "{ nosuchfield }")

    assert response.headers[CACHE_HEADER] == "miss"
    assert len(app.state.response_cache.store) == 0


async def test_admins_read_the_hit_and_miss_counts_and_nobody_else_does(client):
    await make_account("cacheadmin", "admin")
    refused = await gql(client, STATS)
    await sign_in(client, "cacheadmin")
    await post(client, STATION, {"first": 3})
    await post(client, STATION, {"first": 3})

    stats = (await gql(client, STATS))["data"]["responseCache"]
    again = (await gql(client, STATS))["data"]["responseCache"]

    assert refused["errors"][0]["extensions"]["code"] in ("UNAUTHENTICATED", "FORBIDDEN")
    assert stats["enabled"] is True and stats["hits"] >= 1 and stats["entries"] >= 1
    assert 0 < stats["bytes"] <= stats["maxBytes"]
    assert again["misses"] == stats["misses"] + 1  # the counts themselves are never kept


async def test_get_queries_carry_an_etag_and_answer_304_when_it_matches(client):
    params = {"query": "{ districts { code } }"}
    first = await client.get("/graphql", params=params)
    again = await client.get(
        "/graphql", params=params, headers={"If-None-Match": first.headers["etag"]}
    )

    assert first.status_code == 200 and first.headers["etag"]
    assert again.status_code == 304 and again.content == b""


async def test_pages_for_visitors_without_a_session_are_kept_and_compressed(client):
    first = await client.get("/stations")
    again = await client.get("/stations", headers={"Accept-Encoding": "gzip"})

    assert first.headers[CACHE_HEADER] == "miss"
    assert again.headers[CACHE_HEADER] == "hit"
    assert again.headers["content-encoding"] == "gzip"
    assert again.text == first.text  # httpx decodes it
    assert "Accept-Encoding" in again.headers["vary"]


async def test_a_visitor_with_a_session_is_never_given_a_kept_page(client):
    await make_account("cachereader", "union_staff")
    await client.get("/")
    await sign_in(client, "cachereader")

    page = await client.get("/")

    assert page.headers.get(CACHE_HEADER) != "hit"
    assert "cachereader" in page.text.lower() or "Cachereader" in page.text


async def test_versioned_static_files_are_kept_for_a_year(client):
    page = await client.get("/")
    stylesheet = page.text.split('rel="stylesheet" href="')[1].split('"')[0]

    versioned = await client.get(stylesheet)
    plain = await client.get(stylesheet.split("?")[0])

    assert "?v=" in stylesheet
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert plain.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("off", ["off"])
async def test_the_cache_can_be_turned_off(off, database_url, tmp_path):
    import httpx

    from cityhub.app import create_app
    from tests.conftest import make_settings

    application = create_app(make_settings(database_url, tmp_path, CITYHUB_RESPONSE_CACHE=off))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            await post(http, STATION, {"first": 3})
            with count_queries() as counter:
                response, _ = await post(http, STATION, {"first": 3})

    assert response.headers.get(CACHE_HEADER, "off")
    assert response.headers.get(CACHE_HEADER) != "hit"
    assert counter.count > 0


async def test_a_malformed_request_is_refused_even_when_its_query_is_kept(client):
    await post(client, STATION, {"first": 3})
    kept, _ = await post(client, STATION, {"first": 3})
    for extensions in ("text", 1, True, []):
        body = {"query": STATION, "variables": {"first": 3}, "extensions": extensions}
        accept = {"Accept": "application/graphql-response+json"}
        response = await client.post("/graphql", json=body, headers=accept)

        assert response.status_code == 400, extensions
        assert response.headers.get(CACHE_HEADER) != "hit"
    assert kept.headers[CACHE_HEADER] == "hit"


async def test_a_long_document_is_answered_but_never_kept(client):
    from cityhub.cache.keys import MAX_DOCUMENT_CHARS

    padded = STATION + " " * MAX_DOCUMENT_CHARS
    answers = [await post(client, padded, {"first": 2}) for _ in range(2)]

    assert [r.headers.get(CACHE_HEADER) for r, _ in answers] == [None, None]
    assert all(len(body["data"]["stations"]["nodes"]) == 2 for _, body in answers)
