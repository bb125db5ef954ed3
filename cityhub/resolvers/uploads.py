"""Uploaded files: limits, the type read from the bytes, storage under the data directory."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cityhub.errors import Problem
from cityhub.i18n import N_

# The file's own first bytes decide its type; what the client claims is ignored.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
EXTENSIONS = {content_type: extension for _, content_type, extension in SIGNATURES}
FILENAME_MAX = 200


@dataclass(frozen=True)
class UploadPolicy:
    folder: Path  # CITYHUB_DATA_DIR/uploads
    max_bytes: int
    max_files: int


@dataclass(frozen=True)
class IncomingFile:
    """A file as received: its name, and at most ``max_bytes + 1`` of its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class StoredFile:
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the leading bytes, or None if not accepted."""
    for magic, content_type, extension in SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    return None


def clean_filename(name: str) -> str:
    """The last path component, without control characters, at most 200 characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    printable = "".join(ch for ch in base if ch.isprintable()).strip()
    return (printable or "upload")[-FILENAME_MAX:]


def download_name(filename: str, content_type: str) -> str:
    """The name a stored file is served under: the uploaded name's stem with the extension
    of the type read from its bytes, never the client's (poly.html holding a PDF: poly.pdf)."""
    stem = PurePosixPath(clean_filename(filename)).stem.strip(" .") or "upload"
    return stem[: FILENAME_MAX - 4] + EXTENSIONS.get(content_type, ".bin")


def check_files(files: list[IncomingFile], policy: UploadPolicy, field: str) -> list[Problem]:
    """Every problem with the files; an empty list means all may be stored."""
    if len(files) > policy.max_files:
        return [
            Problem(
                "TOO_MANY_FILES",
                N_("最多上传 {max} 个文件"),
                field,
                {"max": policy.max_files},
            )
        ]
    problems = []
    for upload in files:
        name = clean_filename(upload.filename)
        if not upload.data:
            problems.append(Problem("EMPTY_FILE", N_("文件“{name}”是空的"), field, {"name": name}))
        elif len(upload.data) > policy.max_bytes:
            limit = f"{policy.max_bytes / 1024 / 1024:.1f}".removesuffix(".0")
            problems.append(
                Problem(
                    "FILE_TOO_LARGE",
                    N_("文件“{name}”超过 {limit} MB"),
                    field,
                    {"name": name, "limit": limit},
                )
            )
        elif sniff(upload.data) is None:
            problems.append(
                Problem(
                    "UNSUPPORTED_FILE_TYPE",
                    N_("文件“{name}”不是 PDF、JPEG 或 PNG"),
                    field,
                    {"name": name},
                )
            )
    return problems


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    temporary.replace(path)


async def store(files: list[IncomingFile], policy: UploadPolicy, prefix: str) -> list[StoredFile]:
    """Write checked files under ``policy.folder/prefix``; all or none are left behind."""
    stored: list[StoredFile] = []
    try:
        for upload in files:
            content_type, extension = sniff(upload.data) or ("application/octet-stream", "")
            key = f"{prefix}/{secrets.token_hex(16)}{extension}"
            await asyncio.to_thread(_write, policy.folder / key, upload.data)
            stored.append(
                StoredFile(
                    filename=clean_filename(upload.filename),
                    content_type=content_type,
                    size=len(upload.data),
                    sha256=hashlib.sha256(upload.data).hexdigest(),
                    storage_key=key,
                )
            )
    except BaseException:
        remove(stored, policy)
        raise
    return stored


def remove(stored: list[StoredFile], policy: UploadPolicy) -> None:
    for item in stored:
        (policy.folder / item.storage_key).unlink(missing_ok=True)
