"""Leases: who may run a singleton job (e.g. the SMS relay) until when."""

from tortoise import fields
from tortoise.models import Model


# Who may run a singleton job (the SMS relay) until when; renewed while it runs.
class Lease(Model):
    name = fields.CharField(max_length=64, primary_key=True)
    holder = fields.CharField(max_length=64)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "lease"
