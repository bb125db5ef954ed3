"""Passages quoted from the source page: verbatim, under topics in both languages, cited
once per article, and shown on the landing pages of services still to come, with what
is coming; none of them passes for a record of the system."""

from __future__ import annotations

import re

import pytest

from tests.helpers import count_statements, gql
from tests.test_sources import PAGE, PAGE_LINES

EXCERPTS = """
query($domain: String, $first: Int) {
  sourceExcerpts(domain: $domain, first: $first) {
    totalCount
    nodes { key domain topic topicEn quote source { key title titleKind byline } }
  }
}
"""


async def excerpts(client, domain: str | None = None, first: int = 100) -> dict:
    body = await gql(client, EXCERPTS, {"domain": domain, "first": first})
    assert "errors" not in body, body["errors"]
    return body["data"]["sourceExcerpts"]


async def test_every_excerpt_is_the_page_s_own_words_under_a_topic_in_both_languages(client):
    found = (await excerpts(client))["nodes"]

    assert {e["domain"] for e in found} == {"housing", "council", "events"}
    for excerpt in found:
        assert excerpt["quote"] in PAGE, excerpt["key"]
        assert excerpt["topic"] and re.fullmatch(r"[ -~]+", excerpt["topicEn"]), excerpt
        title = excerpt["source"]
        if title["titleKind"] == "HEADLINE":
            assert all(part in PAGE_LINES for part in title["title"].split(" / ")), title
        assert title["byline"] is None or title["byline"] in PAGE
    how = next(e for e in found if e["key"] == "housing.how")
    assert "0351-5618555、5616555" in how["quote"]
    exams = [e for e in found if e["domain"] == "events"]
    assert exams[0]["source"]["title"] == "艺考三个专业统考 今起开始报名"
    assert any("11月23日0时至27日24时" in e["quote"] for e in exams)


async def test_one_domain_s_excerpts_in_the_articles_order_with_sources_in_one_batch(client):
    housing = await excerpts(client, "housing")
    few, _ = await count_statements(client, EXCERPTS, {"domain": None, "first": 2})
    many, data = await count_statements(client, EXCERPTS, {"domain": None, "first": 100})

    keys = [e["key"] for e in housing["nodes"]]
    assert keys[:3] == ["housing.who", "housing.conditions", "housing.how"]
    assert housing["totalCount"] == len(keys) == 6
    assert len(data["sourceExcerpts"]["nodes"]) == 13
    assert few == many
    assert (await excerpts(client, "nothing"))["nodes"] == []


@pytest.mark.parametrize(
    ("path", "coming", "quoted"),
    [
        ("/events", "报名时间按太原时间标明起止", "11月23日0时至27日24时"),
    ],
)
async def test_area_pages_say_what_is_coming_and_quote_the_source_once_cited(
    client, path: str, coming: str, quoted: str
):
    html = (await client.get(path)).text
    main = html.split("<main")[1].split("</main>")[0]

    assert 'id="coming-heading"' in main and coming in main
    assert f"{quoted}" in main.split('id="excerpts-heading"')[1]
    assert main.count('<blockquote lang="zh-CN">') >= 3
    # One citation per article: the excerpts' and, where there are any, the figures'.
    assert main.count("来源：") == (2 if 'id="figures-heading"' in main else 1)
    assert "以下是新闻报道公开的信息" not in main  # the old note above an empty page


async def test_the_council_page_quotes_the_source_beside_its_own_records(client):
    html = (await client.get("/council")).text
    main = html.split("<main")[1].split("</main>")[0]

    assert 'id="coming-heading"' not in main  # a page of records now
    assert "四级纵向组织链条" in main.split('id="excerpts-heading"')[1]
    assert main.count("来源：") == 2  # the excerpts' article and the figures'


async def test_in_english_the_topics_are_english_and_the_quotes_stay_as_written(client):
    html = (await client.get("/housing?lang=en")).text

    assert "<dt>Two ways to apply</dt>" in html
    assert '<blockquote lang="zh-CN">线上方式:' in html
    assert "Projects (31 in all)" in html  # the service itself, beside the quotes
