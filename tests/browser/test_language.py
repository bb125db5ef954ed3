"""Languages in the browser: its own language on a first visit, and the switch (one click
to English) remembered on the next page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_english_switch_is_remembered_on_the_next_page(page: Page):
    page.goto("/stations")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    with page.expect_navigation():
        page.get_by_role("link", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Find a station")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Taiyuan's city services in one place")
    expect(page.get_by_role("link", name="中文")).to_be_visible()
    expect(page.get_by_role("link", name="English")).to_have_count(0)


@pytest.mark.browser_context_args(locale="en-GB")
def test_a_browser_set_to_english_gets_english_on_its_first_visit(page: Page):
    page.goto("/stations")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Find a station")
    expect(page.get_by_role("link", name="中文")).to_be_visible()
