"""The response cache's settings (CITYHUB_RESPONSE_CACHE*), read with the others by
cityhub.settings."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.config import Config

OFF = ("off", "0", "false", "no")


@dataclass(frozen=True)
class CacheSettings:
    """Answers to reads and rendered pages, kept until a write changes what they read."""

    enabled: bool = True
    max_bytes: int = 64 * 1024 * 1024
    ttl: float = 300.0  # seconds; also the longest any answer is kept
    gzip_min_bytes: int = 1024  # HTML and JSON from this size are sent gzip-compressed


def cache_settings(config: Config) -> CacheSettings:
    return CacheSettings(
        enabled=config("CITYHUB_RESPONSE_CACHE", default="on").strip().lower() not in OFF,
        max_bytes=config("CITYHUB_RESPONSE_CACHE_BYTES", cast=int, default=64 * 1024 * 1024),
        ttl=config("CITYHUB_RESPONSE_CACHE_TTL", cast=float, default=300.0),
        gzip_min_bytes=config("CITYHUB_GZIP_MIN_BYTES", cast=int, default=1024),
    )
