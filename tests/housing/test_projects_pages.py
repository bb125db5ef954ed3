"""The housing pages: the project list with filters (a plain GET form), the live portfolio
beside the published figures, a project's units, and bad input shown beside the form."""

from __future__ import annotations

import re

from tests.helpers import gql


async def _wuyue_path(client) -> str:
    body = await gql(client, "{ housingProjects(first: 50) { nodes { id code } } }")
    nodes = body["data"]["housingProjects"]["nodes"]
    return "/housing/projects/" + next(n["id"] for n in nodes if n["code"] == "zjt-wuyue")


async def test_the_housing_page_lists_projects_beside_live_and_published_figures(client):
    page = await client.get("/housing")

    assert page.status_code == 200
    assert "租建投·吾悦广场安居公寓" in page.text
    assert "项目（共 31 个）" in page.text and "其中 30 个为示例数据" in page.text
    assert 'href="tel:0351-5618555"' in page.text and "租建投安居公寓" in page.text
    assert "房源概况（本系统数据）" in page.text and "公开发布的数字" in page.text
    assert "3.2万套" in page.text  # the published figure as written, beside the live counts
    assert page.text.count('class="dot"') == 20  # the map, one dot per listed project
    quotes = page.text.split('id="excerpts-heading"')[1]
    assert "咨询电话为0351-5618555、5616555" in quotes and quotes.count("来源：") == 1


async def test_the_filters_work_as_a_plain_form(client):
    raised = await client.get("/housing", params={"status": "raised"})
    assert "项目（共 20 个）" in raised.text
    available = await client.get("/housing", params={"available": "1"})
    assert "项目（共 11 个）" in available.text
    unknown = await client.get("/housing", params={"status": "bogus", "district": "x" * 500})
    assert unknown.status_code == 200 and "项目（共 0 个）" in unknown.text


async def test_a_project_page_shows_its_units_and_the_ways_to_apply(client):
    path = await _wuyue_path(client)
    page = await client.get(path)

    assert page.status_code == 200
    assert "房源（共 6 套）" in page.text
    assert "可预订 3 套，已预订 1 套，已出租 2 套" in page.text
    assert "uri.amap.com" in page.text and "租建投安居公寓" in page.text
    studios = await client.get(path, params={"layout": "studio"})
    assert re.search(r"房源（共 [12] 套）", studios.text)


async def test_a_bad_rent_cap_is_said_beside_the_form(client):
    path = await _wuyue_path(client)
    for bad, message in (("abc", "请输入有效的金额"), ("-5", "租金上限须在"), ("1.234", "请输入")):
        page = await client.get(path, params={"max_rent": bad})
        assert page.status_code == 422, bad
        assert message in page.text
        assert "房源（共 6 套）" in page.text  # the units, unfiltered, still shown


async def test_an_unknown_project_is_a_404(client):
    assert (await client.get("/housing/projects/SG91c2luZ1Byb2plY3Q6OTk5OQ==")).status_code == 404
    assert (await client.get("/housing/projects/not-an-id")).status_code == 404


async def test_the_pages_read_in_english(client):
    page = await client.get("/housing", params={"lang": "en"})
    assert "Projects (31 in all)" in page.text and "ZJT Wuyue Plaza Anju Apartments" in page.text
