"""How pages show numbers and times: grouped digits, and Taiyuan's clock for UTC moments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from cityhub import clock

MINUTE = "%Y-%m-%d %H:%M"


def format_number(value: Any, locale: str) -> str:
    """65,000 / 93 / 1.5 from a Decimal string: no trailing zeros, grouped digits."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return format_decimal(number, locale=locale.replace("-", "_"))


def local_time(moment: str | datetime | None, pattern: str = MINUTE) -> str:
    """An API timestamp (ISO 8601, UTC when it names no offset) on Taiyuan's clock
    (Asia/Shanghai), e.g. ``{{ a.submittedAt | local_time }}`` -> 2024-08-05 09:30."""
    if not moment:
        return ""
    if not isinstance(moment, datetime):
        moment = datetime.fromisoformat(str(moment))
    return clock.local(moment).strftime(pattern)


def iso_date(text: str | None) -> date | None:
    """A typed or date-input value (2024-05-06) as a date; None when it is not one."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def by_source(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Runs of consecutive items (figures, excerpts) from the same article, in order, so a
    page cites each article once below its run."""
    groups: list[list[dict[str, Any]]] = []
    for item in items:
        if groups and groups[-1][0]["source"]["key"] == item["source"]["key"]:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups
