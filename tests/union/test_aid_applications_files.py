"""Invoice files: stored and served under generated names with the extension of the type
read from their bytes; the uploaded name is only shown, and a file that is not one of the
accepted types is refused before anything is written."""

from __future__ import annotations

import re

from tests.union.aid_support import (
    MEDICAL,
    PDF,
    as_member,
    as_staff,
    csrf,
    program_id,
    stored_files,
    upload,
    written,
)

APPLY = """
mutation($input: ApplyForAidInput!) {
  applyForAid(input: $input) {
    aidApplication { attachments { id filename downloadName contentType } }
    userErrors { field code }
  }
}
"""
# A PDF whose bytes also read as a web page: what a browser would run if served as .html.
POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n" + PDF[8:]
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


async def apply_with(client, files: list[tuple[str, bytes, str]]) -> dict:
    token = await csrf(client)
    variables = {"input": {"program": await program_id(client, "medical-2024"), "medical": MEDICAL}}
    body = await upload(client, variables, files, token=token, query=APPLY)
    return body["data"]["applyForAid"]


async def test_a_pdf_named_html_is_stored_and_served_as_a_pdf(client, settings):
    await as_member(client, "TYDS0001")

    payload = await apply_with(client, [("poly.html", POLYGLOT, "text/html")])
    (attachment,) = payload["aidApplication"]["attachments"]
    served = await client.get(f"/union/aid/files/{attachment['id']}")

    assert attachment["filename"] == "poly.html"  # shown as uploaded, nothing more
    assert attachment["downloadName"] == "poly.pdf"
    assert attachment["contentType"] == "application/pdf"
    (stored,) = stored_files(settings.data_dir)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name), stored.name
    assert served.status_code == 200 and served.content == POLYGLOT
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-disposition"] == (
        "attachment; filename=\"poly.pdf\"; filename*=UTF-8''poly.pdf"
    )


async def test_the_served_name_is_encoded_so_no_name_can_break_the_header(client):
    await as_member(client, "TYDS0001")
    name = '发票 "a";b%\r\nX-Evil: 1.html'

    payload = await apply_with(client, [(name, PDF, "application/pdf")])
    (attachment,) = payload["aidApplication"]["attachments"]
    await as_staff(client)
    served = await client.get(f"/union/aid/files/{attachment['id']}")

    disposition = served.headers["content-disposition"]
    assert served.status_code == 200 and "x-evil" not in served.headers
    fallback, encoded = re.fullmatch(
        r"attachment; filename=\"([^\"\\]*)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)", disposition
    ).groups()
    assert fallback.endswith(".pdf") and fallback.isascii()
    assert encoded.endswith(".pdf") and "%E5%8F%91%E7%A5%A8" in encoded  # 发票


async def test_a_web_page_named_pdf_is_refused_and_nothing_is_written(client, settings):
    await as_member(client, "TYDS0001")
    before = await written()

    payload = await apply_with(client, [("x.pdf", HTML, "application/pdf")])

    assert payload["aidApplication"] is None
    assert payload["userErrors"] == [{"field": "invoices", "code": "UNSUPPORTED_FILE_TYPE"}]
    assert await written() == before
    assert stored_files(settings.data_dir) == []
