"""Browser fixtures: the app on a live loopback port, Debian's chromium, no internet.

Each test gets its own copy of the seeded template database (as tests/conftest.py does)
and its own uvicorn server in a daemon thread. The page loads htmx from the CDN URL in
the settings; the browser is served the npm package's file there instead, so the
template's Subresource Integrity hash is checked against the real file, and every other
request that leaves 127.0.0.1 is aborted.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    sync_playwright,
)

from cityhub.app import create_app
from cityhub.settings import PROJECT_DIR, Settings
from tests.conftest import (
    SERVER_URL,
    PostgresCopies,
    _with_database,
    copy_sqlite_template,
    make_settings,
)

NODE_MODULES = PROJECT_DIR / "tests" / "js" / "node_modules"
HTMX_FILE = NODE_MODULES / "htmx.org" / "dist" / "htmx.min.js"
AXE_FILE = NODE_MODULES / "axe-core" / "axe.min.js"
# Where pages get axe-core from: a loopback path the browser context fulfils, so the
# site's Content-Security-Policy (script-src 'self', no inline script) stays on for it.
AXE_PATH = "/__tests__/axe.min.js"
LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT = 20.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

NewContext = Callable[..., BrowserContext]


@dataclass
class LiveServer:
    url: str
    settings: Settings
    blocked: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run on a worker thread: Playwright's sync API holds this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


# Playwright's sync API keeps its event loop marked as running on this thread for as long
# as it lives, and pytest-asyncio cannot run a test while it is. pytest-playwright's
# fixtures live for the whole session; these replace them with ones that end with this
# package, so the async tests that run after it still work.


@pytest.fixture(scope="package")
def playwright(template_database: str) -> Iterator[Playwright]:
    """Started after the template database, which is built with asyncio.run."""
    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright, browser_name: str) -> BrowserType:
    return getattr(playwright, browser_name)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium: `playwright install` would download a browser."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="package")
def browser(browser_type: BrowserType, browser_type_launch_args: dict) -> Iterator[Browser]:
    launched = browser_type.launch(**browser_type_launch_args)
    yield launched
    launched.close()


@pytest.fixture(scope="package")
def browser_context_args(playwright: Playwright, device: str | None) -> dict:
    """A browser set to Chinese, as most visitors' are (the portal honours Accept-Language);
    a test marked ``@pytest.mark.browser_context_args(locale=...)`` picks another."""
    return {"locale": "zh-CN", **(playwright.devices[device] if device else {})}


@pytest.fixture
def live_database_url(
    template_database: str, postgres_copies: PostgresCopies | None, tmp_path: Path
) -> Iterator[str]:
    """A fresh copy of the seeded template; a sync twin of tests/conftest.py's fixture."""
    if postgres_copies is None:
        yield copy_sqlite_template(template_database, tmp_path)
        return
    name = postgres_copies.take().result()
    try:
        yield _with_database(SERVER_URL, name)
    finally:
        postgres_copies.release(name)


@pytest.fixture
def live_server(live_database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """CityHub under uvicorn in a daemon thread on a free loopback port."""
    settings = make_settings(live_database_url, tmp_path)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((LOOPBACK, 0))
    port = listener.getsockname()[1]
    # log_config=None: leave the test process's logging alone.
    config = uvicorn.Config(
        create_app(settings), log_config=None, log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            listener.close()
            pytest.fail("the live server did not start (see the captured log)")
        time.sleep(0.02)
    try:
        yield LiveServer(url=f"http://{LOOPBACK}:{port}", settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
        assert not thread.is_alive(), "the live server did not stop within 10 s"


def keep_offline(context: BrowserContext, server: LiveServer) -> None:
    """Serve htmx's CDN URL from the npm package and axe-core at AXE_PATH; abort
    everything else off loopback; note what the Content-Security-Policy blocks."""
    htmx_url = server.settings.htmx_url

    def leaves_loopback(url: str) -> bool:
        return url != htmx_url and urlsplit(url).hostname != LOOPBACK

    def abort(route: Route) -> None:
        server.blocked.append(route.request.url)
        route.abort()

    def serve_htmx(route: Route) -> None:
        route.fulfill(
            path=HTMX_FILE,
            content_type="text/javascript",
            headers={"Access-Control-Allow-Origin": "*"},
        )

    def note_csp_violation(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            server.csp_violations.append(f"{message.page and message.page.url}: {message.text}")

    context.on("console", note_csp_violation)
    context.route(leaves_loopback, abort)
    context.route(htmx_url, serve_htmx)
    context.route(
        server.url + AXE_PATH,
        lambda route: route.fulfill(path=AXE_FILE, content_type="text/javascript"),
    )


def add_axe(page: Page) -> None:
    """Load axe-core into the page as a same-origin script (see AXE_PATH)."""
    page.add_script_tag(url=AXE_PATH)


@pytest.fixture
def open_context(new_context: NewContext, live_server: LiveServer) -> Iterator[NewContext]:
    """new_context(**options) aimed at the live server and kept offline; the test fails if
    the browser reported anything the site's Content-Security-Policy blocked."""

    def open_(**options: Any) -> BrowserContext:
        context = new_context(base_url=live_server.url, **options)
        keep_offline(context, live_server)
        return context

    yield open_
    assert live_server.csp_violations == []


@pytest.fixture
def context(open_context: NewContext) -> BrowserContext:
    return open_context()
