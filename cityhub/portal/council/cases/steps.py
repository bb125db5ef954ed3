"""A case's steps as plain forms (one endpoint, the step in `action`), and following a
case; a refused step is said beside its form on the case's page and nothing changes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub import clock
from cityhub.i18n import N_, translate
from cityhub.portal.base import csrf_protected, page_locale
from cityhub.portal.client import enum_labels, run_query
from cityhub.portal.council.cases import case_path, show_case
from cityhub.portal.forms import global_id_or_404, is_global_id, parse_amount

NOTE_MAX, NAME_MAX, LIST_MAX, ID_MAX = 2000, 100, 20, 200
SEPARATORS = re.compile(r"[,，、;；\n]+")
UPDATES = ("ADD_UPDATE", "STAFF_NOTE")  # the steps that may carry photos


def _text(form: FormData, name: str, most: int) -> str:
    return str(form.get(name) or "").strip()[:most]


def _names(form: FormData, name: str) -> list[str]:
    """A typed list ("居民代表，物业") as its items."""
    items = SEPARATORS.split(str(form.get(name) or ""))
    return [item.strip()[:NAME_MAX] for item in items if item.strip()][:LIST_MAX]


def _held_at(text: str) -> str | None:
    """A datetime-local value (Taiyuan's clock) as an ISO moment, or None."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.SHANGHAI)
    return moment.isoformat()


def _meeting(form: FormData) -> dict[str, Any] | str:
    held_at = _held_at(str(form.get("heldAt") or ""))
    if held_at is None:
        return N_("请填写议事会的召开时间")
    return {
        "heldAt": held_at,
        "place": _text(form, "place", NAME_MAX),
        "minutes": _text(form, "minutes", NOTE_MAX),
        "attendees": _names(form, "attendees"),
    }


def _outcome(form: FormData, kinds: dict[str, str]) -> dict[str, Any] | str:
    kind = str(form.get("kind") or "").upper()
    if kind not in kinds:
        return N_("请选择处理结果")
    outcome: dict[str, Any] = {
        "kind": kind,
        "summary": _text(form, "summary", NOTE_MAX),
        "parties": _names(form, "parties"),
        "settlementPayer": _text(form, "settlementPayer", NAME_MAX),
    }
    typed = _text(form, "settlementAmount", 20)
    if typed:
        amount = parse_amount(typed)
        if amount is None:
            return N_("请输入正确的金额")
        outcome["settlementAmount"] = amount
    return outcome


def _rating(form: FormData) -> int | None:
    typed = str(form.get("rating") or "")
    return int(typed) if typed in ("1", "2", "3", "4", "5") else None


def move_input(form: FormData, case_id: str, labels: dict) -> dict[str, Any] | str:
    """`MoveCouncilCaseInput` from a step's form, or the message the form shows instead."""
    action = str(form.get("action") or "").upper()
    if action not in labels["CouncilCaseAction"]:
        return N_("未知操作")
    note = _text(form, "note", NOTE_MAX)
    move: dict[str, Any] = {"case": case_id, "action": action, "note": note}
    if action == "REFER":
        move["department"] = _text(form, "department", NAME_MAX)
    elif action == "ASSIGN":
        assignee = _text(form, "assignee", ID_MAX)
        if not is_global_id(assignee):
            return N_("请选择要指派的工作人员")
        move["assignee"] = assignee
    elif action == "RATE":
        move["rating"] = _rating(form)
    elif action == "RECORD_MEETING":
        move["meeting"] = _meeting(form)
    elif action in ("RESOLVE", "MEDIATE"):
        move["outcome"] = _outcome(form, labels["CaseOutcomeKind"])
    for part in ("meeting", "outcome"):
        if isinstance(move.get(part), str):
            return move[part]  # the form could not read it
    return move


async def _take(request: Request, form: FormData, move: dict[str, Any]) -> list[dict]:
    """The step's userErrors: an update or a staff note with its photos (addCaseUpdate),
    any other step by moveCouncilCase."""
    if move["action"] not in UPDATES:
        result = await run_query(request, "council/cases/move.graphql", {"input": move})
        return list(result["moveCouncilCase"]["userErrors"])
    photos = [f for f in form.getlist("photos") if isinstance(f, UploadFile) and f.filename]
    update = {"case": move["case"], "note": move["note"], "photos": photos}
    update["public"] = move["action"] == "ADD_UPDATE"
    result = await run_query(request, "council/cases/update.graphql", {"input": update})
    return list(result["addCaseUpdate"]["userErrors"])


@csrf_protected
async def act(request: Request) -> Response:
    case_id = global_id_or_404(request)
    form = await request.form()
    labels = await enum_labels(request, "CouncilCaseAction", "CaseOutcomeKind")
    move = move_input(form, case_id, labels)
    action = str(form.get("action") or "").upper()
    if isinstance(move, str):
        message = translate(page_locale(request), move)
        return await show_case(request, case_id, error=message, failed=action, status_code=422)
    errors = await _take(request, form, move)
    if errors:
        message = errors[0]["message"]
        return await show_case(request, case_id, error=message, failed=action, status_code=422)
    return RedirectResponse(case_path(case_id), status_code=303)


@csrf_protected
async def follow(request: Request) -> Response:
    case_id = global_id_or_404(request)
    form = await request.form()
    variables = {"case": case_id, "follow": form.get("follow") != "0"}
    result = await run_query(request, "council/cases/follow.graphql", variables)  # signs in
    errors = (result.get("follow") or result["unfollow"])["userErrors"]
    if errors:
        return await show_case(request, case_id, error=errors[0]["message"], status_code=422)
    return RedirectResponse(case_path(case_id), status_code=303)


routes = [
    Route("/council/cases/{id}/act", act, methods=["POST"], name="council_case_act"),
    Route("/council/cases/{id}/follow", follow, methods=["POST"], name="council_case_follow"),
]
