"""A case's extra fields, checked against its category's definition (Open311's service
attributes): required ones present, lists only their keys, numbers and times parsed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_

VALUE_MAX = 500
Given = dict[str, str | list[str]]


def _one(definition: dict[str, Any], value: str | list[str]) -> tuple[Any, Problem | None]:
    """The value as kept, or the problem with it."""
    code, kind = definition["code"], definition["datatype"]
    field = f"attributes.{code}"
    keys = {v["key"] for v in definition.get("values", [])}
    values = value if isinstance(value, list) else [value]
    if kind == "multivaluelist":
        if not set(values) <= keys:
            return None, Problem(
                "UNKNOWN_VALUE", N_("“{label}”没有这个选项"), field, _named(definition)
            )
        return sorted(set(values)), None
    if len(values) != 1:
        return None, Problem("ONE_VALUE", N_("“{label}”只填一个值"), field, _named(definition))
    text = values[0].strip()
    if len(text) > VALUE_MAX:
        return None, Problem("TOO_LONG", N_("最多 {max} 个字"), field, {"max": VALUE_MAX})
    if kind == "singlevaluelist" and text not in keys:
        return None, Problem(
            "UNKNOWN_VALUE", N_("“{label}”没有这个选项"), field, _named(definition)
        )
    if kind == "number":
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            return None, Problem("NOT_A_NUMBER", N_("“{label}”须为数字"), field, _named(definition))
        return str(number), None
    if kind == "datetime":
        try:
            return dt.datetime.fromisoformat(text).isoformat(), None
        except ValueError:
            message = N_("“{label}”须为日期时间，例如 2026-05-01T09:30")
            return None, Problem("NOT_A_DATETIME", message, field, _named(definition))
    return text, None


def _named(definition: dict[str, Any]) -> dict[str, Any]:
    return {"label": definition["label"]}


def checked_attributes(definitions: list[dict[str, Any]], given: Given) -> dict[str, Any]:
    """What to keep, or Rejected with every problem: unknown codes, missing required
    fields, values the definition does not allow."""
    known = {d["code"]: d for d in definitions}
    problems = [
        Problem(
            "UNKNOWN_ATTRIBUTE",
            N_("该类别没有“{code}”这一项"),
            f"attributes.{code}",
            {"code": code},
        )
        for code in given
        if code not in known
    ]
    kept: dict[str, Any] = {}
    for code, definition in known.items():
        value = given.get(code)
        empty = value is None or value == "" or value == []
        if empty:
            if definition.get("required"):
                message = N_("请填写“{label}”")
                problems.append(
                    Problem("REQUIRED", message, f"attributes.{code}", _named(definition))
                )
            continue
        assert value is not None
        kept[code], problem = _one(definition, value)
        if problem:
            problems.append(problem)
    if problems:
        raise Rejected(*problems)
    return kept
