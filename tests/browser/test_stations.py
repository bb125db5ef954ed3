"""The station finder in a real browser: htmx updates in place, the form works without JS."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from cityhub.portal.union import PAGE_SIZE

pytestmark = pytest.mark.browser

DISTRICT = "xiaodian"
AMENITY = "help_window"
CHECKBOX = f'input[name="amenity"][value="{AMENITY}"]'


def shown_count(page: Page) -> int:
    heading = page.locator("#results-heading").inner_text()
    match = re.search(r"\d+", heading)
    assert match, heading
    return int(match.group())


def filter_labels(page: Page) -> tuple[str, str]:
    """The district and amenity as the page names them (in the page's language)."""
    district = page.locator("#district option:checked").inner_text().strip()
    amenity = page.locator("label.check", has=page.locator(CHECKBOX)).inner_text().strip()
    return district, amenity


def assert_every_row_matches(page: Page, district: str, amenity: str) -> None:
    rows = page.locator("#station-results li.station")
    assert rows.count() == min(shown_count(page), PAGE_SIZE)
    for row in rows.all():
        name = row.locator("h3").inner_text()
        assert row.locator(".meta").inner_text().startswith(district), name
        assert amenity in row.locator(".tags li").all_inner_texts(), name


def assert_url_has_the_filters(url: str) -> None:
    params = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == "/stations"
    assert params["district"] == [DISTRICT]
    assert params["amenity"] == [AMENITY]


def test_filters_swap_the_results_in_place_and_push_the_url(page: Page):
    page.goto("/stations")
    page.wait_for_function("() => window.htmx !== undefined")  # loaded, so SRI passed
    page.evaluate("() => { window.sameDocument = true; }")
    heading = page.locator("#results-heading")
    everything = shown_count(page)

    before = heading.inner_text()
    with page.expect_response(lambda r: "district=" in r.url) as by_district:
        page.select_option("#district", DISTRICT)
    expect(heading).not_to_have_text(before)
    in_district = shown_count(page)
    before = heading.inner_text()
    with page.expect_response(lambda r: "amenity=" in r.url) as by_amenity:
        page.check(CHECKBOX)
    expect(heading).not_to_have_text(before)

    assert page.evaluate("() => window.sameDocument") is True
    for response in (by_district.value, by_amenity.value):
        assert response.request.headers.get("hx-request") == "true"
        assert "<html" not in response.text()
    assert everything > in_district > shown_count(page) > 0
    assert_every_row_matches(page, *filter_labels(page))
    assert_url_has_the_filters(page.url)


def test_without_javascript_the_filter_button_submits_the_form(open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.goto("/stations")
    everything = shown_count(page)

    page.select_option("#district", DISTRICT)
    page.check(CHECKBOX)
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()

    assert_url_has_the_filters(page.url)
    assert page.locator(CHECKBOX).is_checked()
    assert everything > shown_count(page) > 0
    assert_every_row_matches(page, *filter_labels(page))
