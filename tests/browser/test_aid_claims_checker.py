"""The medical mutual aid claim checker in a real browser: htmx in place, and without JS."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import add_axe

pytestmark = pytest.mark.browser

CHECK = "/union/aid/medical/check"
RESULT = "#claim-result"


def fill(page: Page, amount: str) -> None:
    page.check('input[name="category"][value="hospitalisation"]')
    page.fill("#amount", amount)
    enrolled = page.locator('input[name="enrolled"]')
    if not enrolled.is_checked():
        enrolled.check()


def rule(page: Page, name: str) -> str:
    return page.locator(f'{RESULT} li[data-rule="{name}"]').get_attribute("class") or ""


def test_the_checker_answers_in_place_and_keeps_the_url(page: Page, live_server):
    page.goto(CHECK)
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.sameDocument = true; }")
    heading = page.locator(f"{RESULT} h2")

    fill(page, "2999.99")
    with page.expect_response(lambda r: "amount=" in r.url) as below:
        page.get_by_role("button", name="测算").click()
    expect(heading).to_have_text("暂不符合申请条件")
    threshold_below = rule(page, "SELF_PAID_THRESHOLD")
    fill(page, "3000")
    page.get_by_role("button", name="测算").click()
    expect(heading).to_have_text("符合申请条件")

    assert below.value.request.headers.get("hx-request") == "true"
    assert "<html" not in below.value.text()
    assert page.evaluate("() => window.sameDocument") is True
    assert threshold_below == "failed"
    assert page.locator(f"{RESULT} li.passed").count() == 5  # member status (declared) too
    assert parse_qs(urlsplit(page.url).query)["amount"] == ["3000"]
    assert not live_server.blocked


def test_without_javascript_the_form_submits_and_the_page_shows_each_rule(open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(CHECK)

    fill(page, "2999.99")
    with page.expect_navigation():
        page.get_by_role("button", name="测算").click()

    expect(page.locator(f"{RESULT} h2")).to_have_text("暂不符合申请条件")
    assert page.locator(f"{RESULT} li[data-rule]").count() == 5
    assert rule(page, "SELF_PAID_THRESHOLD") == "failed"
    assert "未达到 3,000.00 元的标准" in page.locator(RESULT).inner_text()
    assert page.locator("#amount").input_value() == "2999.99"


def test_a_bad_amount_is_explained_on_the_form(open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(CHECK)

    fill(page, "三千")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="测算").click()

    assert navigation.value.status == 422
    expect(page.locator(f"{RESULT} .error")).to_contain_text("请输入自付金额")


@pytest.mark.parametrize(
    "path",
    [
        f"{CHECK}?year=2024&category=hospitalisation&amount=3000&enrolled=yes",
        f"{CHECK}?year=2024&category=hospitalisation&amount=abc",
        "/union/aid",
        "/union/aid/medical-2024",
        "/union/aid/jinqiu-2024",
    ],
)
def test_the_aid_pages_have_no_serious_accessibility_violations(page: Page, path: str):
    page.goto(path)
    add_axe(page)

    results = page.evaluate(
        "() => axe.run(document, { rules: { 'target-size': { enabled: true } } })"
    )

    blocking = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not blocking
