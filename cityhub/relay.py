"""The SMS relay as a job: its gateway and policy from the settings, one lease for every
worker and host, a loop in the server's lifespan or one pass from `cityhub sms-relay`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from cityhub import leases
from cityhub.resolvers.sms.gateways import Gateway
from cityhub.resolvers.sms.relay import PassCounts, RelayPolicy, relay_once
from cityhub.settings import Settings

logger = logging.getLogger("cityhub.sms.relay")
LEASE = "sms-relay"


def gateway_for(settings: Settings) -> Gateway | None:
    """The gateway CITYHUB_SMS_GATEWAY names, or None (messages stay queued)."""
    sms = settings.sms
    if sms.gateway != "tencent":
        return None
    # Imported here: the SDK is the optional extra sms-tencent.
    from cityhub.resolvers.sms.tencent import TencentConfig, TencentGateway

    config = TencentConfig(
        endpoint=sms.endpoint,
        region=sms.region,
        secret_id=sms.secret_id,
        secret_key=str(sms.secret_key),
        app_id=sms.app_id,
        sign_name=sms.sign_name,
        template_id=sms.template_id,
    )
    return TencentGateway(config)


@dataclass(frozen=True)
class RelayState:
    """What the staff pages say about sending: the gateway (empty: none) and who relays."""

    gateway: str
    holder: str | None


async def relay_state(settings: Settings) -> RelayState:
    lease = leases.leases_for(settings)
    try:
        holder = await lease.holder(LEASE)
    finally:
        if isinstance(lease, leases.RedisLeases):
            await lease.close()
    return RelayState(gateway=settings.sms.gateway, holder=holder)


class Relay:
    def __init__(self, settings: Settings, gateway: Gateway) -> None:
        self.settings, self.gateway = settings, gateway
        self.leases = leases.leases_for(settings)
        self.holder = leases.new_holder()
        sms = settings.sms
        self.policy = RelayPolicy(max_attempts=sms.max_attempts, retry_base=sms.retry_base)

    async def holds_lease(self) -> bool:
        """Take or renew the lease; False while another relay holds it."""
        return await self.leases.acquire(LEASE, self.holder, self.settings.sms.lease_seconds)

    async def once(self) -> PassCounts | None:
        """One pass while holding the lease (None: another relay holds it), then let go."""
        try:
            if not await self.holds_lease():
                return None
            return await relay_once(self.gateway, self.policy, self.holds_lease)
        finally:
            await self.close()

    async def run(self, stop: asyncio.Event) -> None:
        """Pass after pass, every CITYHUB_SMS_RELAY_INTERVAL seconds, until ``stop``."""
        try:
            while not stop.is_set():
                try:
                    if await self.holds_lease():
                        counts = await relay_once(self.gateway, self.policy, self.holds_lease)
                        if counts.handed_over or counts.failed or counts.delivered:
                            logger.info("SMS relay pass: %s", counts)
                except Exception:  # a pass that fails is logged; the next one tries again
                    logger.exception("SMS relay pass failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.sms.relay_interval)
        finally:
            await self.close()

    async def close(self) -> None:
        await self.leases.release(LEASE, self.holder)
        if isinstance(self.leases, leases.RedisLeases):
            await self.leases.close()


def start_in_server(settings: Settings) -> Callable[[], Awaitable[None]]:
    """Run the relay beside the server when a gateway is set and
    CITYHUB_SMS_RELAY_IN_SERVER allows; returns what stops it (a no-op otherwise)."""
    gateway = gateway_for(settings) if settings.sms.relay_in_server else None
    if gateway is None:

        async def nothing() -> None:
            return None

        return nothing
    stop = asyncio.Event()
    task = asyncio.create_task(Relay(settings, gateway).run(stop), name="sms-relay")

    async def stopping() -> None:
        stop.set()
        await task

    return stopping
