"""The portal over HTTP: pages, languages, htmx fragments, sign-in, CSRF, error pages."""

from __future__ import annotations

import re

import httpx
from graphql import parse, validate

from cityhub.portal.base import TEMPLATES_DIR
from cityhub.portal.client import FRAGMENT_FILES, document, shared_fragments
from cityhub.schema import build_schema
from tests.helpers import PASSWORD, csrf_from, make_account, sign_in


async def test_every_portal_document_is_valid_against_the_schema():
    schema = build_schema()._schema
    documents = [p for p in sorted(TEMPLATES_DIR.rglob("*.graphql")) if p.name != FRAGMENT_FILES]

    assert len(documents) >= 7
    for path in documents:
        name = str(path.relative_to(TEMPLATES_DIR))
        errors = validate(schema, parse(document(name)))
        assert not errors, f"{name}: {errors}"


async def test_every_shared_fragment_is_used_by_some_page():
    texts = [p.read_text(encoding="utf-8") for p in TEMPLATES_DIR.rglob("*.graphql")]

    for name in shared_fragments():
        assert any(f"...{name}" in text for text in texts), name


async def test_home_is_chinese_and_shows_live_counts_beside_published_figures(client):
    response = await client.get("/")

    html = response.text
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    live = html[html.index('id="live-heading"') : html.index('id="published-heading"')]
    published = html[html.index('id="published-heading"') :]
    assert ">35</span>" in live
    assert "6.5万人" in published and "6.5万" not in live
    assert "来源：" in published and "2024-11-21" in published


async def test_lang_switch_is_remembered(client):
    english = await client.get("/stations?lang=en")
    later = await client.get("/")
    back = await client.get("/?lang=zh-CN")

    assert '<html lang="en">' in english.text and "Find a station" in english.text
    assert "cityhub_lang=en" in english.headers["set-cookie"]
    assert '<html lang="en">' in later.text
    assert '<html lang="zh-CN">' in back.text


async def test_search_finds_stations_by_address(client):
    response = await client.get("/search", params={"q": "电子街"})

    assert "群众安康工作服务站" in response.text
    assert "驿站：1 条结果" in response.text


async def test_area_pages_show_published_figures_with_their_source(client):
    housing = await client.get("/housing")

    assert housing.status_code == 200
    assert "3.2万套" in housing.text and "来源：" in housing.text
    assert "以“本报讯 11月20日,太原市租赁住房建设投资有限公司与…”开头的报道" in housing.text


async def test_developers_page_lists_scopes_limits_and_the_sdl(client):
    response = await client.get("/developers")

    assert "stations:write" in response.text
    assert "/schema.graphql" in response.text
    assert "QUERY_TOO_DEEP" in response.text and "100" in response.text


async def test_sign_in_shows_your_account_and_sign_out_ends_it(client):
    await make_account("chenshifu", "member", phone="13700000001")

    await sign_in(client, "chenshifu")
    account = await client.get("/account")
    page = await client.get("/")
    signed_out = await client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    after = await client.get("/account")

    assert "13700000001" in account.text and "工会会员" in account.text
    assert signed_out.status_code == 303
    assert after.status_code == 303 and after.headers["location"].startswith("/login")


async def test_wrong_password_is_a_form_message_not_a_sign_in(client):
    await make_account("chenshifu", "member")
    page = await client.get("/login")

    response = await client.post(
        "/login",
        data={"username": "chenshifu", "password": "wrong", "csrf_token": csrf_from(page.text)},
    )

    assert response.status_code == 422
    assert "用户名或密码不正确" in response.text
    assert 'value="chenshifu"' in response.text
    assert (await client.get("/account")).status_code == 303


async def test_state_changing_portal_requests_need_the_csrf_token(client):
    await make_account("chenshifu", "member")
    await client.get("/login")

    missing = await client.post("/login", data={"username": "chenshifu", "password": PASSWORD})
    wrong = await client.post(
        "/login", data={"username": "chenshifu", "password": PASSWORD, "csrf_token": "forged"}
    )
    header = await client.post(
        "/login",
        data={"username": "chenshifu", "password": PASSWORD},
        headers={"X-CSRF-Token": csrf_from((await client.get("/login")).text)},
    )

    assert missing.status_code == 403 and wrong.status_code == 403
    assert "没有权限" in missing.text
    assert header.status_code == 303


