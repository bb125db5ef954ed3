"""One rental application on a 375 px phone, through the portal pages only: the citizen
reserves a unit, signs the lease and chooses the fund; an officer checks the fund account;
the citizen signs the authorisation and uploads a PDF; the officer submits it to the
(simulated) fund centre and transfers a month's rent. No page scrolls sideways, and every
button pressed is visible and can be tapped."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from cityhub import db
from cityhub.models.housing.fund_accounts import FundAccount
from tests.browser.conftest import run_async
from tests.conftest import make_settings
from tests.helpers import PASSWORD, make_account

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
CITIZEN, OFFICER = "phone-tenant", "phone-officer"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_NAME = "劳动合同.pdf"
APPLICATION_URL = re.compile(r"/housing/applications/[^/?]+$")


@pytest.fixture
def people(live_database_url: str, tmp_path) -> None:
    """A citizen with a clear fund account (12 months, 800 a month, 20,000 in it) and a
    housing officer, in the database before the live server opens it."""

    async def create() -> None:
        async with db.database(make_settings(live_database_url, tmp_path)):
            citizen = await make_account(CITIZEN, "citizen")
            await make_account(OFFICER, "housing_officer")
            await FundAccount.create(
                account_id=citizen["id"],
                consecutive_months=12,
                monthly_deposit=Decimal("800.00"),
                balance=Decimal("20000.00"),
            )

    run_async(create())


def phone(open_context, username: str) -> Page:
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/login?next=/housing")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        tap(page, page.locator("form.stack button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/housing$"))
    return page


def assert_fits(page: Page) -> None:
    """No sideways scrolling at 375 px."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, (page.url, width)


def tap(page: Page, target: Locator) -> None:
    """Press a button the way a thumb would: it must be there, visible and uncovered."""
    assert_fits(page)
    expect(target).to_be_visible()
    expect(target).to_be_enabled()
    target.scroll_into_view_if_needed()
    target.click(trial=True)  # visible, enabled, stable and not covered by anything
    target.click()


def button(page: Page, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def state_of(page: Page) -> Locator:
    return page.locator("h1 + p.meta .badge").first


def reserve_a_unit(page: Page) -> str:
    """From /housing to a project with a unit to reserve; the application's reference."""
    assert_fits(page)
    page.check('input[name="available"]')
    page.select_option("#status", "operating")
    with page.expect_navigation():
        tap(page, page.locator("form.filters").get_by_role("button", name="筛选"))
    assert_fits(page)
    project = page.locator("ol.stations li.station h3 a").first
    with page.expect_navigation():
        tap(page, project)
    expect(page).to_have_url(re.compile(r"/housing/projects/"))
    with page.expect_navigation():
        tap(page, page.locator("table").get_by_role("button", name="预订").first)
    expect(page).to_have_url(APPLICATION_URL)
    heading = page.locator("h1").inner_text()
    match = re.search(r"租房申请 (\S+)", heading)
    assert match, heading
    return match.group(1)


def step(page: Page, name: str, state: str) -> None:
    """Press the application page's button ``name``; the page comes back in ``state``."""
    with page.expect_navigation():
        tap(page, button(page, name))
    expect(page).to_have_url(APPLICATION_URL)
    expect(state_of(page)).to_have_text(state)
    expect(page.locator("p.error")).to_have_count(0)
    assert_fits(page)


def queue_row(page: Page, reference: str) -> Locator:
    page.goto("/housing/queue")
    assert_fits(page)
    row = page.locator("tbody tr", has=page.get_by_role("link", name=reference, exact=True))
    expect(row).to_have_count(1)
    return row


def verify_from_the_queue(page: Page, reference: str) -> None:
    row = queue_row(page, reference)
    with page.expect_navigation():
        tap(page, row.get_by_role("button", name="查验公积金账户"))
    expect(page).to_have_url(re.compile(r"/housing/queue$"))
    expect(queue_row(page, reference).locator("td").nth(3)).to_have_text("公积金账户已查验")


def sign_and_upload(page: Page, url: str) -> None:
    page.goto(url)
    expect(state_of(page)).to_have_text("公积金账户已查验")
    consent = page.get_by_label("我已阅读并同意授权书")
    tap(page, consent)
    expect(consent).to_be_checked()
    step(page, "签署《住房公积金个人信息查询提取授权书》", "已签署授权书")
    upload = page.locator('form:has(input[type="file"])')
    upload.get_by_label("资料类型").select_option(label="劳动合同或在职证明")
    upload.locator('input[type="file"]').set_input_files(
        {"name": PDF_NAME, "mimeType": "application/pdf", "buffer": PDF}
    )
    step(page, "上传申请资料", "已签署授权书")
    files = page.locator("h3:text-is('已上传资料') + ul.files")
    expect(files.locator("li")).to_have_count(1)
    expect(files.get_by_role("link", name=PDF_NAME)).to_be_visible()
    expect(files.locator("li")).to_contain_text("劳动合同或在职证明")


def submit_and_transfer(page: Page, reference: str) -> None:
    with page.expect_navigation():
        tap(page, queue_row(page, reference).get_by_role("link", name=reference))
    step(page, "提交公积金中心校验", "公积金中心校验通过")
    expect(page.locator("#fund-heading .badge.sample")).to_have_text("模拟")
    expect(page.locator("#steps-heading ~ p.hint")).to_contain_text("公积金中心校验通过")
    transfer = page.locator('form:has(input[name="period"])')
    expect(transfer.locator('input[name="period"]')).to_have_attribute("type", "month")
    expect(transfer.locator('input[name="period"]')).to_have_value(re.compile(r"^\d{4}-\d{2}$"))
    transfer.get_by_label(re.compile("月数")).fill("1")
    step(page, "房租划转至租建投公司账户", "房租已划转")


def assert_rent_transferred(page: Page) -> None:
    table = page.locator("h3:text-is('房租划转记录') + .table-wrap table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td").nth(0)).to_contain_text("起 1 个月")
    expect(rows.locator("td").nth(2)).to_have_text("已划转 模拟")
    expect(rows.locator("td").nth(3)).to_have_text(re.compile(r"^SIMT-\S+$"))
    steps = page.locator("ol.steps li")
    expect(steps).to_have_count(8)
    expect(page.locator("ol.steps li.done .badge")).to_have_text(["已完成"] * 8)
    assert_fits(page)


def test_one_application_from_reservation_to_rent_transfer_on_a_phone(
    people, open_context, live_server
):
    citizen = phone(open_context, CITIZEN)
    reference = reserve_a_unit(citizen)
    url = citizen.url
    expect(state_of(citizen)).to_have_text("已预订")
    step(citizen, "签订租赁合同", "已签约")
    step(citizen, "选择公积金支付房租", "已选择公积金支付")

    officer = phone(open_context, OFFICER)
    verify_from_the_queue(officer, reference)
    sign_and_upload(citizen, url)
    submit_and_transfer(officer, reference)

    assert_rent_transferred(officer)
    citizen.reload()
    expect(state_of(citizen)).to_have_text("房租已划转")
    assert_rent_transferred(citizen)
    assert not live_server.blocked, live_server.blocked
