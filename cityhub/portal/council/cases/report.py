"""Reporting a case: the form (multipart, with photos and the category's own fields), its
messages beside their fields, and the cases like what is being written, as an htmx
fragment beside the form or as a page of their own."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, page_locale, render
from cityhub.portal.client import run_query
from cityhub.portal.council.cases import case_path
from cityhub.portal.council.communities import compound_ids
from cityhub.portal.forms import Form, is_global_id, text_values, too_long

TEXT_FIELDS = ("category", "compound", "title", "description", "address")
# SubmitCouncilCaseInput's bounds: longer text is said on the form, never sent.
MOST = {"title": 60, "description": 2000, "address": 200}
ID_MAX = 100
ATTRIBUTE_MAX = 500
SIMILAR_MAX = 2000


def attribute_name(category: dict[str, Any], code: str) -> str:
    """The form's name for one of a category's own fields."""
    return f"attr-{category['code']}-{code}"


def _values(source: Any, categories: list[dict]) -> dict[str, Any]:
    """What was typed (form or query), the category fields' values among it."""
    values: dict[str, Any] = text_values(source, TEXT_FIELDS)
    getlist = getattr(source, "getlist", None)
    for category in categories:
        for attribute in category["attributes"]:
            name = attribute_name(category, attribute["code"])
            if attribute["datatype"] == "multivaluelist" and getlist:
                values[name] = [str(v)[:ATTRIBUTE_MAX] for v in getlist(name) if v]
            else:
                values[name] = str(source.get(name) or "").strip()[:ATTRIBUTE_MAX]
    return values


async def _page(request: Request) -> dict[str, Any]:
    data = await run_query(request, "council/cases/new.graphql")  # me: sign in first
    return {**data, "errors": {}, "form": _values(request.query_params, data["caseCategories"])}


def _own_errors(values: dict[str, Any], context: dict[str, Any], locale: str) -> dict[str, str]:
    """What the form itself refuses: a choice not on offer, text past its bound."""
    errors = too_long(values, MOST, locale)
    if values["category"] not in {k["id"] for k in context["caseCategories"]}:
        errors["category"] = N_("请选择事项类别")
    if values["compound"] not in compound_ids(context["communities"]):
        errors["compound"] = N_("请选择小区")
    return errors


def _attributes(values: dict[str, Any], category: dict[str, Any]) -> list[dict[str, Any]]:
    chosen = []
    for attribute in category["attributes"]:
        value = values[attribute_name(category, attribute["code"])]
        if value:
            listed = value if isinstance(value, list) else [value]
            chosen.append({"code": attribute["code"], "values": listed})
    return chosen


def _photos(form: FormData) -> list[UploadFile]:
    """The photos chosen; a file input left empty still sends a part with no name."""
    return [f for f in form.getlist("photos") if isinstance(f, UploadFile) and f.filename]


def _report_input(values: dict[str, Any], form: FormData, category: dict) -> dict[str, Any]:
    return {
        **{name: values[name] for name in TEXT_FIELDS},
        "attributes": _attributes(values, category),
        "anonymous": form.get("anonymous") == "1",
        "isPublic": form.get("public") == "1",
        "photos": _photos(form),
    }


def _field_of(category: dict[str, Any] | None):
    def field(path: str | None) -> str:
        if path and path.startswith("attributes.") and category:
            return attribute_name(category, path.removeprefix("attributes."))
        return path if path in TEXT_FIELDS or path == "photos" else "_"

    return field


async def _submit(request: Request, context: dict[str, Any]) -> Response:
    form = await request.form()
    values = _values(form, context["caseCategories"])
    values.update(anonymous=form.get("anonymous") == "1", public=form.get("public") == "1")
    context["form"] = values
    if form.get("check") == "1":  # without JavaScript: the suggestions, nothing sent
        context.update(similar=await similar_to(request, form), checked_similar=True)
        context["photos_lost"] = bool(_photos(form))
        return await render(request, "council/cases/new.html", context)
    checked = Form(values, _own_errors(values, context, page_locale(request)))
    category = next((k for k in context["caseCategories"] if k["id"] == values["category"]), None)
    if not checked.errors and category:
        variables = {"input": _report_input(values, form, category)}
        result = await run_query(request, "council/cases/report.graphql", variables)
        payload = result["submitCouncilCase"]
        if not payload["userErrors"]:
            target = case_path(payload["councilCase"]["id"]) + "?reported=1"
            return RedirectResponse(target, status_code=303)
        checked.add_api_errors(payload["userErrors"], _field_of(category))
    context["errors"] = checked.errors
    context["photos_lost"] = bool(_photos(form))
    return await render(request, "council/cases/new.html", context, status_code=422)


@csrf_protected
async def new_case(request: Request) -> Response:
    context = await _page(request)
    if request.method == "GET":
        context["form"]["public"] = True
        return await render(request, "council/cases/new.html", context)
    return await _submit(request, context)


async def similar_to(request: Request, params: Any) -> list[dict[str, Any]]:
    """The cases like the title and account typed in ``params``, in the compound chosen
    (and its category, if chosen)."""
    compound = str(params.get("compound") or "")[:ID_MAX]
    text = f"{params.get('title') or ''}\n{params.get('description') or ''}".strip()
    if not (is_global_id(compound) and text):
        return []
    category = str(params.get("category") or "")[:ID_MAX]
    variables: dict[str, str | None] = {"compound": compound, "text": text[:SIMILAR_MAX]}
    variables["category"] = category if is_global_id(category) else None
    data = await run_query(request, "council/cases/similar.graphql", variables)
    return list(data["similarCases"])


async def similar(request: Request) -> Response:
    """The form's suggestions (htmx), or a page with a link back to the form."""
    params = request.query_params
    text = f"{params.get('title') or ''}{params.get('description') or ''}".strip()
    context = {"similar": await similar_to(request, params), "asked": bool(text)}
    return await render(
        request, "council/cases/similar.html", context, fragment="council/cases/_similar.html"
    )


routes = [
    Route("/council/cases/new", new_case, methods=["GET", "POST"], name="council_case_new"),
    Route("/council/cases/similar", similar, name="council_case_similar"),
]
