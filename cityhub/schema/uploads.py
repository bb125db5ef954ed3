"""Upload: a file part of a GraphQL multipart request, and nothing else.

strawberry's own definition passes any value through, so a string or an object sent in a
file's place reached the resolver, which failed reading it (INTERNAL_SERVER_ERROR). This
one, mapped onto strawberry's `Upload` for the whole schema, refuses them as GraphQLErrors
(expected, so not logged): a variable's value is BAD_USER_INPUT, a value written in the
document a validation error (a file never comes in the document itself).
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError, ValueNode
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload
from strawberry.types.scalar import ScalarDefinition

NOT_A_FILE = "Upload takes a file part of a multipart request (GraphQL multipart spec)"


def _file(value: Any) -> UploadFile:
    if not isinstance(value, UploadFile):
        raise GraphQLError(NOT_A_FILE)
    return value


def _no_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> UploadFile:
    raise GraphQLError(NOT_A_FILE)


SCALARS: dict[object, ScalarDefinition] = {
    Upload: strawberry.scalar(
        name="Upload",
        description="Represents a file upload.",
        serialize=lambda value: value,
        parse_value=_file,
        parse_literal=_no_literal,
    )
}
