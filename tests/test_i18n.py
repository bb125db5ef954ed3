"""Translations: every message in code and templates has an English translation."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cityhub.i18n import catalog_path
from cityhub.settings import PROJECT_DIR

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
