"""Translations and languages: every message in code and templates has an English
translation; a request gets ?lang=, else the remembered choice, else the best match for
its Accept-Language (babel, q-values honoured), else Chinese, on pages and the API."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cityhub import i18n
from cityhub.i18n import catalog_path
from cityhub.settings import PROJECT_DIR
from tests.helpers import gql

METHODS = [("cityhub/**.py", "python"), ("cityhub/templates/**.html", "jinja2")]


def _extracted() -> set[str]:
    messages = extract_from_dir(
        str(PROJECT_DIR),
        METHODS,
        keywords={"_": None, "gettext": None, "N_": None},
        options_map={"cityhub/templates/**.html": {"trimmed": "true"}},
    )
    return {message for _, _, message, _, _ in messages if isinstance(message, str)}


def test_every_message_has_an_english_translation():
    with catalog_path("en").open("rb") as po:
        catalog = read_po(po, locale="en")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}

    missing = _extracted() - translated

    assert len(translated) > 100
    assert not missing, f"translate these in {catalog_path('en')}: {sorted(missing)}"


async def test_english_pages_have_no_untranslated_chinese_interface_text(client):
    html = (await client.get("/developers?lang=en")).text

    assert "Developers and partner agencies" in html
    assert "开发者与合作机构" not in html


LABELS = '{ enumLabels(names: ["Weekday"]) { values { label } } }'


def first_weekday(body: dict) -> str:
    return body["data"]["enumLabels"][0]["values"][0]["label"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr, en;q=0.8", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-TW", "zh-CN"),
        ("zh", "zh-CN"),
        ("fr", "zh-CN"),
        ("en;q=0, zh-HK;q=0.5", "zh-CN"),
        ("de;q=0.9, en-GB;q=0.5, fr;q=0.7", "en"),
        ("en;q=oops, *", "zh-CN"),
        ("", "zh-CN"),
    ],
)
def test_accept_language_is_negotiated_by_q_value(header, expected):
    assert i18n.negotiate(accept_language=header) == expected


def test_an_asked_language_beats_a_remembered_one_which_beats_the_header():
    assert i18n.negotiate(requested="en", remembered="zh-CN", accept_language="zh") == "en"
    assert i18n.negotiate(remembered="en", accept_language="zh") == "en"
    assert i18n.negotiate(requested="xx", remembered="zh_CN", accept_language="en") == "zh-CN"


@pytest.mark.parametrize(
    ("header", "lang"), [("fr, en;q=0.8", "en"), ("zh-TW", "zh-CN"), ("zh", "zh-CN")]
)
async def test_a_first_visit_gets_the_browser_s_language_and_no_cookie(client, header, lang):
    response = await client.get("/stations", headers={"Accept-Language": header})

    assert f'<html lang="{lang}">' in response.text
    assert "set-cookie" not in response.headers
    assert "Accept-Language" in response.headers["vary"]


async def test_the_remembered_choice_beats_the_browser_s_language(client):
    await client.get("/?lang=en")

    later = await client.get("/stations", headers={"Accept-Language": "zh-CN"})
    switched = await client.get("/stations?lang=zh", headers={"Accept-Language": "en"})
    after = await client.get("/", headers={"Accept-Language": "en"})

    assert '<html lang="en">' in later.text
    assert '<html lang="zh-CN">' in switched.text
    assert "cityhub_lang=zh-CN" in switched.headers["set-cookie"]
    assert '<html lang="zh-CN">' in after.text


async def test_the_api_negotiates_the_same_way(client):
    english = await gql(client, LABELS, headers={"Accept-Language": "fr, en;q=0.8"})
    traditional = await gql(client, LABELS, headers={"Accept-Language": "zh-TW, en;q=0.5"})
    asked = await client.post(
        "/graphql?lang=en", json={"query": LABELS}, headers={"Accept-Language": "zh"}
    )

    assert first_weekday(english) == "Monday"
    assert first_weekday(traditional) == "星期一"
    assert first_weekday(asked.json()) == "Monday"
