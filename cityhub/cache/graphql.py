"""GraphQL over HTTP through the response cache: a query's answer is keyed by its
normalised document, variables, operation, language, response type and the viewer's
visibility class; mutations, uploads and anything that does not parse run as usual."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from cityhub.cache import clients
from cityhub.cache.http import Keys, serve, with_etag
from cityhub.cache.keys import (
    Viewer,
    normalised,
    variables_key,
    viewer_identity,
    visibility_class,
)

ERRORS_FLAG = "graphql_had_errors"


async def _request_data(request: Request) -> dict[str, object] | None:
    if request.method == "GET":
        params = request.query_params
        try:
            variables = orjson.loads(params["variables"]) if "variables" in params else None
            extensions = orjson.loads(params["extensions"]) if "extensions" in params else None
        except orjson.JSONDecodeError:
            return None
        return {
            "query": params.get("query"),
            "variables": variables,
            "operationName": params.get("operationName"),
            "extensions": extensions,
        }
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    try:
        data = orjson.loads(await request.body())  # nested past 1,024 levels: refused
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _well_formed(data: dict[str, object]) -> bool:
    """A request as GraphQL over HTTP has it: only a cacheable shape is looked up."""
    return (
        isinstance(data.get("query"), str)
        and isinstance(data.get("operationName"), str | None)
        and isinstance(data.get("variables"), dict | None)
        and isinstance(data.get("extensions"), dict | None)
    )


async def keys_for(request: Request, viewer: Viewer, locale: str) -> Keys | None:
    """The cache keys of a query, or None when the request is not a cacheable read."""
    data = await _request_data(request)
    if data is None or not _well_formed(data):
        return None  # strawberry answers it (and refuses what is malformed)
    operation = data.get("operationName")
    document = normalised(str(data["query"]), operation if isinstance(operation, str) else None)
    variables = variables_key(data.get("variables"))
    extensions = variables_key(data.get("extensions"))
    if document is None or variables is None or extensions is None:
        return None
    accept = "graphql-response" in request.headers.get("accept", "")
    key = ("graphql", document, variables, extensions, operation, locale, accept)
    return Keys(shared=key + visibility_class(viewer), own=key + viewer_identity(viewer))


async def respond(
    request: Request,
    viewer: Viewer,
    locale: str,
    run: Callable[[], Awaitable[Response]],
) -> Response:
    """``run()``'s answer, from the cache when it has it and one connection for its reads."""
    cache = request.app.state.response_cache
    keys = await keys_for(request, viewer, locale) if cache.enabled else None
    async with clients.one_connection():
        if keys is None:
            return with_etag(request, await run())
        return await serve(
            request, cache, keys, run, keep=lambda _: not getattr(request.state, ERRORS_FLAG, True)
        )
