"""The SMS outbox: each message and the state it has reached."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class SmsStatus(StrEnum):
    QUEUED = "queued"  # in the outbox, waiting for the relay (or for a gateway to be set)
    HANDED_OVER = "handed_over"  # the gateway took it: gateway_ref is its reference
    DELIVERED = "delivered"  # the gateway's status report says the phone received it
    FAILED = "failed"  # refused for good, out of attempts or reported undelivered: error_*
    HELD = "held"  # to a sample record: kept here, never handed to a gateway


# One message to one phone, from the moment it is queued to the gateway's last word on it.
class SmsOutbox(Model):
    id = fields.IntField(primary_key=True)
    phone = fields.CharField(max_length=20)
    text = fields.CharField(max_length=500)
    # What the message is about, in the sender's terms (e.g. a broadcast's delivery).
    subject_type = fields.CharField(max_length=32, default="", db_default="")
    subject_id = fields.IntField(null=True)
    # The set it belongs to (e.g. a broadcast), for counts by state in one statement.
    batch_type = fields.CharField(max_length=32, default="", db_default="")
    batch_id = fields.IntField(null=True)
    status = fields.CharField(max_length=12, default=SmsStatus.QUEUED, db_default="queued")
    attempts = fields.IntField(default=0, db_default=0)
    next_attempt_at = fields.DatetimeField(null=True)  # null: due now
    gateway = fields.CharField(max_length=16, default="", db_default="")
    gateway_ref = fields.CharField(max_length=64, default="", db_default="")  # e.g. SerialNo
    error_code = fields.CharField(max_length=64, default="", db_default="")
    error_message = fields.CharField(max_length=255, default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True)  # when it was queued
    handed_over_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)  # when it was delivered, failed or held

    class Meta:
        table = "sms_outbox"
        indexes = (
            ("subject_type", "subject_id"),
            ("batch_type", "batch_id", "status"),
            ("status", "next_attempt_at"),
        )
