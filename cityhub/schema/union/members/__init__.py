"""The union's members and fleets in the schema; personal fields follow the masking rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub.models.union.members import FleetKind as FleetKindValue
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.pagination import offset_page
from cityhub.resolvers.privacy import can_read_personal, mask_id_number, mask_name, mask_phone
from cityhub.resolvers.union import members
from cityhub.resolvers.union.trade_union import UNION_STAFF_ROLES
from cityhub.schema.connections import After, Connection, First, connection, node_pk, node_pks
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.inputs import max_length
from cityhub.schema.permissions import allow, signed_in
from cityhub.schema.union.members.inputs import (
    MemberStatus,
    RegisterMemberInput,
    UpdateMemberInput,
    VehicleType,
)

FleetKind = FleetKindValue
strawberry.enum(FleetKind, description="Taxi company or ride-hailing platform.")
# Staff whose work needs members' personal data.
MEMBER_STAFF = UNION_STAFF_ROLES
MEMBER_READERS = allow(roles=MEMBER_STAFF, scopes=["members:read"])


class MemberByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=members.members_by_id)


class FleetByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=members.fleets_by_id)


def may_see_member(viewer: Viewer, row: dict) -> bool:
    """Its owner, union staff, and partner keys granted members:read."""
    return (
        (viewer.account_id is not None and viewer.account_id == row["account_id"])
        or viewer.has_role(*MEMBER_STAFF)
        or viewer.has_scope("members:read")
    )


@strawberry.type(description="A taxi company (出租汽车公司) or ride-hailing platform.")
class Fleet:
    code: str = strawberry.field(description="Stable code used in filters.")
    name: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")
    kind: FleetKind = strawberry.field(description="Company or platform.")
    is_sample: bool = strawberry.field(description="Sample data, not from the source.")

    @classmethod
    def from_row(cls, row: dict) -> Fleet:
        return cls(
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            kind=row["kind"],
            is_sample=row["is_sample"],
        )


@strawberry.type(
    description="A union member (会员). Name, phone and ID number are masked unless you are "
    "the member or union staff."
)
class Member(relay.Node):
    id: relay.NodeID[int]
    member_no: str = strawberry.field(description="Membership number, e.g. TYD000123.")
    vehicle_type: VehicleType = strawberry.field(description="Taxi or ride-hailing.")
    joined_on: dt.date = strawberry.field(description="Date the member joined.")
    status: MemberStatus = strawberry.field(description="Current, suspended or left.")
    sms_opt_out: bool = strawberry.field(description="The member receives no broadcast SMS.")
    is_sample: bool = strawberry.field(description="Sample data, not a real person.")
    fleet: Fleet | None = strawberry.field(description="The company or platform.")
    raw: strawberry.Private[dict]

    def _personal(self, info: Info) -> bool:
        return can_read_personal(info.context.viewer, self.raw["account_id"], *MEMBER_STAFF)

    @strawberry.field(
        description="On the hardship register (建档困难职工), a statement about income: "
        "null unless you are the member or union staff."
    )
    def on_hardship_register(self, info: Info) -> bool | None:
        return self.raw["on_hardship_register"] if self._personal(info) else None

    @strawberry.field(description="Full name; masked (陈**) for partners.")
    def name(self, info: Info) -> str:
        return self.raw["name"] if self._personal(info) else mask_name(self.raw["name"])

    @strawberry.field(description="Mobile phone; masked (138****5678) unless yours or staff.")
    def phone(self, info: Info) -> str:
        return self.raw["phone"] if self._personal(info) else mask_phone(self.raw["phone"])

    @strawberry.field(description="Resident ID number (身份证); masked unless yours or staff.")
    def id_number(self, info: Info) -> str:
        number = self.raw["id_number"]
        return number if self._personal(info) else mask_id_number(number)

    @strawberry.field(description="The ID number masked (1****************8) for every viewer.")
    def masked_id_number(self) -> str:
        return mask_id_number(self.raw["id_number"])

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        rows = await info.context.loader(MemberByIdLoader).load_many(
            [i or 0 for i in node_pks(node_ids)]
        )
        viewer = info.context.viewer
        visible = [row if row and may_see_member(viewer, row) else None for row in rows]
        built = iter(await members_from_rows(info, [row for row in visible if row]))
        return [next(built) if row else None for row in visible]


async def members_from_rows(info: Info, rows: list[dict]) -> list[Member]:
    """Members with their fleets, one batched load for the whole list."""
    fleet_ids = [row["fleet_id"] for row in rows if row["fleet_id"]]
    fleets = await info.context.loader(FleetByIdLoader).load_many(fleet_ids)
    by_id = {fleet["id"]: Fleet.from_row(fleet) for fleet in fleets if fleet}
    return [
        Member(
            id=row["id"],
            member_no=row["member_no"],
            vehicle_type=row["vehicle_type"],
            joined_on=row["joined_on"],
            status=row["status"],
            sms_opt_out=row["sms_opt_out"],
            is_sample=row["is_sample"],
            fleet=by_id.get(row["fleet_id"]),
            raw=row,
        )
        for row in rows
    ]


@strawberry.type(description="The registered member.")
class RegisterMemberPayload:
    member: Member | None = strawberry.field(default=None, description="The new member.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was registered."
    )


@strawberry.type(description="The member after the change.")
class MemberPayload:
    member: Member | None = strawberry.field(default=None, description="The member.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed."
    )


@strawberry.type
class MembersQuery:
    @strawberry.field(description="Taxi companies and ride-hailing platforms, by kind and name.")
    async def fleets(self, first: First = None, after: After = None) -> Connection[Fleet]:
        # A small table (one row per company or platform): paged in memory.
        page = offset_page(await members.list_fleets(), first=first, after=after, marked=True)
        return connection(page, [Fleet.from_row(row) for row in page.rows])

    @strawberry.field(
        description="Members. Union staff see personal data; keys with members:read see it masked.",
        extensions=MEMBER_READERS,
    )
    async def members(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: MemberStatus | None = None,
        fleet: Annotated[
            str | None, strawberry.argument(description="A fleet code.", directives=max_length(40))
        ] = None,
        vehicle_type: VehicleType | None = None,
        text: Annotated[
            str | None,
            strawberry.argument(
                description="Start of a name, or a member number. A viewer who sees names "
                "masked (陈**) searches that form: only its first character narrows.",
                directives=max_length(20),
            ),
        ] = None,
    ) -> Connection[Member]:
        where = members.MemberFilter(
            status=status and status.value,
            fleet=fleet,
            vehicle_type=vehicle_type and vehicle_type.value,
            text=text,
            names_visible=info.context.viewer.has_role(*MEMBER_STAFF),
        )
        page = await members.list_members(where, first=first, after=after)
        return connection(page, await members_from_rows(info, page.rows))


@strawberry.type
class MembersMutation:
    @strawberry.mutation(
        description="Register a member. Union staff and admins.",
        extensions=allow(roles=MEMBER_STAFF),
    )
    async def register_member(
        self, info: Info, input: RegisterMemberInput
    ) -> RegisterMemberPayload:
        registered = members.register_member(
            name=input.name,
            phone=input.phone,
            id_number=input.id_number,
            vehicle_type=input.vehicle_type.value,
            fleet=input.fleet,
            joined_on=input.joined_on,
            on_hardship_register=input.on_hardship_register,
        )
        row, errors = await attempt(info, registered)
        member = (await members_from_rows(info, [row]))[0] if row else None
        return RegisterMemberPayload(member=member, user_errors=errors)

    @strawberry.mutation(
        description="Change a member's status (suspended, left) or details. Union staff and "
        "admins; every change is audited.",
        extensions=allow(roles=MEMBER_STAFF),
    )
    async def update_member(self, info: Info, input: UpdateMemberInput) -> MemberPayload:
        changes = members.MemberChanges(
            status=input.status and input.status.value,
            phone=input.phone,
            fleet=input.fleet,
            vehicle_type=input.vehicle_type and input.vehicle_type.value,
            on_hardship_register=input.on_hardship_register,
        )
        member_id = node_pk(input.id, "Member")
        updated = members.update_member(info.context.viewer, member_id, changes)
        row, errors = await attempt(info, updated)
        member = (await members_from_rows(info, [row]))[0] if row else None
        return MemberPayload(member=member, user_errors=errors)

    @strawberry.mutation(
        description="Stop (or resume) broadcast SMS to yourself. Members.",
        extensions=signed_in(),
    )
    async def set_sms_opt_out(self, info: Info, opt_out: bool) -> MemberPayload:
        row, errors = await attempt(info, members.set_sms_opt_out(info.context.viewer, opt_out))
        member = (await members_from_rows(info, [row]))[0] if row else None
        return MemberPayload(member=member, user_errors=errors)


@strawberry.type
class MemberViewer:
    @strawberry.field(description="The union member linked to the signed-in account.")
    async def member(self, info: Info) -> Member | None:
        if info.context.viewer.account_id is None:
            return None
        row = await members.member_for_account(info.context.viewer.account_id)
        return (await members_from_rows(info, [row]))[0] if row else None
