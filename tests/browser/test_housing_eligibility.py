"""The rent eligibility wizard in chromium: four steps swapped in place by htmx with the URL
pushed, a refused answer explained on the form, and the same flow (and the one-page form)
as plain GET pages with JavaScript off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Response, expect

pytestmark = pytest.mark.browser

WIZARD = "/housing/eligibility"
STEP_TITLES = ("户籍", "年龄与人才认定", "租房与缴存", "公积金账户")
PHONES = ("0351-5618555", "0351-5616555")
YES_HEADING = "符合条件：可以申请用公积金直接支付房租"
NO_HEADING = "暂不符合条件"


@dataclass
class Answers:
    hukou: str = "no"
    birth_date: str = dt.date(dt.date.today().year - 25, 3, 1).isoformat()  # a youth
    lease: str = "yes"
    months: str = "12"
    withdrawal: str = "no"
    account: str = "NORMAL"


def answer_step(page: Page, step: int, a: Answers) -> None:
    """Fill in the fields of wizard step ``step`` (0-3), as a visitor would."""
    if step == 0:
        page.check(f'input[name="hukou"][value="{a.hukou}"]')
    elif step == 1:
        page.fill("#birth_date", a.birth_date)
        page.select_option("#talent", "NONE")
    elif step == 2:
        page.check(f'input[name="lease"][value="{a.lease}"]')
        page.fill("#months", a.months)
    else:
        page.check(f'input[name="withdrawal"][value="{a.withdrawal}"]')
        page.select_option("#account", a.account)


def press(page: Page, step: int) -> None:
    label = "查看测算结果" if step == len(STEP_TITLES) - 1 else "下一步"
    page.locator("#wizard").get_by_role("button", name=label).click()


def expect_step(page: Page, step: int) -> None:
    expect(page.locator("#wizard h2")).to_have_text(STEP_TITLES[step])
    expect(page.locator("#wizard .progress")).to_have_text(f"第 {step + 1} 步，共 4 步")


def expect_explained_result(page: Page, heading: str) -> None:
    """The outcome, three groups and three conditions each with its reason, the phones."""
    result = page.locator("#wizard .result")
    expect(result.locator("h2")).to_have_text(heading)
    groups, conditions = result.locator("ul.checks").all()
    expect(groups.locator("li")).to_have_count(3)
    expect(conditions.locator("li")).to_have_count(3)
    for item in groups.locator("li").all() + conditions.locator("li").all():
        label, _, reason = item.inner_text().partition("：")
        assert label and len(reason) > 2, item.inner_text()
    for phone in PHONES:
        expect(result.locator(f'a[href="tel:{phone}"]')).to_have_text(phone)


def htmx_step(page: Page, step: int) -> Response:
    """Press the step's button; the answer must be an htmx fragment, not a page."""
    with page.expect_response(lambda r: WIZARD in r.url and "step=" in r.url) as answered:
        press(page, step)
    response = answered.value
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text() and 'id="wizard"' in response.text()
    return response


def start_with_htmx(page: Page) -> None:
    page.goto(WIZARD)
    page.wait_for_function("() => window.htmx !== undefined")  # loaded, so SRI passed
    page.evaluate("() => { window.sameDocument = true; }")
    expect_step(page, 0)


def test_the_four_steps_swap_in_place_and_push_the_url(page: Page, live_server):
    start_with_htmx(page)
    answers = Answers()

    for step in range(len(STEP_TITLES)):
        answer_step(page, step, answers)
        htmx_step(page, step)
        if step + 1 < len(STEP_TITLES):
            expect_step(page, step + 1)
            assert parse_qs(urlsplit(page.url).query)["step"] == [str(step + 1)]

    expect_explained_result(page, YES_HEADING)
    assert page.locator("#wizard .result ul.checks").last.locator("li.met").count() == 3
    assert page.evaluate("() => window.sameDocument") is True
    pushed = parse_qs(urlsplit(page.url).query)
    assert pushed["step"] == ["4"] and pushed["months"] == ["12"]
    assert pushed["birth_date"] == [answers.birth_date] and pushed["account"] == ["NORMAL"]
    assert not live_server.blocked


def test_an_unreadable_month_count_is_refused_on_its_step(page: Page):
    start_with_htmx(page)
    answers = Answers(months="十二")
    for step in range(2):
        answer_step(page, step, answers)
        htmx_step(page, step)

    answer_step(page, 2, answers)
    refused = htmx_step(page, 2)

    assert refused.status == 422
    expect_step(page, 2)  # still on 租房与缴存
    expect(page.locator("#months-problem")).to_have_text("请输入整月数，例如 6")
    expect(page.locator("#months")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#months")).to_have_value("十二")
    assert page.evaluate("() => window.sameDocument") is True


def test_a_birth_date_after_today_is_refused_with_the_check_s_message(page: Page):
    start_with_htmx(page)
    answers = Answers(birth_date=(dt.date.today() + dt.timedelta(days=400)).isoformat())

    for step in range(len(STEP_TITLES)):
        answer_step(page, step, answers)
        last = htmx_step(page, step)

    assert last.status == 422
    expect(page.locator("#wizard .error[role=alert]")).to_have_text("出生日期须早于测算日期")
    expect(page.locator("#wizard .result")).to_have_count(0)
    assert page.evaluate("() => window.sameDocument") is True


def walk_without_javascript(page: Page, answers: Answers) -> None:
    page.goto(WIZARD)
    for step in range(len(STEP_TITLES)):
        expect_step(page, step)
        answer_step(page, step, answers)
        with page.expect_navigation() as navigation:
            press(page, step)
        assert navigation.value is not None and navigation.value.status == 200
        assert parse_qs(urlsplit(page.url).query)["step"] == [str(step + 1)]


def conditions_text(page: Page) -> list[str]:
    return page.locator("#wizard .result ul.checks li").all_inner_texts()


def test_without_javascript_the_steps_are_pages_and_the_one_page_form_agrees(open_context):
    page = open_context(java_script_enabled=False).new_page()
    short = Answers(months="3", lease="no")  # 3 months of contributions, no lease yet
    walk_without_javascript(page, short)
    expect_explained_result(page, NO_HEADING)
    by_steps = conditions_text(page)
    assert "连续足额缴存 3 个月" in " ".join(by_steps)

    page.goto(WIZARD)
    with page.expect_navigation():
        page.get_by_role("link", name="在一页中填写全部问题").click()
    assert parse_qs(urlsplit(page.url).query)["step"] == ["all"]
    legends = [f"{n}. {title}" for n, title in enumerate(STEP_TITLES, 1)]
    expect(page.locator("#wizard form > fieldset > legend")).to_have_text(legends)
    for step in range(len(STEP_TITLES)):
        answer_step(page, step, short)
    with page.expect_navigation():
        page.get_by_role("button", name="查看测算结果").click()

    expect_explained_result(page, NO_HEADING)
    assert conditions_text(page) == by_steps


def test_without_javascript_a_clear_case_is_eligible_and_a_bad_answer_returns(open_context):
    page = open_context(java_script_enabled=False).new_page()
    walk_without_javascript(page, Answers())
    expect_explained_result(page, YES_HEADING)

    page.goto(WIZARD + "?step=all")
    for step in range(len(STEP_TITLES)):
        answer_step(page, step, Answers(months="abc"))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="查看测算结果").click()
    assert navigation.value is not None and navigation.value.status == 422
    expect(page.locator("#months-problem")).to_have_text("请输入整月数，例如 6")
    expect(page.locator("#wizard form > fieldset > legend")).to_have_count(4)  # the form stays
    expect(page.locator("#wizard .result")).to_have_count(0)
