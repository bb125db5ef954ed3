"""Rental applications in the schema: the type (with its documents, the fund centre's
handling and the transfers, records.py); the lists and the steps are in steps.py and
fund.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub.i18n import N_
from cityhub.models.housing.applications import PaymentMethod
from cityhub.resolvers import timelines, workflow
from cityhub.resolvers.housing import HOUSING_OFFICER
from cityhub.resolvers.housing import applications as rental
from cityhub.resolvers.housing.applications.workflow import RENT_WORKFLOW, SUBJECT, A, S
from cityhub.schema.connections import node_pks
from cityhub.schema.context import Info
from cityhub.schema.housing.applications.records import (
    DocumentsLoader,
    RentalDocument,
    RentFundCentreHandling,
    RentTransfer,
    TransfersLoader,
)
from cityhub.schema.housing.projects import HousingProject, ProjectByIdLoader, projects_from_rows
from cityhub.schema.labels import labelled_enum
from cityhub.schema.workflow import TimelineEntry, workflow_types

WORKFLOW = workflow_types(RENT_WORKFLOW, "RentalApplication", S, A)
RentalApplicationState = S
labelled_enum(
    PaymentMethod,
    {PaymentMethod.FUND: N_("公积金支付"), PaymentMethod.SELF: N_("自行支付")},
    name="RentPaymentMethod",
    description="How the rent is paid: from the housing provident fund, or by the tenant.",
)
if TYPE_CHECKING:
    RentalApplicationAvailableAction = Any
else:
    RentalApplicationAvailableAction = WORKFLOW.available_action


class TimelineLoader(DataLoader[int, list[dict]]):
    def __init__(self) -> None:
        async def load(ids: list[int]) -> list[list[dict]]:
            return await timelines.timelines(SUBJECT, ids, staff=True)

        super().__init__(load_fn=load)


@strawberry.type(description="An application to rent a unit (and pay its rent from the fund).")
class RentalApplication(relay.Node):
    id: relay.NodeID[int]
    reference: str = strawberry.field(description="Its reference, e.g. ZL2024-000123.")
    state: RentalApplicationState = strawberry.field(description="Where it is.")
    state_label: str = strawberry.field(description="Where it is, in your language.")
    monthly_rent: Decimal = strawberry.field(description="The unit's monthly rent (yuan).")
    reserved_until: dt.datetime = strawberry.field(
        description="The lease must be signed before this (UTC), or the unit is freed."
    )
    lease_signed_at: dt.datetime | None = strawberry.field(description="When (UTC).")
    payment_method: PaymentMethod | None = strawberry.field(description="How rent is paid.")
    authorization_signed_at: dt.datetime | None = strawberry.field(
        description="When the applicant signed the authorisation (提取授权书), UTC."
    )
    fund_centre: RentFundCentreHandling = strawberry.field(
        description="The submission to the fund centre: attempts, case number, decision."
    )
    submitted_at: dt.datetime = strawberry.field(description="When it was made (UTC).")
    is_sample: bool = strawberry.field(description="True for sample data (示例).")
    available_actions: list[RentalApplicationAvailableAction] = strawberry.field(
        description="What you may do to it now, with labels."
    )
    raw: strawberry.Private[dict]

    unit_code: str = strawberry.field(description="The unit's room number.")

    @strawberry.field(description="The project.")
    async def project(self, info: Info) -> HousingProject | None:
        row = await info.context.loader(ProjectByIdLoader).load(self.raw["project_id"])
        return (await projects_from_rows(info, [row]))[0] if row else None

    @strawberry.field(description="The documents uploaded with it, oldest first.")
    async def documents(self, info: Info) -> list[RentalDocument]:
        rows = await info.context.loader(DocumentsLoader).load(self.id)
        return [RentalDocument.from_row(row) for row in rows]

    @strawberry.field(description="The rent transferred from the fund, earliest period first.")
    async def transfers(self, info: Info) -> list[RentTransfer]:
        rows = await info.context.loader(TransfersLoader).load(self.id)
        return [RentTransfer.from_row(row) for row in rows]

    @strawberry.field(description="Its history, oldest first (applicant and officers only).")
    async def timeline(self, info: Info) -> list[TimelineEntry]:
        staff = info.context.viewer.has_role(HOUSING_OFFICER)
        rows = await info.context.loader(TimelineLoader).load(self.id)
        return [
            TimelineEntry.from_row(info, row, True) for row in rows if staff or row["is_public"]
        ]

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Any, required: bool = False):
        viewer = info.context.viewer
        rows = await rental.applications_by_id([i or 0 for i in node_pks(node_ids)])
        allowed = [
            r
            if r and (r["applicant_id"] == viewer.account_id or viewer.has_role(HOUSING_OFFICER))
            else None
            for r in rows
        ]
        return [await build(info, r) if r else None for r in allowed]


async def build(info: Info, row: dict) -> RentalApplication:
    actor = workflow.Actor(info.context.viewer)
    moves = await workflow.available(RENT_WORKFLOW, actor, row)
    return RentalApplication(
        id=row["id"],
        reference=row["reference"],
        unit_code=row["unit__code"],
        state=S(row["state"]),
        state_label=WORKFLOW.state_label(info, row["state"]),
        monthly_rent=row["monthly_rent"],
        reserved_until=row["reserved_until"],
        lease_signed_at=row["lease_signed_at"],
        payment_method=PaymentMethod(row["payment_method"]) if row["payment_method"] else None,
        authorization_signed_at=row["authorization_signed_at"],
        fund_centre=RentFundCentreHandling.from_row(row),
        submitted_at=row["submitted_at"],
        is_sample=row["is_sample"],
        available_actions=WORKFLOW.available(info, moves),
        raw=row,
    )
