"""The GraphiQL page on /graphql, served from the project's own files: React, GraphiQL and
its explorer plugin vendored under static/vendor/graphiql (scripts/vendor_graphiql.sh),
booted by static/graphiql/boot.js; every file loads with Subresource Integrity."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
from starlette.responses import HTMLResponse

from cityhub.headers import CSP, content_security_policy
from cityhub.settings import PACKAGE_DIR, Settings

STATIC_DIR = PACKAGE_DIR / "static"
VENDOR_DIR = STATIC_DIR / "vendor" / "graphiql"
OWN_DIR = STATIC_DIR / "graphiql"
# The site's policy with scripts from this site only (the page loads no htmx), and what
# GraphiQL's stylesheet needs: its fonts are data: URIs inside graphiql.min.css. Nothing
# else: no 'unsafe-eval' and no inline style or script (React and CodeMirror style
# elements through the CSSOM, which style-src does not govern).
POLICY = {"script_src": "'self'", "font_src": "'self' data:"}


def _sri(path: Path) -> str:
    digest = hashlib.sha384(path.read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


@dataclass(frozen=True)
class Assets:
    folder: Path
    hashes: dict[str, str]
    versions: dict[str, str]

    def url(self, name: str) -> str:
        # A changed file is a new URL for every cache.
        relative = self.folder.relative_to(STATIC_DIR).as_posix()
        return f"/static/{relative}/{name}?v={self.versions[name]}"

    def integrity(self, name: str) -> str:
        return self.hashes[name]


@functools.cache
def vendored() -> Assets:
    """The pinned files, with the hashes recorded when they were fetched."""
    files = json.loads((VENDOR_DIR / "manifest.json").read_text(encoding="utf-8"))["files"]
    return Assets(
        VENDOR_DIR,
        hashes={name: f["integrity"] for name, f in files.items()},
        versions={name: f["version"] for name, f in files.items()},
    )


@functools.cache
def own() -> Assets:
    files = [p for p in OWN_DIR.iterdir() if p.is_file()]
    return Assets(
        OWN_DIR,
        hashes={p.name: _sri(p) for p in files},
        versions={p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:10] for p in files},
    )


@functools.cache
def _html() -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"), autoescape=True
    )
    return environment.get_template("graphiql.html").render(vendor=vendored(), own=own())


def graphiql_page(settings: Settings) -> HTMLResponse:
    return HTMLResponse(_html(), headers={CSP: content_security_policy(settings, **POLICY)})
