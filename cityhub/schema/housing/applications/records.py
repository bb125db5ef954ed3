"""What a rental application keeps of its fund steps: its documents, the fund centre's
handling of its submission, and the rent transfers. All of it is personal: only the
applicant and housing officers reach it (through the application, or a document's ID)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub.i18n import N_
from cityhub.models.housing.applications import DocumentKind, TransferStatus
from cityhub.resolvers import uploads
from cityhub.resolvers.housing import HOUSING_OFFICER
from cityhub.resolvers.housing import applications as rental
from cityhub.resolvers.housing.applications import documents, transfers
from cityhub.resolvers.housing.fund_accounts import SIMULATION
from cityhub.resolvers.housing.fund_accounts.centres import CENTRE_NAMES
from cityhub.schema.connections import node_pks
from cityhub.schema.context import Info
from cityhub.schema.labels import labelled_enum

labelled_enum(
    DocumentKind,
    {
        DocumentKind.ID_CARD: N_("身份证"),
        DocumentKind.RESIDENCE: N_("户口簿或居住证"),
        DocumentKind.EMPLOYMENT: N_("劳动合同或在职证明"),
        DocumentKind.TALENT: N_("人才认定证明"),
        DocumentKind.OTHER: N_("其他资料"),
    },
    name="RentDocumentKind",
    description="What an uploaded document of a rental application is.",
)
labelled_enum(
    TransferStatus,
    {TransferStatus.PENDING: N_("待公积金中心确认"), TransferStatus.DONE: N_("已划转")},
    name="RentTransferStatus",
    description="PENDING: asked of the fund centre, not confirmed yet; DONE: transferred.",
)


class DocumentsLoader(DataLoader[int, list[dict]]):
    def __init__(self) -> None:
        super().__init__(load_fn=documents.documents_of)


class TransfersLoader(DataLoader[int, list[dict]]):
    def __init__(self) -> None:
        super().__init__(load_fn=transfers.transfers_of)


@strawberry.type(description="A document uploaded with a rental application (PDF, JPEG, PNG).")
class RentalDocument(relay.Node):
    id: relay.NodeID[int]
    kind: DocumentKind = strawberry.field(description="What it is.")
    filename: str = strawberry.field(description="The name it was uploaded with.")
    download_name: str = strawberry.field(
        description="The name it is served under, with the extension of its checked type."
    )
    content_type: str = strawberry.field(description="Read from the file's bytes.")
    size: int = strawberry.field(description="Bytes.")
    sha256: str = strawberry.field(description="SHA-256 of the bytes, hex.")
    uploaded_at: dt.datetime = strawberry.field(description="When (UTC).")
    storage_key: str = strawberry.field(description="Where CityHub keeps it (for its portal).")

    @classmethod
    def from_row(cls, row: dict) -> RentalDocument:
        names = ("id", "filename", "content_type", "size", "sha256", "uploaded_at", "storage_key")
        return cls(
            kind=DocumentKind(row["kind"]),
            download_name=uploads.download_name(row["filename"], row["content_type"]),
            **{name: row[name] for name in names},
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Any, required: bool = False):
        viewer = info.context.viewer
        rows = await documents.documents_by_id([i or 0 for i in node_pks(node_ids)])
        parents = await rental.applications_by_id([r["application_id"] if r else 0 for r in rows])
        officer = viewer.has_role(HOUSING_OFFICER)
        return [
            cls.from_row(row)
            if row and parent and (officer or parent["applicant_id"] == viewer.account_id)
            else None
            for row, parent in zip(rows, parents, strict=True)
        ]


@strawberry.type(description="Rent paid from the fund to the operator for whole months.")
class RentTransfer:
    period_start: dt.date = strawberry.field(description="The first day of the first month.")
    months: int = strawberry.field(description="How many months it pays.")
    amount: Decimal = strawberry.field(description="Yuan: the monthly rent times the months.")
    status: TransferStatus = strawberry.field(description="Pending or done.")
    reference: str | None = strawberry.field(description="The fund centre's receipt, when done.")
    transferred_at: dt.datetime | None = strawberry.field(description="When (UTC), when done.")
    is_simulation: bool = strawberry.field(
        description="True when the fund-centre simulator made it: no real money moved."
    )
    is_sample: bool = strawberry.field(description="Sample data (示例).")

    @classmethod
    def from_row(cls, row: dict) -> RentTransfer:
        return cls(
            period_start=row["period_start"],
            months=row["months"],
            amount=row["amount"],
            status=TransferStatus(row["status"]),
            reference=row["reference"] or None,
            transferred_at=row["transferred_at"],
            is_simulation=row["fund_centre"] in (SIMULATION, ""),
            is_sample=row["is_sample"],
        )


@strawberry.type(description="How the fund centre has handled the application's submission.")
class RentFundCentreHandling:
    centre: str | None = strawberry.field(
        description="Which centre was asked: simulator (CityHub's simulation), or the "
        "configured one; null before anything was sent."
    )
    is_simulation: bool = strawberry.field(
        description="True while CityHub talks to its fund-centre simulator (or a test "
        "stand-in), not the centre itself: nothing it answers is real."
    )
    case_reference: str | None = strawberry.field(
        description="The centre's case number once it took the submission."
    )
    failed_attempts: int = strawberry.field(
        description="Tries the centre did not take (unavailable or no answer)."
    )
    next_attempt_at: dt.datetime | None = strawberry.field(
        description="When the next try is due (UTC), while the centre has not taken it."
    )
    last_error: str | None = strawberry.field(description="Why the last try failed.")
    decided_at: dt.datetime | None = strawberry.field(description="When the centre decided.")
    reason: str | None = strawberry.field(description="The centre's reason, if it refused.")

    @classmethod
    def from_row(cls, row: dict) -> RentFundCentreHandling:
        return cls(
            centre=row["fund_centre"] or None,
            is_simulation=row["fund_centre"] in ("", *CENTRE_NAMES),
            case_reference=row["centre_reference"] or None,
            failed_attempts=row["centre_attempts"],
            next_attempt_at=row["centre_next_attempt_at"],
            last_error=row["centre_error"] or None,
            decided_at=row["centre_decided_at"],
            reason=row["centre_reason"] or None,
        )
