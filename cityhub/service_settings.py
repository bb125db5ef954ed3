"""The scheduled jobs' and the outside services' settings (CITYHUB_JOBS_IN_SERVER,
CITYHUB_FUND_CENTRE*), read with the others by cityhub.settings."""

from __future__ import annotations

from typing import Any

from starlette.config import Config


class SettingsError(RuntimeError):
    """The configuration cannot be used (e.g. the default secret in production); raised
    by every settings module, and exported by cityhub.settings."""


FUND_CENTRES = ("simulator", "unavailable", "timeout")


def service_settings(config: Config) -> dict[str, Any]:
    """The scheduled jobs, and which outside services the domains talk to."""
    fund_centre = config("CITYHUB_FUND_CENTRE", default="simulator").strip().lower()
    if fund_centre not in FUND_CENTRES:
        raise SettingsError(
            f"CITYHUB_FUND_CENTRE={fund_centre!r} must be one of {', '.join(FUND_CENTRES)}."
        )
    retry = config("CITYHUB_FUND_CENTRE_RETRY_SECONDS", cast=float, default=30.0)
    if not 1.0 <= retry <= 3600.0:
        raise SettingsError(f"CITYHUB_FUND_CENTRE_RETRY_SECONDS={retry} must be 1 to 3600.")
    return {
        "jobs_in_server": config("CITYHUB_JOBS_IN_SERVER", cast=bool, default=True),
        "fund_centre": fund_centre,
        "fund_centre_retry_seconds": retry,
    }
