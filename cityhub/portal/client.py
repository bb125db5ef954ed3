"""The portal's in-process GraphQL client: a page's document, run as the visitor, with the
one gate every page relies on (UNAUTHENTICATED: sign in first; FORBIDDEN: the 403 page)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from graphql import FragmentDefinitionNode, GraphQLError, parse, print_ast
from starlette.exceptions import HTTPException
from starlette.requests import Request

from cityhub.portal.base import TEMPLATES_DIR, LoginRequired, page_locale, page_viewer
from cityhub.schema.context import Context

FRAGMENT_FILES = "_fragments.graphql"
LABELS_DOCUMENT = "labels.graphql"
# Codes of errors a visitor can cause with a hand-edited URL or form: a 400 page, unless
# the page asks to show the message in place (run_query_showing_errors).
VISITOR_ERROR_CODES = frozenset({"BAD_USER_INPUT", "INVALID_CURSOR", "PAGE_SIZE_OUT_OF_RANGE"})
GATE_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN"})

Labels = dict[str, dict[str, str]]


class QueryFailed(Exception):
    def __init__(self, errors: list[GraphQLError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@functools.cache
def shared_fragments() -> dict[str, str]:
    """Fragments from every ``_fragments.graphql`` under templates/, by name."""
    found: dict[str, str] = {}
    for path in sorted(TEMPLATES_DIR.rglob(FRAGMENT_FILES)):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, FragmentDefinitionNode):
                name = definition.name.value
                if name in found:
                    raise ValueError(f"fragment {name} is defined twice ({path})")
                found[name] = print_ast(definition)
    return found


@functools.cache
def document(name: str) -> str:
    """A GraphQL document kept beside its template, e.g. ``union/stations/index.graphql``,
    with the shared fragments it spreads (and those they spread) appended."""
    text = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    fragments = shared_fragments()
    needed: list[str] = []
    pending = [text]
    while pending:
        source = pending.pop()
        for spread in re.findall(r"\.\.\.\s*([_A-Za-z]\w*)", source):
            if spread in fragments and spread not in needed and f"fragment {spread} " not in text:
                needed.append(spread)
                pending.append(fragments[spread])
    return "\n\n".join([text, *(fragments[n] for n in needed)])


async def context_for(request: Request) -> Context:
    return Context(
        viewer=await page_viewer(request),
        locale=page_locale(request),
        request_id=getattr(request.state, "request_id", "-"),
        request=request,
        can_start_session=getattr(request.state, "csrf_checked", False),
    )


def _code(error: GraphQLError) -> str | None:
    return (error.extensions or {}).get("code")


def _path(error: GraphQLError) -> str | None:
    return ".".join(str(p) for p in error.path) if error.path else None


def _with_labels(data: dict | None) -> dict | None:
    """``labels: enumLabels(names: [...])`` as {enum: {value: label}}, values in order."""
    if data and isinstance(data.get("labels"), list):
        data["labels"] = {
            found["name"]: {v["value"]: v["label"] for v in found["values"]}
            for found in data["labels"]
        }
    return data


def _gate(request: Request, errors: list[GraphQLError]) -> None:
    """What the document's answer says about the visitor: sign in first, or not yours."""
    codes = {_code(e) for e in errors}
    if codes - GATE_CODES - VISITOR_ERROR_CODES:
        raise QueryFailed(errors)
    if "UNAUTHENTICATED" in codes:
        query = request.url.query
        raise LoginRequired(request.url.path + (f"?{query}" if query else ""))
    if "FORBIDDEN" in codes:
        raise HTTPException(403, "; ".join(e.message for e in errors if _code(e) == "FORBIDDEN"))


async def _execute(
    request: Request, name: str, variables: dict[str, Any] | None
) -> tuple[dict | None, list[GraphQLError]]:
    """The answer and the visitor-caused errors in it; any other error is raised."""
    result = await request.app.state.schema.execute(
        document(name), variable_values=variables, context_value=await context_for(request)
    )
    errors = list(result.errors or [])
    if errors:
        _gate(request, errors)
    return _with_labels(result.data), errors


async def run_query(request: Request, name: str, variables: dict[str, Any] | None = None) -> dict:
    """Run a page's document in-process as the visitor; any error fails loudly, and an
    error the visitor caused (a hand-edited URL or form) is a 400 page with its message."""
    data, errors = await _execute(request, name, variables)
    if errors or data is None:
        raise HTTPException(400, "; ".join(e.message for e in errors))
    return data


@dataclass(frozen=True)
class Shown:
    """A document's answer, and the message of the visitor-caused error the page shows in
    place (None when there was none); ``data`` is empty when that error nulled it all."""

    data: dict[str, Any]
    message: str | None


async def run_query_showing_errors(
    request: Request,
    name: str,
    variables: dict[str, Any] | None,
    *,
    at: str | tuple[str, ...],
    argument: str | None = None,
) -> Shown:
    """As run_query, but a visitor-caused error on the field at ``at`` (a response path
    such as "station.usage", or several; with ``argument``, only one about that argument)
    comes back
    as the schema's message, for the page to show beside its form; errors anywhere else
    still fail as in run_query."""
    data, errors = await _execute(request, name, variables)
    places = (at,) if isinstance(at, str) else at
    mine: list[GraphQLError] = []
    others: list[GraphQLError] = []
    for error in errors:
        path = _path(error) or ""
        about = argument is None or (error.extensions or {}).get("argument") == argument
        there = any(path == p or path.startswith(p + ".") for p in places)
        (mine if there and about else others).append(error)
    if others:
        raise HTTPException(400, "; ".join(e.message for e in others))
    return Shown(data or {}, mine[0].message if mine else None)


async def enum_labels(request: Request, *names: str) -> Labels:
    """Enum values with their labels in the visitor's language, from the schema, for a page
    that checks query parameters or form values against them before its own document runs."""
    return (await run_query(request, LABELS_DOCUMENT, {"names": list(names)}))["labels"]
