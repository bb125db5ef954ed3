"""Text in the page's language: a record's English form where the page is English, the
punctuation each language writes, and Chinese text shown on an English page (proper names,
addresses, what people typed, the source's own words) marked ``lang="zh-CN"``."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uff65"
HAN = re.compile(f"[{CJK}]")
# A run of Chinese: from a Chinese character to the last one before other text, taking in
# the digits, spaces and punctuation between (北京路 12 号, 6.5 万人 / 35 家).
RUN = re.compile(f"[{CJK}](?:[{CJK}0-9·.,/%\\s-]*[{CJK}])?")
# What each language writes between a label and its value, around an aside, between
# items of a list and between clauses.
PUNCTUATION = {
    "zh-CN": {
        "colon": "：",
        "open": "（",
        "close": "）",
        "list": "、",
        "comma": "，",
        "semicolon": "；",
    },
    "en": {
        "colon": ": ",
        "open": " (",
        "close": ")",
        "list": ", ",
        "comma": ", ",
        "semicolon": "; ",
    },
}


def localized(record: Any, field: str, locale: str) -> Any:
    """``record[field]``, or on an English page its ``<field>En`` where that is not empty:
    ``{{ local(p, "name") }}`` shows an aid program's nameEn in English."""
    if record is None:
        return ""
    if locale != "zh-CN" and (english := record.get(f"{field}En")):
        return english
    return record.get(field)


def chinese_attribute(text: Any, locale: str) -> Markup:
    """`` lang="zh-CN"`` for an element showing Chinese ``text`` on an English page."""
    if locale != "zh-CN" and text and HAN.search(str(text)):
        return Markup(' lang="zh-CN"')
    return Markup("")


def chinese(text: Any, locale: str) -> Markup:
    """``text`` escaped, each run of Chinese in it in a ``<span lang="zh-CN">`` on an English
    page: "Xiaodian District · 小店区电子街" marks only the address."""
    if text is None:
        return Markup("")
    if locale == "zh-CN":
        return escape(text)
    parts, last = [], 0
    for run in RUN.finditer(str(text)):
        parts.append(escape(str(text)[last : run.start()]))
        parts.append(Markup('<span lang="zh-CN">{}</span>').format(run.group()))
        last = run.end()
    parts.append(escape(str(text)[last:]))
    return Markup("").join(parts)
