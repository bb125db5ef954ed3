"""Uploads in the schema: the `Upload` scalar, and reading a request's files under the
settings' limits (every domain's upload goes through these and `resolvers.uploads`).

Upload is a file part of a GraphQL multipart request, and nothing else.

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

from cityhub.resolvers import uploads
from cityhub.schema.context import Info
from cityhub.settings import load_settings

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


def upload_policy(info: Info) -> uploads.UploadPolicy:
    request = info.context.request
    settings = request.app.state.settings if request is not None else load_settings()
    return uploads.UploadPolicy(
        folder=settings.data_dir / "uploads",
        max_bytes=settings.upload_max_bytes,
        max_files=settings.upload_max_files,
    )


async def incoming_files(
    files: list[Any], policy: uploads.UploadPolicy
) -> list[uploads.IncomingFile]:
    """At most max_bytes + 1 bytes of each file: enough to refuse one that is too large."""
    if len(files) > policy.max_files:
        return [uploads.IncomingFile(filename="", data=b"") for _ in files]
    return [
        uploads.IncomingFile(
            filename=getattr(f, "filename", None) or "upload",
            data=await f.read(policy.max_bytes + 1),
        )
        for f in files
    ]
