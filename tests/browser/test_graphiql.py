"""GraphiQL in the browser: served from the site itself under its Content-Security-Policy,
with no request to another origin; it runs a query, reads the schema for its docs, and
asks as the signed-in account (JSON POSTs need no CSRF token)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from cityhub import db
from tests.browser.conftest import LOOPBACK, LiveServer, add_axe, run_async
from tests.browser.test_accessibility import RUN_AXE, describe
from tests.conftest import make_settings
from tests.helpers import PASSWORD, make_account

pytestmark = pytest.mark.browser


@pytest.fixture
def citizen(live_database_url: str, tmp_path) -> str:
    """An account in the database, made before the live server opens it."""

    async def create() -> None:
        async with db.database(make_settings(live_database_url, tmp_path)):
            await make_account("wang", "citizen")

    run_async(create())
    return "wang"


def test_graphiql_runs_a_query_from_the_sites_own_files(
    context: BrowserContext, live_server: LiveServer
):
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()

    response = page.goto("/graphql?q=" + quote("{ __typename }"))
    page.locator(".graphiql-execute-button").click()

    assert response is not None and response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy
    expect(page.locator(".graphiql-response")).to_contain_text('"__typename": "Query"')
    assert [url for url in requested if urlsplit(url).hostname != LOOPBACK] == []
    assert live_server.blocked == []
    assert any("/static/vendor/graphiql/graphiql.min.js" in url for url in requested)


def test_graphiql_reads_the_schema_into_its_documentation(page: Page):
    page.goto("/graphql")
    page.get_by_role("button", name="Show Documentation Explorer").click()

    docs = page.locator(".graphiql-doc-explorer")
    expect(docs).to_contain_text("Query")
    docs.get_by_role("link", name="Query").first.click()
    expect(docs).to_contain_text("stations")


def test_graphiql_asks_as_the_signed_in_account(citizen, page: Page):
    page.goto("/login?next=/account")
    page.fill("#username", citizen)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")

    page.goto("/graphql?q=" + quote("{ me { username } }"))
    page.locator(".graphiql-execute-button").click()

    expect(page.locator(".graphiql-response")).to_contain_text('"username": "wang"')


def test_graphiql_has_no_axe_violations_once_booted(page: Page):
    # Any impact, not only serious ones: the page is ours around GraphiQL's components
    # (a main landmark and heading, labels on its editors, contrast of its theme).
    page.goto("/graphql")
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".graphiql-response")).to_contain_text('"stations"')
    add_axe(page)

    results = page.evaluate(RUN_AXE)

    assert results["violations"] == [], describe(results["violations"])
    assert page.locator("html").get_attribute("lang") == "en"
    labels = page.locator(".CodeMirror textarea").evaluate_all(
        "areas => areas.map(a => a.getAttribute('aria-label'))"
    )
    assert {"GraphQL query", "Variables", "Headers", "Response"} <= set(labels)
