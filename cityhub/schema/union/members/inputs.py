"""What staff send to register a member or correct one, and the member enums they use."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay

from cityhub.i18n import N_
from cityhub.models.union.members import MemberStatus as MemberStatusValue
from cityhub.models.union.members import VehicleType as VehicleTypeValue
from cityhub.schema.labels import labelled_enum

VehicleType = VehicleTypeValue
labelled_enum(
    VehicleType,
    {VehicleTypeValue.CRUISING_TAXI: N_("巡游出租车"), VehicleTypeValue.RIDE_HAILING: N_("网约车")},
    description="巡游出租 (taxi) or 网约车 (ride-hailing).",
)
MemberStatus = MemberStatusValue
labelled_enum(
    MemberStatus,
    {
        MemberStatusValue.ACTIVE: N_("在册"),
        MemberStatusValue.SUSPENDED: N_("暂停"),
        MemberStatusValue.LEFT: N_("已退会"),
    },
    description="Whether the membership is current.",
)


@strawberry.input(description="A new member, registered by union staff.")
class RegisterMemberInput:
    name: str = strawberry.field(description="Full name, 1-50 characters.")
    phone: str = strawberry.field(description="11-digit mobile number.")
    id_number: str = strawberry.field(description="18-character resident ID number (checked).")
    vehicle_type: VehicleType = strawberry.field(description="Taxi or ride-hailing.")
    fleet: str | None = strawberry.field(default=None, description="Fleet code (see `fleets`).")
    joined_on: dt.date | None = strawberry.field(default=None, description="Default: today.")
    on_hardship_register: bool = strawberry.field(
        default=False, description="On the hardship register."
    )


@strawberry.input(description="Staff corrections to a member; a field left out stays as it is.")
class UpdateMemberInput:
    id: relay.GlobalID = strawberry.field(description="The member's global ID.")
    status: MemberStatus | None = strawberry.field(
        default=None, description="Current, suspended or left (a left member is not counted)."
    )
    phone: str | None = strawberry.field(default=None, description="11-digit mobile number.")
    fleet: str | None = strawberry.field(
        default=None, description='Fleet code (see `fleets`); "" removes the fleet.'
    )
    vehicle_type: VehicleType | None = strawberry.field(
        default=None, description="Taxi or ride-hailing."
    )
    on_hardship_register: bool | None = strawberry.field(
        default=None, description="On the hardship register."
    )
