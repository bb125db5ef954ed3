"""The pinned htmx: the default CDN URL names 4.0.1 and the SRI hash matches its file."""

from __future__ import annotations

import base64
import hashlib
import json

from cityhub.settings import HTMX_DEFAULT_INTEGRITY, HTMX_DEFAULT_URL, HTMX_VERSION
from tests.browser.conftest import HTMX_FILE

PINNED = "4.0.1"


def test_the_default_url_pins_htmx_4_0_1():
    assert HTMX_VERSION == PINNED
    assert f"/htmx.org@{PINNED}/" in HTMX_DEFAULT_URL
    assert HTMX_DEFAULT_URL.startswith("https://")


def test_the_sri_hash_is_sha384_of_the_pinned_file():
    package = json.loads((HTMX_FILE.parents[1] / "package.json").read_text(encoding="utf-8"))
    digest = hashlib.sha384(HTMX_FILE.read_bytes()).digest()

    assert package["version"] == PINNED, "run `npm ci --prefix tests/js`"
    expected = "sha384-" + base64.b64encode(digest).decode()
    assert expected == HTMX_DEFAULT_INTEGRITY
