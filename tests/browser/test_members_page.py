"""A member's own page in chromium on a phone screen: axe-core, and the SMS opt-out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cityhub import db
from cityhub.resolvers.union.members import link_account
from tests.browser.conftest import add_axe, run_async
from tests.browser.test_accessibility import BLOCKING, RUN_AXE, describe
from tests.conftest import make_settings
from tests.helpers import PASSWORD, make_account

pytestmark = pytest.mark.browser


@pytest.fixture
def member_account(live_database_url: str, tmp_path) -> str:
    """An account linked to member TYDS0040, made before the live server opens the database."""

    async def create() -> None:
        async with db.database(make_settings(live_database_url, tmp_path)):
            account = await make_account("tyds0040", "member")
            await link_account("TYDS0040", account["id"])

    run_async(create())
    return "tyds0040"


def test_a_member_opts_out_on_a_phone_and_the_page_passes_axe(
    member_account, page: Page, live_server
):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/login?next=/union/me")
    page.fill("#username", member_account)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page.locator("h1")).to_have_text("我的会员信息")
    add_axe(page)
    results = page.evaluate(RUN_AXE)
    width = page.evaluate("document.documentElement.scrollWidth")

    page.click("text=退订工会群发短信")

    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
    assert width <= 375
    expect(page.locator("[role=status]")).to_have_text("已保存。")
    expect(page.get_by_role("form", name="工会短信")).to_contain_text("您已退订工会群发短信")
    assert not live_server.blocked, live_server.blocked
