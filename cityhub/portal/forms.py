"""Reading what a visitor typed or chose: form values, amounts, ids, same-site targets, and
the schema's userErrors as the form's messages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from strawberry.relay import GlobalID
from strawberry.relay.types import GlobalIDValueError

from cityhub.errors import BadInput
from cityhub.i18n import N_, translate
from cityhub.schema.inputs import parse_decimal

# A typed amount is read up to this many characters ("1,234,567.89" and a little more).
AMOUNT_MAX_LENGTH = 14


def field_errors(
    user_errors: list[dict[str, Any]], form_field: Callable[[str | None], str] | None = None
) -> dict[str, str]:
    """A mutation's userErrors as {form field: its first message}; ``form_field`` maps an
    input path to the form's name for it (default: the path; "_" for the whole form)."""
    errors: dict[str, str] = {}
    for error in user_errors:
        name = form_field(error["field"]) if form_field else error["field"] or "_"
        errors.setdefault(name, error["message"])
    return errors


@dataclass
class Form:
    """A form as typed, its messages by field ("_" for the whole form), and the GraphQL
    variables it makes."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)

    def add_api_errors(
        self, user_errors: list[dict], form_field: Callable[[str | None], str] | None = None
    ) -> None:
        """The schema's userErrors, after the form's own messages (which win)."""
        for name, message in field_errors(user_errors, form_field).items():
            self.errors.setdefault(name, message)


def text_values(data: Any, names: tuple[str, ...]) -> dict[str, str]:
    """Each named field of form or query data as stripped text ("" when absent)."""
    return {name: str(data.get(name) or "").strip() for name in names}


def too_long(values: dict[str, Any], most: dict[str, int], locale: str) -> dict[str, str]:
    """{field: its message} for each text field past its bound (``most``: field -> length)."""
    return {
        name: translate(locale, N_("最多 {max} 个字"), max=limit)
        for name, limit in most.items()
        if len(values[name]) > limit
    }


def parse_amount(text: str) -> str | None:
    """An amount in yuan as a decimal string ("5,200.50" -> "5200.50"), or None if it is
    not a number the schema's Decimal takes (so the form says so, rather than a 400)."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not cleaned or len(cleaned) > AMOUNT_MAX_LENGTH:
        return None
    try:
        return str(parse_decimal(cleaned))
    except BadInput:  # not finite, or more digits than the schema's Decimal takes
        return None


def parse_year(text: str) -> int | None:
    """A year as four ASCII digits, or None: str.isdigit() also passes "²" and other
    scripts' digits, and int() refuses a string of more than 4,300 digits."""
    return int(text) if re.fullmatch(r"[0-9]{4}", text) else None


def is_global_id(text: str | None) -> bool:
    if not text:
        return False
    try:
        GlobalID.from_id(text)
    except GlobalIDValueError:
        return False
    return True


def global_id_or_404(request: Request, key: str = "id") -> str:
    """A global ID from the path; a malformed one is a 404 page, not an error."""
    value = request.path_params[key]
    if not is_global_id(value):
        raise HTTPException(404)
    return value


def same_site(target: str | None, fallback: str) -> str:
    """``target`` if it is a path on this site, else ``fallback``: a form's "next" field
    cannot send anyone elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback
