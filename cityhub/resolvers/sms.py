"""Sending SMS: the sender interface, and the default sender that writes an outbox.

There is no SMS gateway here. The outbox sender records each message in `sms_outbox`
(for an operator or a gateway process to pick up) and in the log, phone masked.
A sender is called inside the transaction that marks its messages sent, so a message
is either recorded sent and in the outbox, or neither.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from cityhub.models.sms import SmsOutbox
from cityhub.resolvers.privacy import mask_phone

logger = logging.getLogger("cityhub.sms")


@dataclass(frozen=True)
class SmsMessage:
    """One text to one phone; the subject says what it is about in the caller's terms
    (e.g. a broadcast's delivery), so a sender can report back on it."""

    subject_type: str
    subject_id: int
    phone: str
    text: str


class SmsUnavailable(Exception):
    """Nothing more can be sent now (gateway down); the messages stay queued for a retry."""


class SmsSender(Protocol):
    async def send(self, messages: Sequence[SmsMessage]) -> set[int]:
        """Send ``messages``; returns the subject ids refused for good (e.g. a dead number).

        Raise SmsUnavailable to stop: the whole batch is rolled back and stays queued.
        """
        ...


class OutboxSender:
    """The default: one outbox row and one log line per message."""

    async def send(self, messages: Sequence[SmsMessage]) -> set[int]:
        await SmsOutbox.bulk_create(
            [
                SmsOutbox(
                    phone=m.phone, text=m.text, subject_type=m.subject_type, subject_id=m.subject_id
                )
                for m in messages
            ]
        )
        for message in messages:
            logger.info(
                "SMS to %s (%s %s, %s characters) written to the outbox",
                mask_phone(message.phone),
                message.subject_type,
                message.subject_id,
                len(message.text),
            )
        return set()


SENDERS: dict[str, type[SmsSender]] = {"outbox": OutboxSender}  # keys: settings.SMS_SENDERS


def sender_named(name: str) -> SmsSender:
    """The sender CITYHUB_SMS_SENDER names (settings.check refuses unknown names)."""
    return SENDERS[name]()
