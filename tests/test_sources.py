"""Published figures cite only what the source page prints: its own headlines (or an
article's opening words), bylines where it has them, its date apart from the date the
project took its copy; each figure in the page's words, one unit per figure, and each
article cited once per group of figures."""

from __future__ import annotations

import re

from cityhub.settings import PROJECT_DIR
from tests.helpers import count_statements, gql

PAGE = (PROJECT_DIR / "seeds" / "sources" / "taiyuan-daily-2024-11-21.txt").read_text("utf-8")
FIGURES = """
query($first: Int) {
  publishedFigures(first: $first) {
    nodes {
      key value unit unitEn precision asWritten quote fraction asOf
      source { key title titleKind byline publishedOn retrievedOn }
    }
  }
}
"""
PAGE_LINES = {line.strip().lstrip("#").strip() for line in PAGE.splitlines()}
PARAGRAPHS = [line.strip() for line in PAGE.splitlines() if line.strip()]


async def figures(client) -> list[dict]:
    body = await gql(client, FIGURES, {"first": 100})
    assert "errors" not in body, body["errors"]
    return body["data"]["publishedFigures"]["nodes"]


async def test_every_citation_is_what_the_page_prints(client):
    found = await figures(client)
    sources = {f["source"]["key"]: f["source"] for f in found}

    assert len(found) == 19 and len(sources) == 3
    for source in sources.values():
        if source["titleKind"] == "HEADLINE":
            assert all(part in PAGE_LINES for part in source["title"].split(" / ")), source
        else:
            words = source["title"].removesuffix("…")
            assert source["title"].endswith("…")
            assert any(p.startswith(words) for p in PARAGRAPHS), source
        assert source["byline"] is None or source["byline"] in PAGE
        assert source["publishedOn"] == "2024-11-21" and source["retrievedOn"] > "2024-11-21"
    union = sources["taiyuan-daily-2024-11-21.union"]
    assert union["title"] == "两年入会 6.5 万人 建设驿站 35 家 / 我市为巡游网约车司机保驾护航"
    assert union["byline"] == "记者 李俊华"
    assert sources["taiyuan-daily-2024-11-21.housing"]["titleKind"] == "OPENING_WORDS"
    assert sources["taiyuan-daily-2024-11-21.council"]["byline"] is None
    assert (
        "publisher" not in (await client.get("/schema.graphql")).text.split("type Source")[1][:900]
    )


async def test_every_figure_is_in_the_page_s_words_with_one_unit(client):
    found = {f["key"]: f for f in await figures(client)}

    for figure in found.values():
        assert figure["quote"] in PAGE, figure["key"]
        assert figure["asWritten"].rstrip("人名") in figure["quote"], figure["key"]
        # No qualifier hides in the unit: 余/多/近 are the precision.
        assert not re.search("[余多近（+]", figure["unit"] + figure["unitEn"]), figure["key"]
        assert "." not in figure["value"] or not figure["value"].endswith("0"), figure["key"]
    applications = found["union.student_aid.applications_2024"]
    assert (applications["value"], applications["unit"], applications["precision"]) == (
        "120",
        "份",
        "MORE_THAN",
    )
    assert found["union.medical_aid.enrolled_2024"]["precision"] == "NEARLY"
    rate = found["union.membership_rate"]
    assert (rate["value"], rate["unit"], rate["unitEn"], rate["fraction"]) == (
        "93",
        "%",
        "percent",
        "0.93",
    )
    assert found["housing.units"]["asWritten"] == "3.2万套"


async def test_sources_are_read_in_one_batch_whatever_the_number_of_figures(client):
    few, _ = await count_statements(client, FIGURES, {"first": 2})
    many, data = await count_statements(client, FIGURES, {"first": 100})

    assert len(data["publishedFigures"]["nodes"]) == 19
    assert few == many


async def test_each_article_is_cited_once_under_its_figures(client):
    union = (await client.get("/union")).text
    everything = (await client.get("/figures")).text

    published = union[union.index('id="published-heading"') :]
    assert published.count("来源：") == 1
    assert published.count("记者 李俊华") == 1
    assert everything.count("来源：") == 3
    assert "太原本地日报" not in union + everything


async def test_in_english_a_qualifier_reads_as_words_and_the_source_as_quoted(client):
    html = (await client.get("/figures?lang=en")).text

    assert re.search(r"more than</span>\s*<span class=\"value\">120</span>", html)
    assert re.search(r"nearly</span>\s*<span class=\"value\">50,000</span>", html)
    headline = "两年入会 6.5 万人 建设驿站 35 家 / 我市为巡游网约车司机保驾护航"
    assert f'Source: “<span lang="zh-CN">{headline}</span>”' in html
    assert 'the report beginning “<span lang="zh-CN">本报讯 11月20日' in html
    assert "：" not in html.split("<main")[1].split("</main>")[0].replace("“", "")
