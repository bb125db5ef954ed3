"""Languages: Chinese source strings, English from the babel catalog in locale/, and which
of the two a request gets (?lang=, then the remembered choice, then Accept-Language)."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "en")
LOCALE_NAMES = {"zh-CN": "中文", "en": "English"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CATALOG_DOMAIN = "messages"
# What babel matches a requested tag against, and the locale each language is served in:
# any Chinese (zh, zh-TW, zh-Hant-HK) gets the Chinese pages, any English the English ones.
NEGOTIABLE = ("zh-CN", "zh", "en")
SERVED = {"zh": "zh-CN", "en": "en"}
# An Accept-Language header is read up to this many entries (browsers send a handful).
MAX_RANGES = 20


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


def best_match(requested: list[str]) -> str | None:
    """The supported locale for the first of ``requested`` (language tags, most wanted
    first) that babel can match, or None."""
    tags = [tag.strip().replace("_", "-") for tag in requested if tag and tag.strip()]
    try:
        found = Locale.negotiate(tags, NEGOTIABLE, sep="-")
    except (ValueError, UnknownLocaleError):
        return None
    return SERVED.get(found.language) if found else None


def normalize(value: str | None) -> str | None:
    """One requested language ("en", "en-US", "zh", "zh-TW") as a supported locale."""
    return best_match([value]) if value else None


def accepted_languages(header: str | None) -> list[str]:
    """The language ranges of an Accept-Language header, most wanted first: by q-value
    (RFC 9110 §12.4.2), then in the order sent; q=0 and ``*`` are left out."""
    ranked = []
    for position, entry in enumerate((header or "").split(",")[:MAX_RANGES]):
        tag, *params = (part.strip() for part in entry.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and tag != "*" and weight > 0:
            ranked.append((-weight, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(
    *,
    requested: str | None = None,
    remembered: str | None = None,
    accept_language: str | None = None,
) -> str:
    """The locale for a request: an explicit ?lang=, else the visitor's remembered choice,
    else the best match for Accept-Language, else Chinese."""
    return (
        normalize(requested)
        or normalize(remembered)
        or best_match(accepted_languages(accept_language))
        or DEFAULT_LOCALE
    )


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


@dataclass(frozen=True)
class Localized:
    """A text from the data in both languages (a category's name), as a message parameter:
    translate() puts in the one for its locale (the Chinese when there is no English)."""

    zh: str
    en: str

    def pick(self, locale: str) -> str:
        return self.en if locale == "en" and self.en else self.zh


def translate(locale: str, message: str, **params: object) -> str:
    text = translations(locale).gettext(message)
    if not params:
        return text
    chosen = {k: v.pick(locale) if isinstance(v, Localized) else v for k, v in params.items()}
    return text.format(**chosen)
