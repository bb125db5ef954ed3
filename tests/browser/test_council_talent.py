"""Joining the talent pool on a 375 px phone, from the community page's link: the form
fits the screen, has no serious axe violations, and saves what was ticked, with
JavaScript on and off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cityhub import db
from tests.browser.conftest import add_axe, run_async
from tests.browser.test_accessibility import BLOCKING, RUN_AXE, describe
from tests.conftest import make_settings
from tests.helpers import PASSWORD, make_account

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def helpers(live_database_url: str, tmp_path) -> None:
    async def create() -> None:
        async with db.database(make_settings(live_database_url, tmp_path)):
            for name in ("talent-js", "talent-plain"):
                await make_account(name)

    run_async(create())


def assert_fits(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width)


@pytest.mark.parametrize(("username", "javascript"), [("talent-js", True), ("talent-plain", False)])
def test_a_resident_joins_the_talent_pool_on_a_phone(
    helpers, open_context, username: str, javascript: bool
):
    context = open_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto("/login?next=/council")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("form.stack button[type=submit]").click()
    with page.expect_navigation():
        page.get_by_role("link", name="加入人才库").click()
    expect(page.get_by_role("heading", name="加入人才库")).to_be_visible()
    assert_fits(page)
    if javascript:
        add_axe(page)
        blocking = [v for v in page.evaluate(RUN_AXE)["violations"] if v["impact"] in BLOCKING]
        assert not blocking, describe(blocking)

    page.select_option("#compound", label="中车国际三期")
    page.get_by_label("电工").check()
    page.get_by_label("热心志愿者").check()
    page.fill("#availability", "周末")
    page.get_by_label("同意社区网格员就议事联系我").check()
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/council/talent\?joined=1$"))
    expect(page.get_by_role("status")).to_contain_text("您在社区人才库中")
    expect(page.get_by_label("电工")).to_be_checked()
    assert_fits(page)
