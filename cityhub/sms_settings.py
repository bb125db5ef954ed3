"""The SMS relay's and its gateway's settings (CITYHUB_SMS_*), read with the others by
cityhub.settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.config import Config
from starlette.datastructures import Secret

SMS_GATEWAYS = ("tencent",)  # cityhub.relay builds each; empty CITYHUB_SMS_GATEWAY: none


@dataclass(frozen=True)
class SmsSettings:
    """The SMS relay and its gateway (CITYHUB_SMS_*)."""

    gateway: str = ""  # empty: messages stay queued in the outbox
    endpoint: str = "https://sms.tencentcloudapi.com"
    region: str = "ap-guangzhou"
    secret_id: str = ""
    secret_key: Secret = field(default_factory=lambda: Secret(""))
    app_id: str = ""  # the SMS application (SmsSdkAppId)
    sign_name: str = ""
    template_id: str = ""
    relay_in_server: bool = True  # run the relay in `cityhub serve` (one worker at a time)
    relay_interval: float = 5.0
    lease_seconds: float = 30.0
    max_attempts: int = 5
    retry_base: float = 30.0


def sms_settings(config: Config) -> SmsSettings:
    return SmsSettings(
        gateway=config("CITYHUB_SMS_GATEWAY", default="").strip().lower(),
        endpoint=config("CITYHUB_SMS_ENDPOINT", default="https://sms.tencentcloudapi.com"),
        region=config("CITYHUB_SMS_REGION", default="ap-guangzhou"),
        secret_id=config("CITYHUB_SMS_SECRET_ID", default=""),
        secret_key=Secret(config("CITYHUB_SMS_SECRET_KEY", default="")),
        app_id=config("CITYHUB_SMS_APP_ID", default=""),
        sign_name=config("CITYHUB_SMS_SIGN_NAME", default=""),
        template_id=config("CITYHUB_SMS_TEMPLATE_ID", default=""),
        relay_in_server=config("CITYHUB_SMS_RELAY_IN_SERVER", cast=bool, default=True),
        relay_interval=config("CITYHUB_SMS_RELAY_INTERVAL", cast=float, default=5.0),
        lease_seconds=config("CITYHUB_SMS_LEASE_SECONDS", cast=float, default=30.0),
        max_attempts=config("CITYHUB_SMS_MAX_ATTEMPTS", cast=int, default=5),
        retry_base=config("CITYHUB_SMS_RETRY_BASE", cast=float, default=30.0),
    )
