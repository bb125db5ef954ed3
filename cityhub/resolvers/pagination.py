"""Pages with a bounded size and opaque cursors: keyset pages over a queryset, offset pages
over a list already ordered in Python (e.g. by distance).

Each kind of page has its own cursor prefix, so a cursor from one ordering handed to
another is INVALID_CURSOR instead of a silently wrong page.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from cityhub.cache.counts import counted
from cityhub.errors import BadInput
from cityhub.i18n import N_

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_CURSOR_PREFIX = "k:"  # keyset by id
_TIME_PREFIX = "t:"  # keyset by (a time column, id)
_OFFSET_PREFIX = "o:"  # position in a list ordered in Python
# Row ids are Tortoise IntFields: PostgreSQL's integer holds up to 2**31 - 1 (SQLite's up
# to 2**63 - 1, but an id must mean the same on both). Offsets are bounded the same way.
MAX_ROW_ID = 2**31 - 1
_NUMBER = re.compile(r"-?[0-9]+")


@dataclass
class Page:
    rows: list[dict[str, Any]]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]]
    # Of the count, the sample records (示例); None when the rows are never sample data.
    sample_count: Callable[[], Awaitable[int]] | None = None


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


def row_id(text: str) -> int | None:
    """The row id in a node id or a cursor: None when ``text`` is no number; a number no
    id column holds (zero, negative, 2**31 or more, thousands of digits) is BAD_USER_INPUT,
    checked before int() (which refuses strings of more than 4,300 digits)."""
    if not _NUMBER.fullmatch(text):
        return None
    if text.startswith("-") or len(text.lstrip("0")) > len(str(MAX_ROW_ID)):
        raise _out_of_range(text)
    number = int(text)
    if not 0 < number <= MAX_ROW_ID:
        raise _out_of_range(text)
    return number


def _out_of_range(text: str) -> BadInput:
    shown = text if len(text) <= 24 else f"{text[:20]}…"
    return BadInput(N_("编号 {value} 超出范围：应为 1 到 {max}"), value=shown, max=MAX_ROW_ID)


def _encode(prefix: str, payload: str) -> str:
    return base64.urlsafe_b64encode(f"{prefix}{payload}".encode()).decode()


def _invalid_cursor() -> BadInput:
    return BadInput(N_("分页游标无效"), code="INVALID_CURSOR", argument="after")


def _payload(cursor: str, prefix: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _invalid_cursor() from None
    if not text.startswith(prefix):
        raise _invalid_cursor()
    return text.removeprefix(prefix)


def encode_cursor(key: int) -> str:
    return _encode(_CURSOR_PREFIX, str(key))


def _key(text: str) -> int:
    """A cursor's row id or position: INVALID_CURSOR unless one row_id() takes."""
    try:
        key = row_id(text)
    except BadInput:
        key = None
    if key is None:
        raise _invalid_cursor()
    return key


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    return _key(_payload(cursor, _CURSOR_PREFIX))


async def keyset_page(
    queryset: QuerySet[Any],
    fields: tuple[str, ...],
    *,
    first: int | None,
    after: str | None,
    newest_first: bool = False,
) -> Page:
    """One page ordered by id (oldest or newest first), read as plain rows: one statement,
    plus one to count."""
    size = page_size(first)
    after_id = decode_cursor(after)
    query = queryset
    if after_id is not None:
        query = (
            queryset.filter(id__lt=after_id) if newest_first else queryset.filter(id__gt=after_id)
        )
    rows = await query.order_by("-id" if newest_first else "id").limit(size + 1).values(*fields)
    return Page(
        rows=rows[:size],
        cursors=[encode_cursor(row["id"]) for row in rows[:size]],
        has_next_page=len(rows) > size,
        has_previous_page=after_id is not None,
        count=functools.partial(counted, queryset),
        sample_count=sample_counter(queryset),
    )


def _encode_time(moment: datetime, key: int) -> str:
    return _encode(_TIME_PREFIX, f"{moment.isoformat()}|{key}")


def _decode_time(cursor: str | None) -> tuple[datetime, int] | None:
    if cursor is None:
        return None
    moment, _, key = _payload(cursor, _TIME_PREFIX).partition("|")
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        raise _invalid_cursor() from None
    if parsed.tzinfo is None:
        raise _invalid_cursor()
    return parsed, _key(key)


async def time_keyset_page(
    queryset: QuerySet[Any],
    fields: tuple[str, ...],
    column: str,
    *,
    first: int | None,
    after: str | None,
    descending: bool = False,
) -> Page:
    """One page ordered by ``column`` (a timezone-aware datetime) then id, newest first
    when ``descending``."""
    size = page_size(first)
    position = _decode_time(after)
    query = queryset
    beyond, order = ("lt", "-") if descending else ("gt", "")
    if position is not None:
        moment, key = position
        # Typed as Any so mypy does not match them to Q's join_type (a str) as well.
        later: dict[str, Any] = {f"{column}__{beyond}": moment}
        same: dict[str, Any] = {column: moment, f"id__{beyond}": key}
        query = query.filter(Q(**later) | Q(**same))
    ordered = query.order_by(order + column, order + "id")
    rows = await ordered.limit(size + 1).values(*fields)
    return Page(
        rows=rows[:size],
        cursors=[_encode_time(row[column], row["id"]) for row in rows[:size]],
        has_next_page=len(rows) > size,
        has_previous_page=position is not None,
        count=functools.partial(counted, queryset),
        sample_count=sample_counter(queryset),
    )


def encode_offset_cursor(offset: int) -> str:
    return _encode(_OFFSET_PREFIX, str(offset))


def decode_offset_cursor(cursor: str | None) -> int:
    """The position after which the next page starts (0 without a cursor)."""
    if cursor is None:
        return 0
    return _key(_payload(cursor, _OFFSET_PREFIX))


def sample_counter(queryset: QuerySet[Any]) -> Callable[[], Awaitable[int]] | None:
    """How many of ``queryset`` are sample records, for models that mark them."""
    if "is_sample" not in queryset.model._meta.fields_map:
        return None
    return functools.partial(counted, queryset.filter(is_sample=True))


def offset_page(
    rows: list[dict[str, Any]], *, first: int | None, after: str | None, marked: bool = False
) -> Page:
    """One page of ``rows``, already filtered and ordered; counting costs no statement.
    ``marked``: the rows carry is_sample, so the page counts its sample rows too."""
    size = page_size(first)
    start = decode_offset_cursor(after)
    chunk = rows[start : start + size]
    total = len(rows)

    async def count() -> int:
        return total

    sample = sum(1 for row in rows if row.get("is_sample"))

    async def sample_count() -> int:
        return sample

    return Page(
        rows=chunk,
        cursors=[encode_offset_cursor(start + i + 1) for i in range(len(chunk))],
        has_next_page=start + size < total,
        has_previous_page=start > 0,
        count=count,
        sample_count=sample_count if marked else None,
    )
