"""The portal in English: a crawl of every page reachable from the site's entry points, as
a visitor, a member and union staff, finds no Chinese outside elements marked
``lang="zh-CN"`` (proper names, addresses, what people typed, the source's own words), in
text or in the attributes a reader meets (title, alt, placeholder, aria-label); and the
API gives each seeded text's English form beside the Chinese."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.english_crawl import Crawl, HanFinder, crawl
from tests.helpers import gql, make_account, sign_in
from tests.union.aid_support import as_member

PUBLIC = [
    "/",
    "/union",
    "/stations",
    "/stations?open=1",
    "/union/aid",
    "/union/aid/medical/check",
    "/developers",
    "/events",
    "/housing",
    "/council",
    "/figures",
    "/login",
    "/search?q=驿站",
]
SIGNED_IN = ["/account", "/union/me", "/union/aid/mine"]
STAFF = ["/union/staff", "/union/aid/review", "/union/members", "/union/members/new"]
LIMIT = 400  # pages per viewer; a crawl that reaches it fails (the site grew: raise it)


async def _crawl_as(app, viewer: str) -> Crawl:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        start = PUBLIC
        if viewer == "member":
            await as_member(client, "TYDS0001")
            start = PUBLIC + SIGNED_IN
        if viewer == "staff":
            await make_account("staff", "union_staff", "admin")
            await sign_in(client, "staff")
            start = PUBLIC + SIGNED_IN + STAFF
        pages = Crawl()
        await crawl(client, start, pages, LIMIT)
        return pages


@pytest.mark.parametrize(("viewer", "at_least"), [("visitor", 45), ("member", 48), ("staff", 190)])
async def test_no_page_in_english_shows_chinese_outside_marked_elements(app, viewer, at_least):
    pages = await _crawl_as(app, viewer)

    assert at_least <= len(pages.pages) < LIMIT
    assert not pages.failures, "\n".join(
        f"{path}: {found[:5]}" for path, found in pages.failures.items()
    )


async def test_the_finder_sees_chinese_in_text_and_attributes_but_not_in_marked_elements():
    finder = HanFinder()
    finder.feed(
        '<p>Station: <span lang="zh-CN">长风街驿站</span></p>'
        '<input placeholder="输入地点"><img alt="地图"><p>Source：x</p>'
        '<div lang="zh"><b>中文</b></div><br><p>站</p>'
    )

    assert [f.split(":")[0] for f in finder.found] == [
        "<input> attribute",
        "<img> attribute",
        "<p>",
        "<p>",
    ]


async def test_the_finder_flags_a_chinese_page_that_claimed_to_be_english(client):
    chinese = (await client.get("/union/aid?lang=zh")).text
    finder = HanFinder()
    finder.feed(chinese.replace('<html lang="zh-CN">', '<html lang="en">', 1))

    assert len(finder.found) > 10


PROGRAMS = "{ aidPrograms { nodes { code name nameEn summary summaryEn partner partnerEn } } }"
UNION = "{ union { name nameEn registeredDriversNote registeredDriversNoteEn } }"


async def test_the_api_gives_seeded_texts_in_english_beside_the_chinese(client):
    programs = (await gql(client, PROGRAMS))["data"]["aidPrograms"]["nodes"]
    union = (await gql(client, UNION))["data"]["union"]

    jinqiu = next(p for p in programs if p["code"] == "jinqiu-2024")
    assert (jinqiu["name"], jinqiu["nameEn"]) == (
        "2024年金秋助学",
        "2024 Golden Autumn student aid",
    )
    assert jinqiu["partnerEn"] == "Taiyuan Federation of Trade Unions"
    assert all(p["nameEn"] and p["summaryEn"] for p in programs)
    assert union["nameEn"].startswith("Taiyuan")
    assert "65,000 ÷ 0.93" in union["registeredDriversNoteEn"]


async def test_an_english_page_shows_the_english_forms_and_english_punctuation(client):
    program = (await client.get("/union/aid/jinqiu-2024?lang=en")).text
    union = (await client.get("/union?lang=en")).text

    assert "<h1>2024 Golden Autumn student aid</h1>" in program
    assert "Partner: Taiyuan Federation of Trade Unions" in program
    assert "Run together with Taiyuan Federation of Trade Unions." in program
    assert "(derived from the published 65,000 members" in union


async def test_a_seeded_rejection_and_its_timeline_read_in_english(client):
    await as_member(client, "TYDS0012")  # JQ2024-000006, rejected in the seeds

    mine = (await client.get("/union/aid/mine?lang=en")).text
    page = re.search(r'href="(/union/aid/applications/[^"]+)"', mine).group(1)
    english = (await client.get(page, params={"lang": "en"})).text
    chinese = (await client.get(page, params={"lang": "zh"})).text

    assert "Household income per person is above the aid standard (sample)" in mine
    assert "Applicant (sample)" in english and "Union staff (sample)" in english
    assert "家庭人均收入高于资助标准（示例）" not in mine + english
    assert "家庭人均收入高于资助标准（示例）" in chinese and "申请人（示例）" in chinese
