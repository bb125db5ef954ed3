"""Serving kept answers over HTTP: a hit is sent as stored (gzip-compressed when the
client takes it, 304 when its ETag still matches); a miss is computed while recording
what it read, and kept when it is a read that anyone in the viewer's class (or only that
viewer) may be given again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from cityhub import clock
from cityhub.cache import tracking
from cityhub.cache.runtime import ResponseCache
from cityhub.cache.store import Entry, etag_of, expiry

# Headers of the endpoint's answer that are kept with it (the rest are per response).
KEPT_HEADERS = frozenset({"content-type", "vary", "hx-push-url", "hx-trigger", "content-language"})
COMPRESSIBLE = ("text/html", "application/json", "application/graphql-response+json")
CACHE_HEADER = "x-cityhub-cache"


@dataclass(frozen=True)
class Keys:
    """``shared`` for the viewer's class; ``own`` for the viewer alone."""

    shared: tuple[object, ...]
    own: tuple[object, ...]


def _accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "")


def _not_modified(request: Request, etag: str) -> bool:
    sent = request.headers.get("if-none-match")
    return sent is not None and request.method in ("GET", "HEAD") and etag in sent


def from_entry(request: Request, entry: Entry, cache: ResponseCache) -> Response:
    headers = dict(entry.headers)
    headers[CACHE_HEADER] = "hit"
    if request.method in ("GET", "HEAD"):
        headers["etag"] = entry.etag
        if _not_modified(request, entry.etag):
            return Response(status_code=304, headers=_validators(headers))
    body = entry.body
    if len(body) >= cache.settings.gzip_min_bytes and _accepts_gzip(request):
        before = entry.size
        body = entry.gzipped()
        cache.store.grew(entry, before)
        headers["content-encoding"] = "gzip"
        headers["vary"] = ", ".join(filter(None, (headers.get("vary"), "Accept-Encoding")))
    return Response(body, status_code=entry.status, headers=headers)


def _validators(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k in ("etag", "vary", CACHE_HEADER)}


def with_etag(request: Request, response: Response) -> Response:
    """A computed GET answer: its ETag, and 304 when the client has it already."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    body = getattr(response, "body", None)
    if not isinstance(body, bytes):
        return response
    etag = etag_of(body)
    response.headers["etag"] = etag
    if _not_modified(request, etag):
        headers = _validators(dict(response.headers))
        return Response(status_code=304, headers=headers)
    return response


def _keepable(response: Response, reads: tracking.Reads) -> bool:
    if (
        response.status_code != 200
        or reads.wrote
        or reads.volatile
        or "set-cookie" in response.headers
    ):
        return False
    content_type = response.headers.get("content-type", "")
    return isinstance(getattr(response, "body", None), bytes) and content_type.startswith(
        COMPRESSIBLE
    )


def _keep(cache: ResponseCache, keys: Keys, response: Response, reads: tracking.Reads) -> None:
    versions = cache.versions
    body = bytes(response.body)
    headers = tuple((k, v) for k, v in response.headers.items() if k in KEPT_HEADERS)
    now = clock.now()
    expires = expiry(cache.settings.ttl, reads.changes_at, now)
    if expires <= now:
        return
    deps = versions.deps(reads.tables)
    entry = Entry(response.status_code, body, headers, deps, expires, etag=etag_of(body))
    if reads.personal and keys.own != keys.shared:
        cache.store.put(keys.own, entry)
        marker = Entry(200, b"", (), deps, expires, per_viewer=True)
        cache.store.put(keys.shared, marker)
    else:
        cache.store.put(keys.shared, entry)


async def serve(
    request: Request,
    cache: ResponseCache,
    keys: Keys,
    compute: Callable[[], Awaitable[Response]],
    keep: Callable[[Response], bool] = lambda response: True,
) -> Response:
    """The kept answer for ``keys``, or ``compute()``'s, kept when it may be."""
    if not cache.usable:
        return with_etag(request, await compute())
    store = cache.store
    entry = store.get(keys.shared)
    if entry is not None and entry.per_viewer:
        entry = store.get(keys.own)
    if entry is not None:
        store.hits += 1
        return from_entry(request, entry, cache)
    store.misses += 1
    started = cache.versions.counter
    with tracking.recording() as reads:
        response = await compute()
    if _keepable(response, reads) and keep(response):
        cache.versions.refresh()
        if cache.versions.counter == started and cache.versions.available:
            _keep(cache, keys, response, reads)
    response.headers[CACHE_HEADER] = "miss"
    return with_etag(request, response)
