"""Keyset pages over a queryset: a bounded page size and opaque cursors."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

from cityhub.errors import BadInput
from cityhub.i18n import N_

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_CURSOR_PREFIX = "k:"


@dataclass
class Page:
    rows: list[dict[str, Any]]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise BadInput(
            N_("first 必须在 0 到 {max} 之间"),
            code="PAGE_SIZE_OUT_OF_RANGE",
            max=MAX_PAGE_SIZE,
            argument="first",
        )
    return first


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{key}".encode()).decode()


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if text.startswith(_CURSOR_PREFIX):
            return int(text.removeprefix(_CURSOR_PREFIX))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise BadInput(N_("分页游标无效"), code="INVALID_CURSOR", argument="after")


async def keyset_page(
    queryset: QuerySet, fields: tuple[str, ...], *, first: int | None, after: str | None
) -> Page:
    """One page ordered by id, read as plain rows: one statement, plus one to count."""
    size = page_size(first)
    after_id = decode_cursor(after)
    query = queryset if after_id is None else queryset.filter(id__gt=after_id)
    rows = await query.order_by("id").limit(size + 1).values(*fields)
    return Page(
        rows=rows[:size],
        cursors=[encode_cursor(row["id"]) for row in rows[:size]],
        has_next_page=len(rows) > size,
        has_previous_page=after_id is not None,
        count=queryset.count,
    )
