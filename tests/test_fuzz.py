"""Schemathesis over every query and mutation of the schema, as anonymous, a partner key
with every scope, a signed-in member and staff: no answer is a 5xx, and every GraphQL
error carries a code other than INTERNAL_SERVER_ERROR.

CITYHUB_FUZZ_CASES (default 6) is the number of cases generated for each root field, for
each viewer (about 48 fields: ~290 requests per viewer); raise it for a long run
(CITYHUB_FUZZ_CASES=100 is about 4,800 requests per viewer). Hypothesis is derandomized,
so a run sends the same documents every time. CITYHUB_FUZZ_REPORT=path appends every
failure there as a JSON line.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import graphql
import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode
from schemathesis.graphql import nodes
from strawberry import relay

from cityhub.resolvers import registry
from cityhub.resolvers.union.members import link_account
from cityhub.settings import PROJECT_DIR, Settings
from tests.conftest import make_settings
from tests.helpers import PASSWORD, gql, make_account, make_key

CASES_PER_FIELD = int(os.environ.get("CITYHUB_FUZZ_CASES", "6"))
REPORT = os.environ.get("CITYHUB_FUZZ_REPORT", "")
SCHEMA_FILE = PROJECT_DIR / "schema.graphql"
MEMBER_NO = "TYDS0001"  # an active, enrolled sample member
SIGN_IN = """
mutation($input: SignInInput!) { signIn(input: $input) { account { id } userErrors { code } } }
"""
VIEWER_KIND = "{ viewer { kind } }"
LAST = "Mutation.signOut"  # ends a signed-in viewer's session: run after everything else
NO_CODE = (None, "INTERNAL_SERVER_ERROR")


def _node_types() -> list[str]:
    sdl = graphql.build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    node = sdl.get_type("Node")
    return sorted(
        name
        for name, kind in sdl.type_map.items()
        if isinstance(kind, graphql.GraphQLObjectType) and node in kind.interfaces
    )


def _register_scalars() -> None:
    """Values for the schema's own scalars, IDs that name real rows as well as junk, and
    strings past the columns' lengths now and then."""
    characters = st.characters(codec="utf-8")  # NUL included; no lone surrogates
    strings = st.one_of(
        st.text(characters), st.text(characters), st.text(characters, min_size=60, max_size=300)
    )
    text = strings.map(nodes.String)
    types = st.sampled_from(_node_types())
    ids = st.one_of(
        st.builds(relay.to_base64, types, st.integers(min_value=-1, max_value=60)),
        st.builds(relay.to_base64, types, st.one_of(st.integers(), strings)),
        strings,
    )
    decimals = st.one_of(
        st.decimals(min_value=-10_000, max_value=100_000, places=2).map(str),
        st.decimals().map(str),
    )
    dates = st.one_of(st.dates().map(str), strings)
    schemathesis.graphql.scalar("String", text)
    schemathesis.graphql.scalar("ID", ids.map(nodes.String))
    schemathesis.graphql.scalar("Decimal", st.one_of(decimals.map(nodes.String), text))
    schemathesis.graphql.scalar("Date", dates.map(nodes.String))
    schemathesis.graphql.scalar("JSON", st.one_of(text, st.integers().map(nodes.Int)))
    schemathesis.graphql.scalar("Upload", st.one_of(st.just(nodes.Null), text))


