"""What an SMS gateway does for the relay: take messages, and report on them later."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Outgoing:
    """An outbox message as the gateway needs it (``id`` is the outbox row's)."""

    id: int
    phone: str
    text: str


@dataclass(frozen=True)
class Outcome:
    """The gateway's answer for one message: taken (with its reference), refused for good,
    or not taken this time (``retry``)."""

    id: int
    reference: str = ""
    error_code: str = ""
    error_message: str = ""
    retry: bool = False

    @property
    def taken(self) -> bool:
        return not self.error_code


@dataclass(frozen=True)
class Report:
    """The gateway's word on a message it took: delivered to the phone, or not."""

    reference: str
    delivered: bool
    error_code: str = ""
    error_message: str = ""
    at: datetime | None = None


class GatewayUnavailable(Exception):
    """The gateway took none of the messages (down, unreachable, throttled): try again."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


class Gateway(Protocol):
    name: str  # recorded with each message it takes; at most 16 characters

    async def send(self, messages: Sequence[Outgoing]) -> list[Outcome]:
        """One outcome per message, any order; GatewayUnavailable when it took none."""
        ...

    async def reports(self) -> list[Report]:
        """Delivery reports not pulled before (the gateway forgets those it has given)."""
        ...
