"""The medical aid claim checker over HTTP: no sign-in, no JavaScript; each rule with its
reason; input it cannot read or the schema refuses, said on the page."""

from __future__ import annotations

import re

from tests.union.aid_support import as_member

CHECK = "/union/aid/medical/check"


def claim(amount: str, **extra: str) -> dict:
    return {"year": "2024", "category": "hospitalisation", "amount": amount, **extra}


def rule_lines(html: str) -> dict[str, str]:
    """{rule: "passed" | "failed"} as the result lists them."""
    found = re.findall(r'<li class="(passed|failed)" data-rule="([A-Z_]+)"', html)
    return {rule: state for state, rule in found}


async def test_the_claim_checker_works_without_login_or_javascript(client):
    below = await client.get(CHECK, params=claim("2999.99", enrolled="yes"))
    at = await client.get(CHECK, params=claim("3000", enrolled="yes"))

    assert below.status_code == at.status_code == 200
    assert "暂不符合申请条件" in below.text
    assert rule_lines(below.text)["SELF_PAID_THRESHOLD"] == "failed"
    assert "未达到 3,000.00 元的标准" in below.text
    assert "符合申请条件" in at.text and "暂不符合" not in at.text
    assert set(rule_lines(at.text).values()) == {"passed"}
    assert "未核对" in at.text  # anonymous: enrolment was declared, not checked
    assert "<form" in at.text and "set-cookie" not in at.headers


async def test_the_checker_says_what_is_wrong_with_the_input(client):
    words = await client.get(CHECK, params=claim("三千"))
    negative = await client.get(CHECK, params=claim("-3"))
    unknown_year = await client.get(CHECK, params={**claim("3000"), "year": "2031"})

    assert words.status_code == 422 and "请输入自付金额" in words.text
    assert negative.status_code == 400 and "金额须为不小于 0 的数字" in negative.text
    assert unknown_year.status_code == 400 and "找不到 2031 年" in unknown_year.text
    assert "<form" in words.text


async def test_htmx_gets_only_the_result(client):
    response = await client.get(CHECK, params=claim("5000"), headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="claim-result"')
    assert "<form" not in response.text


async def test_a_signed_in_member_is_checked_against_the_data(client):
    await as_member(client, "TYDS0003")

    response = await client.get(CHECK, params={**claim("3500"), "category": "chronic_outpatient"})

    assert "TYDS0003" in response.text
    assert rule_lines(response.text)["YEARLY_LIMIT"] == "failed"
    assert "已核对" in response.text
