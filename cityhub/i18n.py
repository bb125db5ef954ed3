"""Languages: Chinese source strings, English from the babel catalog in locale/."""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "en")
LOCALE_NAMES = {"zh-CN": "中文", "en": "English"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CATALOG_DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


def normalize(value: str | None) -> str | None:
    """Map a requested language ("en", "en-US", "zh", "zh-cn") to a supported one."""
    if not value:
        return None
    value = value.strip().lower()
    if value.startswith("zh"):
        return "zh-CN"
    if value.startswith("en"):
        return "en"
    return None


def catalog_path(locale: str) -> Path:
    return LOCALE_DIR / locale.replace("-", "_") / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalog for ``locale``; Chinese is the source language."""
    path = catalog_path(locale)
    if locale == DEFAULT_LOCALE or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale.replace("-", "_"))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translate(locale: str, message: str, **params: object) -> str:
    text = translations(locale).gettext(message)
    return text.format(**params) if params else text
