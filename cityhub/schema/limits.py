"""Limits on abusive documents (depth, aliases, tokens, length), on introspection when the
settings turn it off, and on a key's operations over a WebSocket: each with a code."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from graphql import ASTValidationRule, GraphQLError, ValidationContext, ValidationRule
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.websockets import WebSocket
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_validator
from strawberry.extensions.query_depth_limiter import IgnoreContext
from strawberry.extensions.query_depth_limiter import (
    create_validator as depth_validator,
)

from cityhub.i18n import N_
from cityhub.settings import Settings


class _CodingContext:
    """Adds ``extensions.code`` to every error a wrapped rule reports."""

    def __init__(self, context: ValidationContext, code: str) -> None:
        self._context = context
        self._code = code

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": self._code}
        self._context.report_error(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _coded(rule: type[ValidationRule], code: str) -> type[ValidationRule]:
    # A base chosen at run time: mypy takes no variable as a base class.
    class Coded(rule):  # type: ignore[misc, valid-type]
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(_CodingContext(context, code))

    Coded.__name__ = f"{rule.__name__}{code.title().replace('_', '')}"
    return Coded


def _is_introspection(field: IgnoreContext) -> bool:
    # GraphiQL's introspection query nests ~13 levels; its shape is fixed by the schema.
    return field.field_name.startswith("__")


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """Built once per schema: the same rule classes every time keep validation cacheable."""
    rules: list[type[ASTValidationRule]] = [
        _coded(
            depth_validator(settings.graphql_max_depth, _is_introspection),
            "QUERY_TOO_DEEP",
        ),
        _coded(aliases_validator(settings.graphql_max_aliases), "TOO_MANY_ALIASES"),
    ]
    if not settings.introspection:
        # __schema and __type; __typename stays (clients use it to tell union members apart).
        rules.append(_coded(NoSchemaIntrospectionCustomRule, "INTROSPECTION_DISABLED"))
    return rules


class DocumentLimits(SchemaExtension):
    """Stops the parser early on documents that are too long or have too many tokens."""

    def __init__(self, *, max_tokens: int, max_length: int) -> None:
        self.max_tokens = max_tokens
        self.max_length = max_length

    def on_operation(self) -> Iterator[None]:
        options = self.execution_context.parse_options
        options["max_tokens"] = self.max_tokens
        # strawberry's ParseOptions names only max_tokens, but it passes every option to
        # graphql-core's parse(), which takes max_source_length too.
        options["max_source_length"] = self.max_length  # type: ignore[typeddict-unknown-key]
        yield


class ReportingParserCache(ParserCache):
    """strawberry's parser cache, except that a document it cannot parse (over the length
    or token limits, or malformed) is left to strawberry's own parse step, which reports
    it as the operation's coded error. The cache's hook raises outside that step: over
    HTTP the view catches it, but over a WebSocket the operation ended in a bare
    `complete` and a logged traceback. Such a document is parsed twice, up to the limits."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        except GraphQLError:
            context.graphql_document = None
        yield


class WebSocketKeyRate(SchemaExtension):
    """An operation over a WebSocket opened with an API key counts against the key's rate
    as an HTTP request does (cityhub/api.py counts those before the view); past the limit
    it is refused, RATE_LIMITED with retryAfter, before it runs. Listed after
    ValidationCache, whose validation result it replaces."""

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        request = getattr(context, "request", None)
        key_id = getattr(getattr(context, "viewer", None), "api_key_id", None)
        if isinstance(request, WebSocket) and key_id is not None:
            retry_after = await request.app.state.rate_limits.api_key_request(key_id)
            if retry_after:
                message = context._(
                    N_("此 API 密钥的请求过多，请 {seconds} 秒后再试"), seconds=retry_after
                )
                extensions = {"code": "RATE_LIMITED", "retryAfter": retry_after}
                self.execution_context.pre_execution_errors = [
                    GraphQLError(message, extensions=extensions)
                ]
        yield
