"""axe-core on every kind of page: no serious or critical violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import add_axe
from tests.browser.pages import PAGES, open_page

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
# axe's defaults plus WCAG 2.2 target-size (24 px), which axe ships disabled.
RUN_AXE = "() => axe.run(document, { rules: { 'target-size': { enabled: true } } })"


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})")
        lines += [f"    {n['target']}: {n.get('failureSummary', '')!r}" for n in v["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violations(page: Page, live_server, path: str):
    open_page(page, path)
    add_axe(page)

    results = page.evaluate(RUN_AXE)

    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{path}:\n{describe(blocking)}"
    assert not live_server.blocked, f"requests beyond loopback: {live_server.blocked}"


@pytest.mark.parametrize("path", ["/union", "/stations", "/housing", "/union/aid/medical/check"])
def test_source_hint_and_badge_text_is_at_least_14_px(page: Page, live_server, path: str):
    open_page(page, path)

    sizes = page.evaluate(
        """() => [...document.querySelectorAll(
            '.source, .hint, .meta, .badge, .tags li, figcaption, .site-footer, .dev-banner'
          )].filter(e => e.offsetParent !== null && e.textContent.trim())
           .map(e => [e.className || e.tagName, parseFloat(getComputedStyle(e).fontSize)])"""
    )

    assert sizes, path
    small = [(name, size) for name, size in sizes if size < 14]
    assert small == [], path
