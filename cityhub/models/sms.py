"""The SMS outbox: messages written for an operator or a gateway to send."""

from tortoise import fields
from tortoise.models import Model


# What the default sender 'sends': a row per message, for an operator or a gateway.
class SmsOutbox(Model):
    id = fields.IntField(primary_key=True)
    phone = fields.CharField(max_length=20)
    text = fields.CharField(max_length=500)
    # What the message is about, in the sender's terms (e.g. a broadcast's delivery).
    subject_type = fields.CharField(max_length=32, default="", db_default="")
    subject_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sms_outbox"
        indexes = (("subject_type", "subject_id"),)
