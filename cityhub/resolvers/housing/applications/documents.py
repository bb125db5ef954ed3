"""Step 5's documents: uploaded through the platform's upload service (the type read from
the bytes, the size and count limits, a generated storage name, a SHA-256), kept with the
application, fetched only by its applicant and housing officers."""

from __future__ import annotations

from typing import Any

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.housing.applications import DocumentKind, RentalDocument
from cityhub.resolvers import uploads, workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.batching import rows_by_id, rows_by_parent
from cityhub.resolvers.housing.applications import application_now
from cityhub.resolvers.housing.applications.reserve import visible_application
from cityhub.resolvers.housing.applications.workflow import RENT_WORKFLOW, A

DOCUMENT_FIELDS = (
    "id",
    "application_id",
    "kind",
    "filename",
    "content_type",
    "size",
    "sha256",
    "storage_key",
    "uploaded_at",
)
FIELD = "file"


async def upload_document(
    viewer: Viewer,
    application_id: int | None,
    kind: DocumentKind,
    incoming: uploads.IncomingFile,
    policy: uploads.UploadPolicy,
) -> dict[str, Any]:
    """Store one document and note it on the timeline; Rejected, with nothing kept, for
    a bad file, one too many, or a step the application is not at."""
    row = await visible_application(viewer, application_id)
    own = row["applicant_id"] == viewer.account_id
    actor = workflow.Actor(viewer, workflow.Channel.ONLINE if own else workflow.Channel.IN_PERSON)
    RENT_WORKFLOW.check(
        row["state"], await workflow.roles_of(RENT_WORKFLOW, actor, row), A.UPLOAD_DOCUMENT
    )
    have = await RentalDocument.filter(application_id=row["id"]).count()
    if have >= policy.max_files:
        message = N_("每份申请最多上传 {max} 个文件")
        raise Rejected(Problem("TOO_MANY_FILES", message, FIELD, {"max": policy.max_files}))
    if problems := uploads.check_files([incoming], policy, FIELD):
        raise Rejected(*problems)
    (stored,) = await uploads.store([incoming], policy, f"housing/{row['id']}")
    try:
        await workflow.take(
            RENT_WORKFLOW,
            row,
            A.UPLOAD_DOCUMENT,
            actor,
            note=stored.filename,
            params={"document": stored, "kind": kind.value, "max_files": policy.max_files},
        )
    except BaseException:
        uploads.remove([stored], policy)
        raise
    return await application_now(row["id"])


async def documents_of(application_ids: list[int]) -> list[list[dict[str, Any]]]:
    """Each application's documents, oldest first (one statement)."""
    return await rows_by_parent(
        RentalDocument, DOCUMENT_FIELDS, "application_id", application_ids, ("uploaded_at", "id")
    )


async def documents_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(RentalDocument, DOCUMENT_FIELDS, ids)
