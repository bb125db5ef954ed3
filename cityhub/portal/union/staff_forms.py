"""The staff dashboard's forms: a broadcast to compose and a consultation to log, read
from form data into GraphQL input; what the visitor typed comes back with messages."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from strawberry.relay import GlobalID
from strawberry.relay.types import GlobalIDValueError

from cityhub import clock
from cityhub.i18n import N_
from cityhub.portal.base import field_errors

KINDS = ("ALL_ACTIVE", "PROGRAM_ENROLLED", "FLEET", "STATION_VISITORS")
CHANNELS = ("HOTLINE", "SMS", "WECHAT", "WALK_IN")
TOPICS = ("MEDICAL_AID", "STUDENT_AID", "RIGHTS", "STATION", "MEMBERSHIP", "OTHER")
# The form field each segment kind reads; the others on the page are ignored for it.
KIND_FIELDS = {
    "ALL_ACTIVE": (),
    "PROGRAM_ENROLLED": ("program",),
    "FLEET": ("fleet",),
    "STATION_VISITORS": ("station", "since"),
}
COMPOSE_FIELDS = ("kind", "program", "fleet", "station", "since", "text", "request_key")
LOG_FIELDS = ("channel", "topic", "at", "note")
# userError fields of the API, as the form's field names.
API_FIELDS = {
    "segment.program": "program",
    "segment.fleet": "fleet",
    "segment.station": "station",
    "segment.since": "since",
    "segment": "kind",
    "requestKey": "_",
}


@dataclass
class Form:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)

    def add_api_errors(self, user_errors: list[dict]) -> None:
        found = field_errors(user_errors, lambda path: API_FIELDS.get(path or "_", path or "_"))
        for name, message in found.items():
            self.errors.setdefault(name, message)


def _values(data: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    return {name: str(data.get(name) or "").strip() for name in names}


def new_compose(data: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The compose form's values, with a fresh request key when it has none."""
    values = _values(data or {}, COMPOSE_FIELDS)
    values["kind"] = values["kind"] if values["kind"] in KINDS else "ALL_ACTIVE"
    values["request_key"] = values["request_key"] or secrets.token_urlsafe(16)
    return values


def _global_id(text: str) -> bool:
    try:
        GlobalID.from_id(text)
    except GlobalIDValueError:
        return False
    return True


def segment_form(data: Mapping[str, Any]) -> Form:
    """The segment part of the compose form as `BroadcastSegmentInput`."""
    form = Form(values=new_compose(data))
    kind = form.values["kind"]
    if str(data.get("kind") or "").strip() != kind:  # a hand-edited kind must not mean all
        form.errors["kind"] = N_("请选择发给谁")
    segment: dict[str, Any] = {"kind": kind}
    for name in KIND_FIELDS[kind]:
        value = form.values[name]
        if not value:
            form.errors[name] = N_("请选择此人群所需的条件")
        elif name in ("program", "station") and not _global_id(value):
            form.errors[name] = N_("请从列表中选择")
        elif name == "since":
            try:
                segment[name] = date.fromisoformat(value).isoformat()
            except ValueError:
                form.errors[name] = N_("日期格式应为 2024-04-30")
        else:
            segment[name] = value
    form.variables = {"segment": segment}
    return form


def compose_form(data: Mapping[str, Any]) -> Form:
    """The whole compose form as `SendBroadcastInput`."""
    form = segment_form(data)
    if not form.values["text"]:
        form.errors["text"] = N_("请填写短信内容")
    form.variables = {
        "input": {
            "text": form.values["text"],
            "segment": form.variables["segment"],
            "requestKey": form.values["request_key"],
        }
    }
    return form


def _local_time(text: str) -> datetime:
    """A datetime-local value ("2024-04-30T14:25") on Taiyuan's clock."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.SHANGHAI)
    return moment


def log_form(data: Mapping[str, Any]) -> Form:
    """The consultation form as `LogConsultationInput`."""
    form = Form(values=_values(data, LOG_FIELDS))
    values = form.values
    logged: dict[str, Any] = {"note": values["note"]}
    for name, allowed in (("channel", CHANNELS), ("topic", TOPICS)):
        if values[name] in allowed:
            logged[name] = values[name]
        else:
            form.errors[name] = N_("请从列表中选择")
    if values["at"]:
        try:
            logged["at"] = _local_time(values["at"]).isoformat()
        except ValueError:
            form.errors["at"] = N_("时间格式应为 2024-04-30 14:25")
    form.variables = {"input": logged}
    return form
