"""The portal pages the browser tests visit, and how to open one."""

from __future__ import annotations

from playwright.sync_api import Page

STATION = "a station's page"
MISSING = "/no-such-page"
PAGES = ["/", "/stations", STATION, "/developers", "/login", "/search?q=小店", MISSING]


def open_page(page: Page, path: str) -> None:
    """Go to ``path`` (STATION: the first station in the finder) and check the status."""
    if path == STATION:
        page.goto("/stations")
        path = page.locator("#station-results li.station h3 a").first.get_attribute("href")
        assert path, "no station in the finder"
        assert path.startswith("/stations/"), path
    response = page.goto(path)
    assert response is not None
    assert response.status == (404 if path == MISSING else 200), path
