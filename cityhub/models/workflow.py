"""Workflow subjects (aid and rental applications, council cases) and their timelines."""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account


# The columns every workflow subject has; a domain's subject model extends it.
class WorkflowSubject(Model):
    reference = fields.CharField(max_length=24, unique=True)  # e.g. JQ2024-000123
    state = fields.CharField(max_length=16, db_index=True)
    submitted_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    is_sample = fields.BooleanField(default=False)

    class Meta:
        abstract = True


# One step of one subject; public entries are shown to the subject's owner.
class TimelineEntry(Model):
    id = fields.IntField(primary_key=True)
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.IntField()
    action = fields.CharField(max_length=32)
    from_state = fields.CharField(max_length=24, null=True)
    to_state = fields.CharField(max_length=24)
    actor_account: fields.ForeignKeyNullableRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="timeline_entries", null=True, on_delete=fields.SET_NULL
    )
    actor_label = fields.CharField(max_length=100, default="")
    # The label and the note in English where they were written in both (seeded entries).
    actor_label_en = fields.CharField(max_length=100, default="", db_default="")
    # online, in_person, phone or system (cityhub.resolvers.workflow.Channel)
    channel = fields.CharField(max_length=12, default="online", db_default="online")
    note = fields.TextField(default="")
    note_en = fields.TextField(default="", db_default="")
    is_public = fields.BooleanField(default=True)
    at = fields.DatetimeField()

    class Meta:
        table = "timeline_entry"
        indexes = (("subject_type", "subject_id", "at"),)
