"""A 375 px phone: no sideways scrolling, and every header link can be reached and tapped."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import PAGES, open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(open_context):
    return open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_and_header_links_are_reachable(phone, path: str):
    open_page(phone, path)

    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    links = phone.locator(".site-header a, .site-header button").all()
    assert len(links) >= 7
    for link in links:
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box, link
        assert box["x"] >= 0, box
        assert box["x"] + box["width"] <= PHONE["width"] + 0.5, box
        link.click(trial=True)  # visible, enabled and not covered by anything


def test_the_last_navigation_link_can_be_tapped(phone):
    open_page(phone, "/")
    last = phone.locator("nav a").last
    href = last.get_attribute("href")
    assert href

    last.tap()

    expect(phone).to_have_url(re.compile(re.escape(href) + "$"))


@pytest.mark.parametrize("path", ["/union/aid/medical/check"])
def test_radio_buttons_keep_their_size_and_labels_read_on_one_line(phone, path: str):
    open_page(phone, path)

    choices = phone.locator("label.check:has(input[type=radio])").all()
    assert len(choices) >= 2
    for choice in choices:
        radio = choice.locator("input").bounding_box()
        label = choice.bounding_box()
        assert radio and label
        assert radio["width"] <= 24.5, radio
        # One line of 16 px text in a 44 px tap target; a squeezed label wrapped to one
        # character per line was hundreds of pixels tall.
        assert label["height"] <= 48, (choice.inner_text(), label)


def test_the_station_finder_shows_results_first_on_a_phone(phone):
    open_page(phone, "/stations?district=xiaodian&amenity=charging")

    first = phone.locator("#station-results li.station").first.bounding_box()
    summary = phone.locator(".filters-panel > summary")

    assert first and first["y"] < PHONE["height"], first  # it was ~1,700 px down
    assert "已选 2 项" in summary.inner_text()
    assert not phone.locator("#district").is_visible()
    map_box = phone.locator(".station-map").bounding_box()
    assert map_box and map_box["y"] > first["y"]
