"""Reporting a council case on a 375 px phone: with JavaScript, typing the title shows the
cases that may be the same (an htmx swap beside the form) and submitting lands on the new
case's page; without JavaScript the same form submits and lands there too. No page of the
way scrolls sideways. Instead of reporting, a resident may follow a suggested case: the
suggestions come as they type (JavaScript) or by a button that checks first (without)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cityhub import db
from tests.browser.conftest import run_async
from tests.conftest import make_settings
from tests.helpers import PASSWORD, make_account

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
RESIDENT = "phone-resident"
CASE_URL = re.compile(r"/council/cases/[^/?]+\?reported=1$")
TITLE = "地库充电桩装不了"


@pytest.fixture
def resident(live_database_url: str, tmp_path) -> None:
    """A resident's account, in the database before the live server opens it."""

    async def create() -> None:
        async with db.database(make_settings(live_database_url, tmp_path)):
            await make_account(RESIDENT, phone="13800000011")

    run_async(create())


def assert_fits(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width)


def signed_in_phone(open_context, **options) -> Page:
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True, **options).new_page()
    page.goto("/login?next=/council/cases/new")
    page.fill("#username", RESIDENT)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/council/cases/new$"))
    assert_fits(page)
    return page


def fill_report(page: Page, title: str) -> None:
    page.select_option("#compound", label="中车国际二期")
    page.select_option("#category", label="充电桩安装")
    page.fill("#title", title)
    page.fill("#description", "新能源车买了半年，物业说地库电力容量不够，充电桩一直装不上。")


def submit_and_land(page: Page, title: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="提交", exact=True).click()
    expect(page).to_have_url(CASE_URL)
    expect(page.locator("h1")).to_contain_text(title)
    expect(page.locator("h1")).to_contain_text("已受理登记")
    assert_fits(page)


def test_typing_shows_similar_cases_and_the_report_lands_on_its_page(resident, open_context):
    page = signed_in_phone(open_context)
    page.wait_for_function("() => window.htmx !== undefined")  # loaded, so SRI passed
    page.select_option("#compound", label="中车国际二期")
    with page.expect_response(lambda r: "/council/cases/similar" in r.url) as answered:
        page.locator("#title").press_sequentially(TITLE)
    response = answered.value
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text()

    suggestions = page.locator("#similar-cases")
    expect(suggestions).to_contain_text("可能相同的议事")
    expect(suggestions.locator("a").first).to_have_attribute("href", re.compile("/council/cases/"))
    assert_fits(page)
    fill_report(page, TITLE)
    submit_and_land(page, TITLE)


def test_without_javascript_the_report_form_submits_and_lands_on_its_page(resident, open_context):
    page = signed_in_phone(open_context, java_script_enabled=False)
    fill_report(page, "地库充电桩一直装不上")
    submit_and_land(page, "地库充电桩一直装不上")


@pytest.mark.parametrize("path", ["/council", "/council/cases", "/council/cases/similar"])
def test_the_council_pages_fit_a_phone(open_context, path: str):
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert_fits(page)
    page.goto("/council/cases")
    first = page.locator("#case-results li.case-row h3 a").first
    href = first.get_attribute("href")
    assert href
    page.goto(href)
    assert_fits(page)


def follow_the_suggestion(page: Page) -> None:
    suggestions = page.locator("#similar-cases")
    expect(suggestions).to_contain_text("可能相同的议事")
    assert_fits(page)
    with page.expect_navigation():
        suggestions.get_by_role("button", name="关注这件，不再重复反映").first.click()
    expect(page).to_have_url(re.compile(r"/council/cases/[^/?]+$"))
    expect(page.locator("form.follow")).to_contain_text("已关注")
    assert_fits(page)


def test_with_javascript_a_resident_follows_a_suggested_case_instead(resident, open_context):
    page = signed_in_phone(open_context)
    page.wait_for_function("() => window.htmx !== undefined")
    page.select_option("#compound", label="中车国际二期")
    with page.expect_response(lambda r: "/council/cases/similar" in r.url):
        page.locator("#title").press_sequentially(TITLE)
    follow_the_suggestion(page)


def test_without_javascript_a_resident_checks_then_follows_instead(resident, open_context):
    page = signed_in_phone(open_context, java_script_enabled=False)
    fill_report(page, TITLE)
    with page.expect_navigation():
        page.get_by_role("button", name="先查一下有没有人反映过").click()
    expect(page.locator("#title")).to_have_value(TITLE)  # what was typed stays
    follow_the_suggestion(page)
