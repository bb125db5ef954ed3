"""Community surveys on a 375 px phone: a closed survey's results and an open one's form
fit the screen; a newcomer registers the compound they live in on the survey's page, then
ticks and writes their answers and submits, with JavaScript on and off, and the page then
says the response was recorded and shows no form."""

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


@pytest.fixture
def residents(live_database_url: str, tmp_path) -> None:
    async def create() -> None:
        async with db.database(make_settings(live_database_url, tmp_path)):
            for name in ("survey-js", "survey-plain"):
                await make_account(name)

    run_async(create())


def assert_fits(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width)


def test_a_closed_surveys_results_fit_a_phone(open_context):
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/council/surveys")
    assert_fits(page)
    page.get_by_role("link", name=re.compile("养宠情况")).click()
    expect(page.get_by_role("heading", name="结果")).to_be_visible()
    expect(page.locator("progress").first).to_be_visible()
    assert page.locator("form.survey-form").count() == 0
    assert_fits(page)


@pytest.mark.parametrize(("username", "javascript"), [("survey-js", True), ("survey-plain", False)])
def test_a_resident_responds_on_a_phone(residents, open_context, username: str, javascript: bool):
    context = open_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto("/login?next=/council/surveys")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("form.stack button[type=submit]").click()
    page.get_by_role("link", name=re.compile("充电桩需求调查")).click()
    assert page.locator("form.survey-form").count() == 0  # not yet a resident here
    page.select_option("#compound", label="中车国际二期")
    page.fill("#building", "6号楼1单元")
    assert_fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="登记居住小区").click()
    assert page.locator("form.residence-form").count() == 0
    assert_fits(page)

    page.check("input[name=q1][value=later]")
    page.check("input[name=q2][value=shared]")
    page.fill("#q3", "希望装在B区")
    with page.expect_navigation():
        page.get_by_role("button", name="提交问卷").click()

    expect(page).to_have_url(re.compile(r"\?responded=1$"))
    expect(page.get_by_role("status")).to_contain_text("您的答卷已提交")
    assert page.locator("form.survey-form").count() == 0
    assert_fits(page)
