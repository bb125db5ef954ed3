"""The talent pool (人才库) on the portal: a resident says where they live and what they
can offer (skills, party member, graduate, technician, volunteer, when they can help,
consent to be contacted, alerts by SMS), as a plain form prefilled with what they gave
before; each refusal is a message beside its field and nothing changes."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, page_locale, render
from cityhub.portal.client import run_query
from cityhub.portal.council.communities import compound_ids
from cityhub.portal.forms import Form, text_values, too_long

PATH = "/council/talent"
TEXTS = {"building": 40, "occupation": 100, "availability": 100}
FLAGS = ("partyMember", "graduate", "technician", "volunteer", "consent", "smsAlerts")


def _given(data: dict[str, Any]) -> dict[str, Any]:
    """The form as the viewer last filled it (empty for one who never did)."""
    resident = data["viewer"]["councilResident"] or {}
    talent = resident.get("talent") or {}
    values: dict[str, Any] = {
        "compound": (resident.get("compound") or {}).get("id", ""),
        "building": resident.get("building", ""),
        "skills": list(talent.get("skills") or []),
        "smsAlerts": bool(resident.get("smsAlerts")),
    }
    for name in ("occupation", "availability"):
        values[name] = talent.get(name, "")
    for name in FLAGS[:5]:
        values[name] = bool(talent.get(name))
    return values


def _typed(form: FormData, skills: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = text_values(form, ("compound", *TEXTS))
    values["skills"] = [s for s in dict.fromkeys(map(str, form.getlist("skills"))) if s in skills]
    values.update({name: form.get(name) == "1" for name in FLAGS})
    return values


def _own_errors(values: dict[str, Any], data: dict[str, Any], locale: str) -> dict[str, str]:
    errors = too_long(values, TEXTS, locale)
    if values["compound"] not in compound_ids(data["communities"]):
        errors["compound"] = N_("请选择您居住的小区")
    return errors


def _input(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "compound": values["compound"],
        "building": values["building"],
        "skills": values["skills"],
        "occupation": values["occupation"],
        "availability": values["availability"],
        **{name: values[name] for name in FLAGS},
    }


@csrf_protected
async def talent(request: Request) -> Response:
    data = await run_query(request, "council/residents/talent.graphql")  # signs in first
    context = {**data, "form": _given(data), "errors": {}}
    if request.method == "GET":
        context["joined"] = request.query_params.get("joined") == "1"
        return await render(request, "council/residents/talent.html", context)
    values = _typed(await request.form(), data["labels"]["TalentSkill"])
    checked = Form(values, _own_errors(values, data, page_locale(request)))
    if not checked.errors:
        variables = {"input": _input(values)}
        result = await run_query(request, "council/residents/join.graphql", variables)
        payload = result["joinTalentPool"]
        if not payload["userErrors"]:
            return RedirectResponse(f"{PATH}?joined=1", status_code=303)
        checked.add_api_errors(payload["userErrors"])
    context.update(form=values, errors=checked.errors)
    return await render(request, "council/residents/talent.html", context, status_code=422)


routes = (Route(PATH, talent, methods=["GET", "POST"], name="council_talent"),)
