"""The hooks of the fund-payment steps (5 to 8): what each writes with its move, and why
it may refuse. The workflow (workflow.py) names them; the calls that lead to them
(uploads, the fund centre, transfers) are in documents.py, centre.py and transfers.py."""

from __future__ import annotations

from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.housing.applications import (
    RentalApplication,
    RentalDocument,
    RentTransfer,
    TransferStatus,
)
from cityhub.resolvers.workflow import Move


async def sign_authorization(move: Move) -> dict[str, Any]:
    return {"authorization_signed_at": clock.now()}


async def keep_document(move: Move) -> dict[str, Any]:
    """The uploaded file's record, counted again under the application's lock."""
    await RentalApplication.filter(id=move.row["id"]).select_for_update().only("id")
    most = move.params["max_files"]
    if await RentalDocument.filter(application_id=move.row["id"]).count() >= most:
        message = N_("每份申请最多上传 {max} 个文件")
        raise Rejected(Problem("TOO_MANY_FILES", message, "file", {"max": most}))
    stored = move.params["document"]
    await RentalDocument.create(
        application_id=move.row["id"],
        kind=move.params["kind"],
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.storage_key,
        uploaded_at=clock.now(),
    )
    return {}


async def submit(move: Move) -> dict[str, Any]:
    """Submitting needs at least one document; the submission is then due at once."""
    if not await RentalDocument.filter(application_id=move.row["id"]).exists():
        raise Rejected(Problem("DOCUMENTS_MISSING", N_("请先上传申请资料"), "application"))
    return {
        "centre_attempts": 0,
        "centre_next_attempt_at": clock.now(),
        "centre_error": "",
        "centre_reference": "",
    }


async def retry(move: Move) -> dict[str, Any]:
    if move.row["centre_reference"]:
        message = N_("公积金中心已受理，正在等待校验结果")
        raise Rejected(Problem("ALREADY_RECEIVED", message, "application"))
    return {"centre_next_attempt_at": clock.now()}


async def decided(move: Move) -> dict[str, Any]:
    return {
        "centre_decided_at": clock.now(),
        "centre_reason": move.note,
        "centre_next_attempt_at": None,
        **{k: v for k, v in move.params.items() if k in ("centre_reference", "fund_centre")},
    }


async def transfer(move: Move) -> dict[str, Any]:
    """Complete the claimed transfer with the centre's receipt (transfers.py asked the
    centre first); a claim completed meanwhile by a call at the same moment is refused."""
    done = await RentTransfer.filter(
        id=move.params["transfer_id"], status=TransferStatus.PENDING
    ).update(
        status=TransferStatus.DONE,
        reference=move.params["reference"],
        fund_centre=move.params["fund_centre"],
        transferred_at=clock.now(),
    )
    if not done:
        message = N_("该期间的房租已划转或正在划转")
        raise Rejected(Problem("ALREADY_TRANSFERRED", message, "application"))
    return {}
