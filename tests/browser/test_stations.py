"""The station finder in a real browser: htmx updates in place, the form works without JS,
"near me" uses the browser's location and a typed place works with or without JS."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from cityhub.portal.union.stations import PAGE_SIZE
from tests.browser.conftest import add_axe

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
    # text_content: the filters may be folded away (hidden) after a submit.
    district = (page.locator("#district option:checked").text_content() or "").strip()
    label = page.locator("label.check", has=page.locator(CHECKBOX))
    amenity = (label.text_content() or "").strip()
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


def open_filters(page: Page) -> None:
    """The filters fold away below the heading (results first on a phone): open them."""
    page.locator(".filters-panel > summary").click()


def test_filters_swap_the_results_in_place_and_push_the_url(page: Page):
    page.goto("/stations")
    open_filters(page)
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
    open_filters(page)
    everything = shown_count(page)

    page.select_option("#district", DISTRICT)
    page.check(CHECKBOX)
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()

    assert_url_has_the_filters(page.url)
    assert page.locator(CHECKBOX).is_checked()
    assert everything > shown_count(page) > 0
    assert_every_row_matches(page, *filter_labels(page))


# A phone standing at 小店区电子街 reports this WGS-84 fix (the station is stored in GCJ-02).
AT_DIANZIJIE = {"latitude": 37.8286, "longitude": 112.5774}
NAMED_STATION = "太原市巡游网约车行业工会联合会群众安康工作服务站"
RUN_AXE = "() => axe.run(document, { rules: { 'target-size': { enabled: true } } })"


def listed_names(page: Page) -> list[str]:
    return page.locator("#station-results li.station h3 a").all_inner_texts()


def test_near_me_asks_the_browser_and_lists_the_nearest_first(open_context):
    context = open_context(geolocation=AT_DIANZIJIE, permissions=["geolocation"])
    page = context.new_page()
    page.goto("/stations")
    open_filters(page)
    page.wait_for_function("() => window.htmx !== undefined")
    near_me = page.locator("#near-me")
    expect(near_me).to_be_visible()

    with page.expect_response(lambda r: "lat=" in r.url) as located:
        near_me.click()
    expect(page.locator("#station-results .hint")).to_contain_text("5")

    assert located.value.request.headers.get("hx-request") == "true"
    assert listed_names(page)[0] == NAMED_STATION
    distances = [float(d.split()[0]) for d in page.locator(".distance").all_inner_texts()]
    assert distances == sorted(distances) and distances[0] < 0.1
    expect(page.locator(".station-map .here")).to_have_count(1)
    params = parse_qs(urlsplit(page.url).query)
    assert params["lat"] == ["37.828600"] and params["lng"] == ["112.577400"]


def test_a_typed_place_finds_stations_around_it(page: Page):
    page.goto("/stations")
    open_filters(page)
    page.wait_for_function("() => window.htmx !== undefined")

    with page.expect_response(lambda r: "place=" in r.url):
        page.fill("#place", "太原南站")
        page.press("#place", "Enter")
    expect(page.locator("#station-results .hint")).to_contain_text("太原南站")

    assert listed_names(page)
    distances = [float(d.split()[0]) for d in page.locator(".distance").all_inner_texts()]
    assert distances == sorted(distances) and max(distances) <= 5


def test_an_unknown_place_says_so_in_the_page(page: Page):
    page.goto("/stations")
    open_filters(page)
    page.wait_for_function("() => window.htmx !== undefined")

    with page.expect_response(lambda r: "place=" in r.url) as answered:
        page.fill("#place", "亚特兰蒂斯")
        page.press("#place", "Enter")

    assert answered.value.status == 422
    expect(page.locator("#place-problem")).to_contain_text("没有找到这个地点")
    expect(page.locator("form.filters")).to_have_count(1)


def test_without_javascript_a_typed_place_still_works_and_near_me_stays_hidden(open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.goto("/stations")
    open_filters(page)
    expect(page.locator("#near-me")).to_be_hidden()

    page.fill("#place", "柳巷")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()

    assert parse_qs(urlsplit(page.url).query)["place"] == ["柳巷"]
    expect(page.locator("#station-results .hint")).to_contain_text("柳巷")
    assert page.locator(".distance").count() == len(listed_names(page)) > 0


def test_the_map_links_each_dot_to_its_station_and_passes_axe(page: Page, live_server):
    page.goto("/stations?place=%E6%9F%B3%E5%B7%B7&radius=3")  # 柳巷
    dots = page.locator(".station-map a.dot")
    assert dots.count() == len(listed_names(page)) > 0

    first = dots.first.get_attribute("href")
    add_axe(page)
    results = page.evaluate(RUN_AXE)

    blocking = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not blocking, blocking
    page.locator(".station-map a.dot").first.click()
    expect(page).to_have_url(re.compile(re.escape(first) + "$"))
