"""Rate-limit entries: the moving windows of cityhub.ratelimits when no Redis is set."""

from tortoise import fields
from tortoise.models import Model


# One row per counted hit (a failed sign-in, an API request); a key keeps at most its
# limit's amount of rows inside the window, and rows past expires_at are deleted.
class RateLimitEntry(Model):
    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=255)
    at = fields.FloatField()  # seconds since the epoch (UTC), as limits counts time
    expires_at = fields.FloatField(db_index=True)

    class Meta:
        table = "rate_limit_entry"
        indexes = (("key", "at"),)
