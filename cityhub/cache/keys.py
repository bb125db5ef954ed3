"""What a cached answer is keyed by: the normalised document, the variables, the language,
and who may see what (the viewer's visibility class, or the viewer when it mattered)."""

from __future__ import annotations

import functools
import json
from dataclasses import fields
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse, print_ast

from cityhub.cache import tracking

# The parts of a viewer that say who they are rather than what they may see.
IDENTITY = frozenset(
    {"account_id", "username", "display_name", "api_key_id", "api_key_name", "session_id"}
)


# Documents past these are answered as usual but never kept: the parse below runs before
# the schema's own document limits, and the memo holds the documents it has seen.
MAX_DOCUMENT_CHARS = 8192
MAX_DOCUMENT_TOKENS = 2000


def normalised(document: str, operation_name: str | None) -> str | None:
    """The document's cache key; None when it is not a query to keep."""
    if len(document) > MAX_DOCUMENT_CHARS:
        return None
    return _normalised(document, operation_name)


@functools.lru_cache(maxsize=2048)
def _normalised(document: str, operation_name: str | None) -> str | None:
    """The document as graphql-core prints it (spacing, commas and comments do not split
    the cache), if the operation it runs is a query; None for anything else (a mutation, a
    subscription, a document that does not parse)."""
    try:
        parsed = parse(document, max_tokens=MAX_DOCUMENT_TOKENS)
    except GraphQLError:
        return None
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return None
    return print_ast(parsed)


def variables_key(variables: Any) -> str | None:
    if variables is None:
        return ""
    try:
        return json.dumps(variables, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        return None


# The viewer is cityhub.resolvers.accounts.Viewer; typed loosely here so that the cache,
# which the resolvers use (counts), does not import them back.
Viewer = Any


def visibility_class(viewer: Viewer) -> tuple[object, ...]:
    """Viewers in one class see the same answers unless the answer read who they are."""
    if viewer.api_key_id is not None:
        return ("key", tuple(sorted(viewer.scopes)))
    if viewer.account_id is not None:
        return ("roles", tuple(sorted(viewer.roles)))
    return ("anonymous",)


def viewer_identity(viewer: Viewer) -> tuple[object, ...]:
    if viewer.api_key_id is not None:
        return ("key-id", viewer.api_key_id)
    if viewer.account_id is not None:
        return ("account", viewer.account_id, viewer.session_id)
    return ("anonymous",)


def _getattribute(self: object, name: str) -> Any:
    if name in IDENTITY:
        tracking.personal()
    return object.__getattribute__(self, name)


@functools.cache
def _watched_class(viewer_class: type) -> type:
    """The viewer's class, except that reading who it is (account, key, session) marks the
    answer being computed as this viewer's own."""
    return type(
        "Watched" + viewer_class.__name__, (viewer_class,), {"__getattribute__": _getattribute}
    )


def watched(viewer: Viewer) -> Viewer:
    """The viewer as resolvers see it while an answer is being kept."""
    if type(viewer).__name__.startswith("Watched"):
        return viewer
    values = {f.name: object.__getattribute__(viewer, f.name) for f in fields(viewer)}
    viewer_class: type = type(viewer)
    return _watched_class(viewer_class)(**values)
