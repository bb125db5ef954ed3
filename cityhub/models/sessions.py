"""Sign-in sessions kept on the server: the cookie holds a random token, a row its digest."""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account


# A session is live while ended_at is null, last_seen_at is within the idle timeout and
# created_at within the absolute lifetime (CITYHUB_SESSION_IDLE_MINUTES / _MAX_HOURS).
class AccountSession(Model):
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)  # sha256 of the cookie's token
    account: fields.ForeignKeyRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()  # to within a minute
    ended_at = fields.DatetimeField(null=True)
    # signed_out, replaced, password_changed, roles_changed, ended_by_admin, idle, expired
    end_reason = fields.CharField(max_length=32, null=True)

    class Meta:
        table = "account_session"
        indexes = (("account_id", "ended_at"),)
