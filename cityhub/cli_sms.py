"""`cityhub sms-relay`: the SMS relay as a command (the server may run it too)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import click

from cityhub import relay
from cityhub.settings import Settings

Run = Callable[[Settings, Callable[[], Awaitable[Any]]], Any]


def sms_relay_command(settings_of: Callable[[], Settings], run: Run) -> click.Command:
    """The command, given how the CLI reads its settings and runs work on the database."""

    @click.command("sms-relay")
    @click.option("--once", is_flag=True, help="One pass (hand over what is due, pull reports).")
    def sms_relay(once: bool) -> None:
        """Hand queued SMS to the gateway CITYHUB_SMS_GATEWAY names; one relay at a time."""
        settings = settings_of()
        gateway = relay.gateway_for(settings)
        if gateway is None:
            raise click.ClickException(
                "No SMS gateway is set (CITYHUB_SMS_GATEWAY): nothing to do."
            )
        job = relay.Relay(settings, gateway)
        if not once:
            run(settings, lambda: job.run(asyncio.Event()))
        elif (counts := run(settings, job.once)) is None:
            raise click.ClickException("Another SMS relay holds the lease; it is sending.")
        else:
            click.echo(f"SMS relay pass: {counts}")

    return sms_relay
