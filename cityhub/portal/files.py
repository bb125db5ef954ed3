"""Stored uploads served back: only what the schema returned for the visitor (the node is
null for anyone who may not see it), as an attachment under its checked name."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response


def stored_path(folder: Path, storage_key: str) -> Path | None:
    """The file behind a storage key, or None if missing or outside the uploads folder."""
    root = folder.resolve()
    path = (root / storage_key).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def content_disposition(name: str) -> str:
    """A download under ``name`` (RFC 6266): the name itself percent-encoded as UTF-8, and
    an ASCII fallback with quotes, backslashes and anything non-ASCII replaced."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\%;' else "_" for c in name
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def serve_stored(request: Request, found: dict[str, Any] | None) -> Response:
    """The file of a node with `storageKey`, `downloadName` and `contentType`; a 404 when
    the node is null (not the visitor's) or its bytes are missing."""
    if not found:
        raise HTTPException(404)
    path = stored_path(request.app.state.settings.data_dir / "uploads", found["storageKey"])
    if path is None:
        raise HTTPException(404)
    headers = {
        "Content-Disposition": content_disposition(found["downloadName"]),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return FileResponse(path, media_type=found["contentType"], headers=headers)
