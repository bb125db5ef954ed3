"""Timelines of the workflows (aid and rental applications, council cases)."""

from tortoise import fields
from tortoise.models import Model


# One transition of one subject; public entries are shown to the applicant.
class TimelineEntry(Model):
    id = fields.IntField(primary_key=True)
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.IntField()
    action = fields.CharField(max_length=32)
    from_state = fields.CharField(max_length=24, null=True)
    to_state = fields.CharField(max_length=24)
    actor_account = fields.ForeignKeyField(
        "cityhub.Account", related_name="timeline_entries", null=True, on_delete=fields.SET_NULL
    )
    actor_label = fields.CharField(max_length=100, default="")
    note = fields.TextField(default="")
    is_public = fields.BooleanField(default=True)
    at = fields.DatetimeField()

    class Meta:
        table = "timeline_entry"
        indexes = (("subject_type", "subject_id", "at"),)
