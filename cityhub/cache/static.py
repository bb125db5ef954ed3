"""Static files: a versioned URL (``?v=`` + the file's hash, as the templates write them)
never changes, so browsers keep it for a year; an unversioned one is revalidated."""

from __future__ import annotations

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

YEAR = 365 * 24 * 3600


class VersionedStaticFiles(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            versioned = b"v=" in scope.get("query_string", b"")
            response.headers["cache-control"] = (
                f"public, max-age={YEAR}, immutable" if versioned else "no-cache"
            )
        return response
