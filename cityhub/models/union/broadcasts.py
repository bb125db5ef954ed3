"""Broadcast SMS to a segment of members, one delivery per member."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from cityhub.models.accounts import Account
    from cityhub.models.union.aid_programs import AidProgram
    from cityhub.models.union.members import Fleet, Member
    from cityhub.models.union.stations import Station


class Segment(StrEnum):
    ALL_ACTIVE = "all_active"
    PROGRAM_ENROLLED = "program_enrolled"
    FLEET = "fleet"
    STATION_VISITORS = "station_visitors"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # composed, not yet in the SMS outbox (a send that stopped half-way)
    OUTBOXED = "outboxed"  # in the SMS outbox: its message's state says what happened next
    OPTED_OUT = "opted_out"  # the member opted out before it reached the outbox


class Broadcast(Model):
    id = fields.IntField(primary_key=True)
    text = fields.CharField(max_length=500)
    # Sent by the client with the request: a retried request finds this broadcast again.
    request_key = fields.CharField(max_length=64, unique=True, null=True)
    segment = fields.CharField(max_length=24)
    segment_program: fields.ForeignKeyNullableRelation["AidProgram"] = fields.ForeignKeyField(
        "cityhub.AidProgram", related_name="broadcasts", null=True, on_delete=fields.RESTRICT
    )
    segment_fleet: fields.ForeignKeyNullableRelation["Fleet"] = fields.ForeignKeyField(
        "cityhub.Fleet", related_name="broadcasts", null=True, on_delete=fields.RESTRICT
    )
    segment_station: fields.ForeignKeyNullableRelation["Station"] = fields.ForeignKeyField(
        "cityhub.Station", related_name="broadcasts", null=True, on_delete=fields.RESTRICT
    )
    segment_since = fields.DateField(null=True)
    created_by: fields.ForeignKeyNullableRelation["Account"] = fields.ForeignKeyField(
        "cityhub.Account", related_name="broadcasts", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    # When the last delivery reached the SMS outbox (not when any phone got it).
    queued_at = fields.DatetimeField(null=True)
    recipients = fields.IntField(default=0)
    skipped_opt_out = fields.IntField(default=0)

    class Meta:
        table = "broadcast"


# One member's copy of a broadcast: unique, so a retried send never doubles it.
class BroadcastDelivery(Model):
    id = fields.IntField(primary_key=True)
    broadcast: fields.ForeignKeyRelation["Broadcast"] = fields.ForeignKeyField(
        "cityhub.Broadcast", related_name="deliveries", on_delete=fields.CASCADE
    )
    member: fields.ForeignKeyRelation["Member"] = fields.ForeignKeyField(
        "cityhub.Member", related_name="deliveries", on_delete=fields.CASCADE
    )
    phone = fields.CharField(max_length=20)
    status = fields.CharField(max_length=12, default=DeliveryStatus.PENDING.value)
    queued_at = fields.DatetimeField(null=True)  # when it reached the SMS outbox

    class Meta:
        table = "broadcast_delivery"
        unique_together = (("broadcast", "member"),)
        indexes = (("broadcast_id", "status"),)
