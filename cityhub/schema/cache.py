"""The response cache as admins see it: how often answers came from it."""

from __future__ import annotations

import strawberry

from cityhub.cache import tracking
from cityhub.resolvers.registry import ADMIN
from cityhub.schema.context import Info
from cityhub.schema.permissions import allow


@strawberry.type(
    description="This server process's response cache (each worker keeps its own), since "
    "it started. Answers to queries over HTTP and pages for visitors without a session are "
    "kept until a write changes a table they read, the clock moves past what they show, or "
    "their time to live ends."
)
class ResponseCacheStats:
    enabled: bool = strawberry.field(description="Off with CITYHUB_RESPONSE_CACHE=off.")
    hits: int = strawberry.field(description="Answers served from the cache.")
    misses: int = strawberry.field(description="Answers computed (cacheable or not).")
    stores: int = strawberry.field(description="Answers kept.")
    evictions: int = strawberry.field(description="Answers dropped to stay within maxBytes.")
    entries: int = strawberry.field(description="Answers kept now.")
    bytes: int = strawberry.field(description="Bytes the kept answers take now.")
    max_bytes: int = strawberry.field(description="The bound (CITYHUB_RESPONSE_CACHE_BYTES).")


@strawberry.type
class CacheQuery:
    @strawberry.field(
        description="Hit and miss counts of this process's response cache. Admins only.",
        extensions=allow(roles=[ADMIN]),
    )
    def response_cache(self, info: Info) -> ResponseCacheStats:
        tracking.volatile()  # live counters: never an answer to keep
        cache = info.context.request.app.state.response_cache
        return ResponseCacheStats(enabled=cache.enabled, **cache.stats())
