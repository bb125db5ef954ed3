"""How failures reach API clients: userErrors for expected ones, coded GraphQL errors."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError

from cityhub.db import refuses_a_value
from cityhub.errors import CityHubError, Problem, Rejected
from cityhub.i18n import DEFAULT_LOCALE, N_, translate
from cityhub.schema.context import Info

logger = logging.getLogger("cityhub.graphql")
VALUE_REFUSED = N_("输入的值过长或超出范围，无法保存或查询")
P = TypeVar("P")


@strawberry.type(description="Why a mutation did not do what was asked; nothing was changed.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, or null when the whole request is."
    )
    message: str = strawberry.field(description="A sentence to show the person, in their language.")
    code: str = strawberry.field(
        description="Stable machine-readable reason, e.g. NOT_FOUND, INVALID, FORBIDDEN."
    )
    retry_after: int | None = strawberry.field(
        default=None,
        description="With RATE_LIMITED: seconds until another attempt may be taken.",
    )

    @classmethod
    def from_problem(cls, problem: Problem, locale: str) -> UserError:
        message = translate(locale, problem.message, **problem.params)
        return cls(
            field=problem.field,
            message=message,
            code=problem.code,
            retry_after=problem.params.get("retry_after"),
        )


async def attempt(info: Info, action: Awaitable[P]) -> tuple[P | None, list[UserError]]:
    """Run a command: its result and no errors, or nothing and the userErrors it raised."""
    try:
        return await action, []
    except Rejected as refused:
        locale = info.context.locale
        return None, [UserError.from_problem(p, locale) for p in refused.problems]


def _parse_error_code(error: GraphQLError) -> str:
    # graphql-core reports its document limits as syntax errors without a code.
    if "code points" in error.message:
        return "DOCUMENT_TOO_LARGE"
    if "tokens" in error.message:
        return "TOO_MANY_TOKENS"
    return "GRAPHQL_PARSE_FAILED"


def _is_variable_error(error: GraphQLError) -> bool:
    """Raised while coercing the request's variables: the caller's input is wrong."""
    if error.path is not None:
        return False
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
        return True
    # graphql-core reports bad variable values without a code; its wording is stable.
    return error.message.startswith("Variable '$")


def shape_errors(errors: list[GraphQLError], context: Any, *, mask_unexpected: bool) -> None:
    """Give every error `extensions.code`; mask unexpected ones behind the request id.

    Changes the list in place: strawberry hands the same list on to the response.
    """
    errors[:] = [_shape(error, context, mask_unexpected) for error in errors]


def _expected(error: GraphQLError) -> CityHubError | None:
    """The expected error behind ``error``, also where graphql-core wrapped it (a scalar
    that refused a variable's value is two GraphQLErrors deep)."""
    original = error.original_error
    while isinstance(original, GraphQLError):
        original = original.original_error
    return original if isinstance(original, CityHubError) else None


def _shape(error: GraphQLError, context: Any, mask_unexpected: bool) -> GraphQLError:
    original = error.original_error
    extensions = dict(error.extensions or {})
    message = error.message
    expected = _expected(error)
    if expected is not None:
        extensions["code"] = expected.code
        if "argument" in expected.params:
            extensions["argument"] = expected.params["argument"]
        locale = getattr(context, "locale", DEFAULT_LOCALE)
        message = translate(locale, expected.message, **expected.params)
    elif isinstance(error, GraphQLSyntaxError) or isinstance(original, GraphQLSyntaxError):
        extensions["code"] = _parse_error_code(error)
    elif _is_variable_error(error):
        extensions["code"] = "BAD_USER_INPUT"
    elif original is None or isinstance(original, GraphQLError):
        fallback = "GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_REQUEST"
        extensions.setdefault("code", fallback)
    elif refuses_a_value(original):
        # The backstop behind schema.inputs: a value no bound caught, refused by the
        # database. The driver's words (which quote the value) stay in the log.
        extensions["code"] = "BAD_USER_INPUT"
        message = translate(getattr(context, "locale", DEFAULT_LOCALE), VALUE_REFUSED)
    else:
        request_id = getattr(context, "request_id", "-")
        extensions.update(code="INTERNAL_SERVER_ERROR", requestId=request_id)
        if mask_unexpected:
            message = f"Internal server error; request id {request_id}"
    if message == error.message and extensions == (error.extensions or {}):
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original,
        extensions=extensions,
    )


def log_unexpected(errors: list[GraphQLError], request_id: str) -> None:
    for error in errors:
        original = error.original_error
        if original is None or isinstance(original, (CityHubError, GraphQLError)):
            continue
        if refuses_a_value(original):
            # The client's fault, but a bound in schema.inputs is missing: worth a look.
            logger.warning(
                "database refused a value in %s (request id %s): %s",
                ".".join(map(str, error.path or ())) or "operation",
                request_id,
                original,
            )
            continue
        logger.error(
            "unexpected error in %s (request id %s)",
            ".".join(map(str, error.path or ())) or "operation",
            request_id,
            exc_info=original,
        )
