"""The union staff dashboard in chromium: the htmx audience preview, the character
counter, sending, the chart, axe-core, and the same form with JavaScript off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cityhub import db
from tests.browser.conftest import add_axe, run_async
from tests.browser.test_accessibility import BLOCKING, RUN_AXE, describe
from tests.conftest import make_settings
from tests.helpers import PASSWORD, make_account

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_account(live_database_url: str, tmp_path) -> str:
    """A union staff account in the database, made before the live server opens it."""

    async def create() -> None:
        async with db.database(make_settings(live_database_url, tmp_path)):
            await make_account("staff", "union_staff")

    run_async(create())
    return "staff"


def sign_in(page: Page, username: str) -> None:
    page.goto("/login?next=/union/staff")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page.locator("h1")).to_have_text("工会工作台")


def test_the_audience_follows_the_segment_and_the_broadcast_is_sent(
    staff_account, page: Page, live_server
):
    sign_in(page, staff_account)

    page.check("input[name=kind][value=FLEET]")
    page.select_option("#fleet", "platform-a")
    expect(page.locator("#audience")).to_contain_text("将发给")
    page.fill("#text", "工会提醒：医疗互助报销材料请在本月内提交。")
    expect(page.locator("#text-count")).to_have_text("21")
    page.click("button[name=action][value=send]")
    # htmx swaps the confirmation in place of the form: the size, then the button.
    expect(page.locator("#compose.confirm .audience-size")).to_contain_text("这条短信将发给")
    page.click("button[name=action][value=confirm]")

    expect(page.locator("#broadcasts .note")).to_contain_text("广播已写入短信发件箱")
    expect(page.locator("#broadcasts tbody tr")).to_have_count(1)
    assert not live_server.blocked, live_server.blocked


def test_the_chart_range_changes_in_place(staff_account, page: Page, live_server):
    sign_in(page, staff_account)

    page.fill("#range-from", "2024-04-24")
    page.fill("#range-to", "2024-05-12")
    page.click(".staff-range button[type=submit]")

    expect(page.locator("#consultation-stats")).to_contain_text("共 41 次咨询")
    expect(page.locator("#consultation-stats svg .mark-source")).to_have_count(1)
    assert "/union/staff" in page.url


@pytest.mark.parametrize(
    "path",
    [
        "/union/staff?from=2024-04-24&to=2024-05-12",
        "/union/members",
        "/union/members/new",
        "/union/members/TYDS0001",
        "/union/aid/review",
    ],
)
def test_no_serious_or_critical_axe_violations(staff_account, page: Page, live_server, path):
    sign_in(page, staff_account)
    page.goto(path)
    add_axe(page)

    results = page.evaluate(RUN_AXE)

    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{path}:\n{describe(blocking)}"


def test_preview_and_send_work_without_javascript(staff_account, open_context, live_server):
    page = open_context(java_script_enabled=False).new_page()
    sign_in(page, staff_account)

    page.check("input[name=kind][value=ALL_ACTIVE]")
    page.fill("#text", "工会热线今天照常接听。")
    page.click("button[name=action][value=preview]")
    expect(page.locator("#audience")).to_contain_text("将发给 50 名会员")
    page.click("button[name=action][value=send]")
    expect(page.locator(".audience-size")).to_have_text("这条短信将发给 50 名会员。")
    page.click("button[name=action][value=confirm]")

    expect(page.locator("#broadcasts .note")).to_contain_text("广播已写入短信发件箱")
    expect(page.locator("#broadcasts tbody")).to_contain_text("示例会员 50，只记录、不发出")
