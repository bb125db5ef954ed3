"""Community surveys on the portal: the list, and a survey's page with its results and,
while it is open, its form (radio buttons, check boxes and text areas: a plain POST, with
each question's message beside it). A survey asks the residents of its community: one who
has not said where they live registers a compound of it first, on the same page."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, render
from cityhub.portal.client import run_query
from cityhub.portal.council.communities import compound_ids
from cityhub.portal.forms import Form, global_id_or_404, text_values

TEXT_MAX = 500
CHOICE_MAX = 40


def survey_path(survey_id: str) -> str:
    return f"/council/surveys/{survey_id}"


async def surveys(request: Request) -> Response:
    data = await run_query(request, "council/surveys/list.graphql")
    return await render(request, "council/surveys/list.html", data)


def _field(position: int) -> str:
    return f"q{position}"


def _values(form: FormData, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """What was ticked or written, by form field: lists for choices, text for the rest."""
    values: dict[str, Any] = {}
    for question in questions:
        name = _field(question["position"])
        if question["kind"] == "TEXT":
            values[name] = str(form.get(name) or "").strip()[: TEXT_MAX + 1]
        else:
            values[name] = [str(v)[:CHOICE_MAX] for v in form.getlist(name) if v][:20]
    return values


def _answers(values: dict[str, Any], questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    answers = []
    for question in questions:
        value = values[_field(question["position"])]
        if not value:
            continue
        answer: dict[str, Any] = {"question": question["id"]}
        if question["kind"] == "TEXT":
            answer["text"] = value[:TEXT_MAX]
        else:
            answer["choices"] = value
        answers.append(answer)
    return answers


def _form_field(path: str | None) -> str:
    """answers.3 (the API's field) is the form's q3; the rest is the form's own."""
    if path and path.startswith("answers."):
        return _field(int(path.removeprefix("answers.")))
    return "_"


async def _page(request: Request, survey_id: str) -> dict[str, Any]:
    data = await run_query(request, "council/surveys/detail.graphql", {"id": survey_id})
    survey = data["councilSurvey"]
    if survey is None:
        raise HTTPException(404)
    tallies = {r["question"]["position"]: r for r in survey["results"]["questions"]}
    return {
        "s": survey,
        "tallies": tallies,
        "form": {},
        "errors": {},
        "home": {},
        "home_errors": {},
    }


@csrf_protected
async def survey(request: Request) -> Response:
    survey_id = global_id_or_404(request)
    context = await _page(request, survey_id)
    if request.method == "GET":
        context["thanks"] = request.query_params.get("responded") == "1"
        return await render(request, "council/surveys/detail.html", context)
    form = await request.form()
    questions = context["s"]["questions"]
    values = _values(form, questions)
    variables = {"input": {"survey": survey_id, "answers": _answers(values, questions)}}
    result = await run_query(request, "council/surveys/respond.graphql", variables)  # signs in
    payload = result["respondToSurvey"]
    if not payload["userErrors"]:
        return RedirectResponse(survey_path(survey_id) + "?responded=1", status_code=303)
    checked = Form(values)
    checked.add_api_errors(payload["userErrors"], _form_field)
    context.update(form=values, errors=checked.errors)
    return await render(request, "council/surveys/detail.html", context, status_code=422)


@csrf_protected
async def residence(request: Request) -> Response:
    """Register the compound one lives in (of the survey's community), then back to the
    survey's form; a message beside the field when it is refused."""
    survey_id = global_id_or_404(request)
    form = await request.form()
    values = text_values(form, ("compound", "building"))
    checked = Form(values)
    community = (await _page(request, survey_id))["s"]["community"]
    if values["compound"] not in compound_ids([community]):
        checked.errors["compound"] = N_("请选择您居住的小区")
    else:
        variables = {
            "input": {"compound": values["compound"], "building": values["building"][:200] or None}
        }
        result = await run_query(request, "council/surveys/residence.graphql", variables)
        payload = result["registerResidence"]
        if not payload["userErrors"]:
            return RedirectResponse(survey_path(survey_id) + "#respond-heading", status_code=303)
        checked.add_api_errors(payload["userErrors"])
    context = await _page(request, survey_id)
    context.update(home=values, home_errors=checked.errors)
    return await render(request, "council/surveys/detail.html", context, status_code=422)


routes = [
    Route("/council/surveys", surveys, name="council_surveys"),
    Route("/council/surveys/{id}", survey, methods=["GET", "POST"], name="council_survey"),
    Route(
        "/council/surveys/{id}/residence",
        residence,
        methods=["POST"],
        name="council_survey_residence",
    ),
]