@functools.cache
def generated_cases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each root field's label and its generated documents, signOut last; the same in every
    run (derandomized) and for every viewer."""
    _register_scalars()
    schema = schemathesis.graphql.from_path(SCHEMA_FILE)
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()), key=lambda o: o.label == LAST
    )
    return tuple((op.label, _documents(_mixed(op))) for op in operations)


def _mixed(operation: Any) -> st.SearchStrategy:
    """Two valid documents to one with a value of the wrong type (schemathesis' negative
    mode), which validation must refuse with a code."""
    valid = operation.as_strategy()
    return st.one_of(valid, valid, operation.as_strategy(GenerationMode.NEGATIVE))


def _documents(strategy: st.SearchStrategy) -> tuple[str, ...]:
    documents: list[str] = []

    @hypothesis_settings(
        max_examples=CASES_PER_FIELD,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(case: Any) -> None:
        documents.append(case.body)

    collect()
    return tuple(documents)


async def anonymous(client: httpx.AsyncClient) -> dict[str, str]:
    return {}


async def partner(client: httpx.AsyncClient) -> dict[str, str]:
    key = await make_key("fuzz partner", *registry.scopes())
    return {"Authorization": f"Bearer {key}"}


async def _signed_in(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    body = await gql(client, SIGN_IN, {"input": {"username": username, "password": PASSWORD}})
    assert body["data"]["signIn"]["userErrors"] == [], body
    return {}  # the session cookie travels in the client; JSON posts need no CSRF token


async def member(client: httpx.AsyncClient) -> dict[str, str]:
    account = await make_account("fuzzmember", "member")
    await link_account(MEMBER_NO, account["id"])
    return await _signed_in(client, "fuzzmember")


async def staff(client: httpx.AsyncClient) -> dict[str, str]:
    await make_account("fuzzstaff", *sorted(registry.staff_roles()))
    return await _signed_in(client, "fuzzstaff")


VIEWERS: dict[str, Callable[[httpx.AsyncClient], Awaitable[dict[str, str]]]] = {
    "anonymous": anonymous,
    "partner": partner,
    "member": member,
    "staff": staff,
}


def faults(response: httpx.Response) -> list[str]:
    """What is wrong with one answer: a 5xx, a body that is not GraphQL's, an error whose
    code is missing or INTERNAL_SERVER_ERROR."""
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}: {response.text[:300]}"]
    try:
        body = response.json()
    except ValueError:
        return [f"HTTP {response.status_code}, not JSON: {response.text[:300]}"]
    if not isinstance(body, dict):
        return [f"HTTP {response.status_code}, not a GraphQL response: {response.text[:300]}"]
    return [
        f"{(error.get('extensions') or {}).get('code')}: {str(error.get('message'))[:300]}"
        for error in body.get("errors") or []
        if (error.get("extensions") or {}).get("code") in NO_CODE
    ]


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    # Thousands of requests with one key: its rate limit is not what is tested here.
    return make_settings(database_url, tmp_path, CITYHUB_API_KEY_RATE_LIMIT="1000000000 per minute")


async def _send(
    client: httpx.AsyncClient, viewer: str, headers: dict[str, str], cases: Any
) -> tuple[int, list[dict[str, Any]]]:
    sent, failures = 0, []
    for label, documents in cases:
        for document in documents:
            response = await client.post("/graphql", json={"query": document}, headers=headers)
            sent += 1
            failures += [
                {"viewer": viewer, "operation": label, "query": document, "fault": fault}
                for fault in faults(response)
            ]
    return sent, failures


def _summary(viewer: str, sent: int, failures: list[dict[str, Any]]) -> str:
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as report:
            report.writelines(json.dumps(f, ensure_ascii=False) + "\n" for f in failures)
    distinct: dict[tuple[str, str], dict[str, Any]] = {}
    for failure in failures:
        distinct.setdefault((failure["operation"], failure["fault"][:80]), failure)
    lines = [f"{len(failures)} of {sent} cases failed as {viewer}; distinct:"]
    lines += [f"- {f['operation']}: {f['fault']}\n{f['query']}" for f in distinct.values()]
    return "\n".join(lines)


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_no_generated_document_breaks_a_request(client, viewer):
    headers = await VIEWERS[viewer](client)
    kind = (await gql(client, VIEWER_KIND, headers=headers))["data"]["viewer"]["kind"]
    *cases, last = generated_cases()

    sent, failures = await _send(client, viewer, headers, cases)
    still = (await gql(client, VIEWER_KIND, headers=headers))["data"]["viewer"]["kind"]
    more, late = await _send(client, viewer, headers, [last])

    assert still == kind, f"{viewer} lost its identity during the run"
    assert failures + late == [], _summary(viewer, sent + more, failures + late)
