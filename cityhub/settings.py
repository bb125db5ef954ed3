"""CityHub configuration: every setting, read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import limits
from starlette.config import Config
from starlette.datastructures import CommaSeparatedStrings, Secret

# re-exported: the relay and tests read them from here
from cityhub.cache_settings import CacheSettings, cache_settings
from cityhub.service_settings import SettingsError, service_settings
from cityhub.sms_settings import SMS_GATEWAYS, SmsSettings, sms_settings

DEFAULT_SECRET_KEY = "cityhub-development-secret-do-not-use-in-production"  # noqa: S105
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
__all__ = ["Settings", "SettingsError", "load_settings"]

HTMX_VERSION = "4.0.1"
HTMX_DEFAULT_URL = f"https://cdn.jsdelivr.net/npm/htmx.org@{HTMX_VERSION}/dist/htmx.min.js"
HTMX_DEFAULT_INTEGRITY = "sha384-Qp9rdC8H7EqOoX+nR0P3RPG2Noji+qdwJlGpfzwQJsfOpp3sGwIdSP9xO3+UlEhn"


# Rate-limit policies (Settings field: its variable), written as limits parses them.
RATE_LIMIT_SETTINGS = {
    "login_limit_per_account": "CITYHUB_LOGIN_LIMIT_PER_ACCOUNT",
    "login_limit_per_address": "CITYHUB_LOGIN_LIMIT_PER_ADDRESS",
    "api_key_rate_limit": "CITYHUB_API_KEY_RATE_LIMIT",
}


# WebSocket caps (cityhub/socket_limits.py), each a count of at least 1.
SOCKET_LIMIT_SETTINGS = {
    "ws_subscriptions_per_connection": "CITYHUB_WS_SUBSCRIPTIONS_PER_CONNECTION",
    "ws_subscriptions_per_viewer": "CITYHUB_WS_SUBSCRIPTIONS_PER_VIEWER",
    "ws_connections_per_address": "CITYHUB_WS_CONNECTIONS_PER_ADDRESS",
}
DEFAULT_SOCKET_LIMITS = {
    "ws_subscriptions_per_connection": 25,
    "ws_subscriptions_per_viewer": 100,
    "ws_connections_per_address": 50,
}


@dataclass(frozen=True)
class Settings:
    env: str
    debug: bool
    secret_key: Secret
    data_dir: Path
    database_url: str
    seeds_dir: Path
    host: str
    port: int
    workers: int
    log_level: str
    https_only_cookies: bool
    session_max_age: int
    allowed_origins: tuple[str, ...]
    htmx_url: str
    htmx_integrity: str
    graphql_max_depth: int
    graphql_max_aliases: int
    graphql_max_tokens: int
    graphql_max_document_length: int
    graphql_cache_size: int
    upload_max_bytes: int = 5 * 1024 * 1024
    jobs_in_server: bool = True  # run the domains' scheduled jobs in `cityhub serve`
    # Which fund centre the housing workflow asks: simulator, unavailable or timeout.
    fund_centre: str = "simulator"
    # Seconds before a failed submission to the fund centre is retried (doubling each time).
    fund_centre_retry_seconds: float = 30.0
    upload_max_files: int = 5
    max_request_bytes: int = 0  # 0: the uploads' room plus 1 MiB (see request_body_limit)
    sms: SmsSettings = field(default_factory=SmsSettings)
    cache: CacheSettings = field(default_factory=CacheSettings)
    hashing_cost: str = "standard"  # CITYHUB_PASSWORD_HASHING: argon2 cost (fast: tests)
    hsts_max_age: int = 365 * 24 * 3600  # Strict-Transport-Security, production only
    graphiql: bool = True  # GraphiQL on a browser's GET /graphql
    introspection: bool = True  # __schema / __type queries and /schema.graphql
    redis_url: str = ""  # empty: rate-limit counters live in the database
    redis_key_prefix: str = "cityhub"
    login_limit_per_account: str = "5 per 15 minutes"
    login_limit_per_address: str = "30 per 15 minutes"
    api_key_rate_limit: str = "600 per minute"
    ws_subscriptions_per_connection: int = DEFAULT_SOCKET_LIMITS["ws_subscriptions_per_connection"]
    # An account, a key, or the anonymous visitors of one address.
    ws_subscriptions_per_viewer: int = DEFAULT_SOCKET_LIMITS["ws_subscriptions_per_viewer"]
    ws_connections_per_address: int = DEFAULT_SOCKET_LIMITS["ws_connections_per_address"]
    session_idle_minutes: int = 60  # a sign-in unused this long ends
    session_max_hours: int = 12  # and any sign-in ends this long after it began
    socket_recheck_seconds: float = 5.0  # open WebSockets re-validate their credential
    seed_volume: bool = True  # serve's first start also generates the --scale 1 volume

    @property
    def request_body_limit(self) -> int:
        """The largest request body taken: the setting, or room for the most and largest
        uploads allowed plus 1 MiB for the rest of the form."""
        if self.max_request_bytes > 0:
            return self.max_request_bytes
        return self.upload_max_bytes * self.upload_max_files + 1024 * 1024

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def rate_limit(self, name: str) -> limits.RateLimitItem:
        """The policy ``name`` (a field above, in limits' notation) as a limits item."""
        return limits.parse(getattr(self, name))

    def check(self) -> None:
        """Refuse configurations that must never run."""
        self._check_rate_limits()
        self._check_socket_limits()
        self._check_sessions()
        if self.production and str(self.secret_key) == DEFAULT_SECRET_KEY:
            raise SettingsError(
                "CITYHUB_SECRET_KEY is the development default; set a long random "
                "value before running with CITYHUB_ENV=production."
            )
        if self.workers < 1:
            raise SettingsError(f"CITYHUB_WORKERS={self.workers} must be 1 or more.")
        self._check_sms()
        if self.hashing_cost not in ("standard", "fast"):
            raise SettingsError(
                f"CITYHUB_PASSWORD_HASHING={self.hashing_cost!r} is not 'standard' or 'fast'."
            )
        if self.production and self.hashing_cost != "standard":
            raise SettingsError(
                "CITYHUB_PASSWORD_HASHING=fast is for tests only (argon2 at its cheapest cost); "
                "production hashes passwords at the standard cost."
            )

    def _check_sms(self) -> None:
        sms = self.sms
        if sms.gateway and sms.gateway not in SMS_GATEWAYS:
            raise SettingsError(
                f"CITYHUB_SMS_GATEWAY={sms.gateway!r} is not a known SMS gateway: "
                f"{', '.join(SMS_GATEWAYS)}, or empty for none (messages stay queued)."
            )
        if not sms.endpoint.startswith(("http://", "https://")):
            raise SettingsError(f"CITYHUB_SMS_ENDPOINT={sms.endpoint!r} is not an http(s) URL.")
        if sms.max_attempts < 1 or sms.retry_base < 0 or sms.lease_seconds <= sms.relay_interval:
            raise SettingsError(
                "CITYHUB_SMS_MAX_ATTEMPTS must be at least 1, CITYHUB_SMS_RETRY_BASE not "
                "negative, and CITYHUB_SMS_LEASE_SECONDS longer than CITYHUB_SMS_RELAY_INTERVAL."
            )

    def _check_rate_limits(self) -> None:
        for name, variable in RATE_LIMIT_SETTINGS.items():
            value = getattr(self, name)
            try:
                (item,) = limits.parse_many(value)
            except ValueError:
                item = None
            if item is None or item.amount < 1:
                raise SettingsError(
                    f"{variable}={value!r} is not one rate limit such as '5 per 15 minutes'."
                )
        if self.redis_url and not self.redis_url.startswith(("redis://", "rediss://")):
            raise SettingsError(
                f"CITYHUB_REDIS_URL={self.redis_url!r} must start with redis:// or rediss://."
            )

    def _check_socket_limits(self) -> None:
        for name, variable in SOCKET_LIMIT_SETTINGS.items():
            if getattr(self, name) < 1:
                raise SettingsError(f"{variable}={getattr(self, name)!r} must be 1 or more.")

    def _check_sessions(self) -> None:
        # Last-seen is written at most once a minute, so a shorter idle timeout would end
        # sessions still in use.
        if not 5 <= self.session_idle_minutes <= self.session_max_hours * 60:
            raise SettingsError(
                f"CITYHUB_SESSION_IDLE_MINUTES={self.session_idle_minutes} must be at least 5 "
                f"and at most CITYHUB_SESSION_MAX_HOURS ({self.session_max_hours}) x 60."
            )
        if not 0.1 <= self.socket_recheck_seconds <= 3600:
            raise SettingsError(
                f"CITYHUB_SOCKET_RECHECK_SECONDS={self.socket_recheck_seconds} must be "
                "between 0.1 and 3600."
            )


def _graphql_settings(config: Config) -> dict[str, Any]:
    """The API's limits and what it shows about itself (GraphiQL, introspection)."""
    return {
        "graphql_max_depth": config("CITYHUB_GRAPHQL_MAX_DEPTH", cast=int, default=8),
        "graphql_max_aliases": config("CITYHUB_GRAPHQL_MAX_ALIASES", cast=int, default=15),
        "graphql_max_tokens": config("CITYHUB_GRAPHQL_MAX_TOKENS", cast=int, default=2000),
        "graphql_max_document_length": config(
            "CITYHUB_GRAPHQL_MAX_DOCUMENT_LENGTH", cast=int, default=16_384
        ),
        "graphql_cache_size": config("CITYHUB_GRAPHQL_CACHE_SIZE", cast=int, default=256),
        "graphiql": config("CITYHUB_GRAPHIQL", cast=bool, default=True),
        "introspection": config("CITYHUB_INTROSPECTION", cast=bool, default=True),
    }


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build settings from ``environ`` (the process environment by default)."""
    config = Config(environ=dict(os.environ if environ is None else environ))
    env = config("CITYHUB_ENV", default="development")
    data_dir = Path(config("CITYHUB_DATA_DIR", default=str(PROJECT_DIR / "var"))).resolve()
    production = env == "production"
    return Settings(
        env=env,
        debug=config("CITYHUB_DEBUG", cast=bool, default=False),
        secret_key=Secret(config("CITYHUB_SECRET_KEY", default=DEFAULT_SECRET_KEY)),
        data_dir=data_dir,
        database_url=config(
            "CITYHUB_DATABASE_URL", default=f"sqlite://{data_dir / 'cityhub.sqlite3'}"
        ),
        seeds_dir=Path(config("CITYHUB_SEEDS_DIR", default=str(PROJECT_DIR / "seeds"))),
        host=config("CITYHUB_HOST", default="127.0.0.1"),
        port=config("CITYHUB_PORT", cast=int, default=8000),
        workers=config("CITYHUB_WORKERS", cast=int, default=1),
        log_level=config("CITYHUB_LOG_LEVEL", default="info"),
        https_only_cookies=config("CITYHUB_HTTPS_ONLY_COOKIES", cast=bool, default=production),
        session_max_age=config("CITYHUB_SESSION_MAX_AGE", cast=int, default=14 * 24 * 3600),
        allowed_origins=tuple(
            config("CITYHUB_ALLOWED_ORIGINS", cast=CommaSeparatedStrings, default="")
        ),
        htmx_url=config("CITYHUB_HTMX_URL", default=HTMX_DEFAULT_URL),
        htmx_integrity=config("CITYHUB_HTMX_INTEGRITY", default=HTMX_DEFAULT_INTEGRITY),
        **_graphql_settings(config),
        upload_max_bytes=config("CITYHUB_UPLOAD_MAX_BYTES", cast=int, default=5 * 1024 * 1024),
        upload_max_files=config("CITYHUB_UPLOAD_MAX_FILES", cast=int, default=5),
        max_request_bytes=config("CITYHUB_MAX_REQUEST_BYTES", cast=int, default=0),
        sms=sms_settings(config),
        cache=cache_settings(config),
        hashing_cost=config("CITYHUB_PASSWORD_HASHING", default="standard").strip().lower(),
        hsts_max_age=config("CITYHUB_HSTS_MAX_AGE", cast=int, default=365 * 24 * 3600),
        seed_volume=config("CITYHUB_SEED_VOLUME", cast=bool, default=True),
        **_rate_limit_settings(config),
        **_socket_settings(config),
        **_session_settings(config),
        **service_settings(config),
    )


def _socket_settings(config: Config) -> dict[str, Any]:
    return {
        name: config(variable, cast=int, default=DEFAULT_SOCKET_LIMITS[name])
        for name, variable in SOCKET_LIMIT_SETTINGS.items()
    }


def _session_settings(config: Config) -> dict[str, Any]:
    """How long a sign-in lasts, and how often open WebSockets re-check theirs."""
    return {
        "session_idle_minutes": config("CITYHUB_SESSION_IDLE_MINUTES", cast=int, default=60),
        "session_max_hours": config("CITYHUB_SESSION_MAX_HOURS", cast=int, default=12),
        "socket_recheck_seconds": config("CITYHUB_SOCKET_RECHECK_SECONDS", cast=float, default=5.0),
    }


def _rate_limit_settings(config: Config) -> dict[str, Any]:
    """Rate limits (limits' notation) and where their counters live."""
    return {
        "redis_url": config("CITYHUB_REDIS_URL", default="").strip(),
        "redis_key_prefix": config("CITYHUB_REDIS_KEY_PREFIX", default="cityhub"),
        "login_limit_per_account": config(
            "CITYHUB_LOGIN_LIMIT_PER_ACCOUNT", default="5 per 15 minutes"
        ),
        "login_limit_per_address": config(
            "CITYHUB_LOGIN_LIMIT_PER_ADDRESS", default="30 per 15 minutes"
        ),
        "api_key_rate_limit": config("CITYHUB_API_KEY_RATE_LIMIT", default="600 per minute"),
    }
