"""Personal data (phones, ID numbers): who may read it, and how it is masked."""

from __future__ import annotations

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


def mask_name(name: MaybeStr) -> MaybeStr:
    """陈**: the family name stays, the given name goes."""
    if not name:
        return name
    return name[0] + "*" * max(len(name) - 1, 1)