async def test_every_post_route_is_csrf_protected(app):
    for route in app.routes:
        methods = getattr(route, "methods", None) or set()
        if "POST" in methods and route.path != "/graphql":
            assert getattr(route.endpoint, "csrf_protected", False), route.path


async def test_sign_in_only_redirects_within_the_site(client):
    await make_account("chenshifu", "member")
    page = await client.get("/login")

    response = await client.post(
        "/login",
        data={
            "username": "chenshifu",
            "password": PASSWORD,
            "next": "//evil.example/",
            "csrf_token": csrf_from(page.text),
        },
    )

    assert response.headers["location"] == "/account"


async def test_session_cookie_is_signed_httponly_and_lax(client):
    response = await client.get("/login")

    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("cityhub_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie


async def test_a_page_that_breaks_gets_the_500_page_with_the_request_id(app, monkeypatch):
    from cityhub.resolvers import facts

    async def broken(domain=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(facts, "published_figures", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/")

    assert response.status_code == 500
    assert "服务器出错了" in response.text
    assert response.headers["x-request-id"] in response.text
    assert "boom" not in response.text


async def test_healthz_checks_the_database(client):
    response = await client.get("/healthz")

    assert response.json() == {"status": "ok", "database": "ok"}


async def test_pages_load_htmx_pinned_with_subresource_integrity(client, settings):
    html = (await client.get("/")).text

    assert f'src="{settings.htmx_url}"' in html
    assert f'integrity="{settings.htmx_integrity}"' in html
    assert "htmx.org@4.0.1" in settings.htmx_url


async def test_public_pages_set_no_cookie_for_anonymous_visitors(client):
    for path in ("/", "/stations", "/developers", "/nope"):
        response = await client.get(path)

        assert "set-cookie" not in response.headers, path
        assert response.headers["vary"] == "HX-Request, Accept-Language, Cookie, Accept-Encoding", (
            path
        )


async def test_htmx_requests_carry_the_session_csrf_token(client):
    token = csrf_from((await client.get("/login")).text)

    html = (await client.get("/")).text

    assert f'hx-headers:inherited=\'{{"x-csrf-token": "{token}"}}\'' in html


async def test_every_page_shows_who_is_signed_in_even_when_its_data_has_a_viewer(client):
    await make_account("chenshifu", "member")
    await sign_in(client, "chenshifu")

    for path in ("/", "/account", "/stations"):
        html = (await client.get(path)).text

        assert 'action="/logout"' in html, path
        assert ">Chenshifu</a>" in html, path


async def test_the_example_queries_on_the_developers_page_work(client):
    import html as htmlib

    page = (await client.get("/developers")).text
    examples = [
        htmlib.unescape(block)
        for block in re.findall(r"<pre><code>(query \{.*?)</code></pre>", page, flags=re.S)
    ]

    assert len(examples) >= 4
    for example in examples:
        body = (await client.post("/graphql", json={"query": example})).json()
        assert "errors" not in body, (example, body)


async def test_development_pages_say_how_to_create_the_first_account(
    client, database_url, tmp_path
):
    from tests.conftest import make_settings
    from tests.test_security_headers import serve

    command = "<code>.venv/bin/cityhub create-user admin --role admin</code>"
    home, login = (await client.get("/")).text, (await client.get("/login")).text
    async for production in serve(make_settings(database_url, tmp_path, CITYHUB_ENV="production")):
        shipped = [(await production.get(path)).text for path in ("/", "/login")]

    assert 'class="dev-banner"' in home and command in home
    assert 'id="first-account"' in login and "create-user --help" in login
    assert all("dev-banner" not in page and "first-account" not in page for page in shipped)
    english = (await client.get("/login", params={"lang": "en"})).text
    assert "No account yet?" in english and "The first account" in english


async def test_the_developers_page_names_the_host_it_was_asked_for_and_what_keys_see(client):
    page = (await client.get("/developers", headers={"host": "api.example.cn"})).text

    assert "curl -s http://api.example.cn/graphql" in page
    assert "ws://api.example.cn/graphql" in page
    assert "127.0.0.1:8000" not in page
    assert "不会向 API 密钥开放" not in page  # keys with a scope read masked values
    assert "138****5678" in page and "返回 null" in page
