"""Open311 answers in the two formats GeoReport v2 names: JSON, and XML shaped as the
spec shows it (a list is an element of the list's name holding one element per item:
<services><service>…, <service_requests><request>…, <errors><error>…)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from starlette.responses import Response

FORMATS = {"json": "application/json", "xml": "text/xml"}
# Each list's items, by the list's element name.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    """A request refused: the status, and its errors as (code, description) pairs."""

    def __init__(
        self, status: int, *descriptions: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.errors = [{"code": status, "description": d} for d in descriptions]
        self.headers = headers or {}


def bad_request(*descriptions: str) -> Open311Error:
    return Open311Error(400, *descriptions)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _fill(ET.SubElement(element, key), inner)
    elif isinstance(value, list):
        item = ITEMS.get(element.tag, "item")
        for inner in value:
            _fill(ET.SubElement(element, item), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, data: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def answer(fmt: str, root: str, data: Any, status: int = 200) -> Response:
    """``data`` as JSON, or as XML under ``root`` (services, service_requests, ...)."""
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    media_type = f"{FORMATS.get(fmt, FORMATS['json'])}; charset=utf-8"
    return Response(body, status_code=status, headers={"Content-Type": media_type})


def refusal(fmt: str, error: Open311Error) -> Response:
    response = answer(fmt, "errors", error.errors, error.status)
    response.headers.update(error.headers)
    return response
