"""Personal data (names, phones, ID numbers): who may read it, how it is masked, and what a
viewer who sees it masked may search by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from cityhub.resolvers.accounts import Viewer

# A masked value is a str for a str, None for None (and for a column that may be null).
MaybeStr = TypeVar("MaybeStr", str, str | None)


def can_read_personal(viewer: Viewer, owner_account_id: int | None, *roles: str) -> bool:
    """The owner, or staff holding one of ``roles``; never an API key or anonymous."""
    if viewer.account_id is None:
        return False
    if owner_account_id is not None and viewer.account_id == owner_account_id:
        return True
    return viewer.has_role(*roles)


def mask_phone(phone: MaybeStr) -> MaybeStr:
    """138****5678: enough to recognise a number, not to call it."""
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep_head = 3 if len(digits) >= 11 else 0
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


def mask_id_number(number: MaybeStr) -> MaybeStr:
    """1****************8: only the first and last characters stay."""
    if not number or len(number) <= 2:
        return number
    return number[0] + "*" * (len(number) - 2) + number[-1]


@dataclass(frozen=True)
class Mask:
    """How a personal text reads to a viewer not allowed to see it: its first ``keep``
    characters, then ``fill``, the same whatever the length (so the mask does not tell
    how long the value is)."""

    keep: int
    fill: str

    def apply(self, value: MaybeStr) -> MaybeStr:
        if not value:
            return value
        return value[: self.keep] + self.fill

    def search_prefix(self, text: str) -> str | None:
        """What a prefix search for ``text`` may look for in the real values, for a viewer
        who sees only their masked form: it compares against that form, so only the kept
        characters can narrow it, and ``text`` must otherwise be the start of the fill.
        None: no masked value can start with ``text``. (Filtering on the real value
        would answer, one request at a time, what the mask hides.)"""
        kept, rest = text[: self.keep], text[self.keep :]
        return kept if self.fill.startswith(rest) else None


NAME = Mask(keep=1, fill="**")  # 陈**: the family name stays, the given name goes


def mask_name(name: MaybeStr) -> MaybeStr:
    return NAME.apply(name)
