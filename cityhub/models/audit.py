"""The audit log: who changed which policy or record, from what to what, when."""

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account


class AuditEntry(Model):
    id = fields.IntField(primary_key=True)
    at = fields.DatetimeField(db_index=True)
    actor_account: fields.ForeignKeyNullableRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="audit_entries", null=True, on_delete=fields.SET_NULL
    )
    actor_label = fields.CharField(max_length=100)
    action = fields.CharField(max_length=64)
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.IntField()
    # {field: [before, after]}, JSON values (cityhub.resolvers.audit.differences)
    changes: fields.JSONField[dict[str, list[Any]]] = fields.JSONField(default=dict)

    class Meta:
        table = "audit_entry"
        indexes = (("subject_type", "subject_id"),)
