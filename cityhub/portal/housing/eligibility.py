"""The eligibility wizard: one question group per step (a page each without JavaScript, a
swap of the wizard with htmx), or every question in one plain form (?step=all); then the
explained result from checkRentEligibility and what to do next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import page_viewer, render
from cityhub.portal.client import run_query, run_query_showing_errors

# The steps, in order, with the answers each asks for (query-string names).
STEPS = (
    ("hukou", N_("户籍"), ("hukou", "hukou_since")),
    ("person", N_("年龄与人才认定"), ("birth_date", "talent")),
    ("lease", N_("租房与缴存"), ("lease", "months")),
    ("account", N_("公积金账户"), ("withdrawal", "account", "centre")),
)
ANSWERS = tuple(name for _, _, names in STEPS for name in names)
TRISTATE = {"yes": True, "no": False}
TALENTS = ("NONE", "PROVINCIAL", "CITY")
ACCOUNTS = ("NORMAL", "PLEDGED", "FROZEN", "UNDER_LOAN")
MAX_MONTHS_TEXT = 4


def answers_of(request: Request) -> dict[str, str]:
    params = request.query_params
    return {name: (params.get(name) or "").strip()[:20] for name in ANSWERS}


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def problems_of(answers: dict[str, str], upto: int) -> dict[str, str]:
    """Form messages for the answers of steps 0..upto (a message id by answer name)."""
    asked = {name for _, _, names in STEPS[: upto + 1] for name in names}
    found: dict[str, str] = {}
    if "hukou" in asked and answers["hukou"] not in TRISTATE:
        found["hukou"] = N_("请选择是否有太原市户籍")
    if "hukou_since" in asked and answers["hukou_since"] and not _date(answers["hukou_since"]):
        found["hukou_since"] = N_("请输入有效的日期，例如 2022-05-01")
    if "birth_date" in asked and not _date(answers["birth_date"]):
        found["birth_date"] = N_("请输入出生日期，例如 1995-08-16")
    months = answers["months"]
    if "months" in asked and months and not (months.isdigit() and len(months) <= MAX_MONTHS_TEXT):
        found["months"] = N_("请输入整月数，例如 6")
    return found


def declaration(answers: dict[str, str], signed_in: bool = False) -> dict[str, Any]:
    """The RentEligibilityInput for checked answers ("" means not said); signed in, the
    visitor may ask for the fund centre's and CityHub's answers instead."""
    months = answers["months"]
    return {
        "hukouInTaiyuan": TRISTATE[answers["hukou"]],
        "hukouSince": answers["hukou_since"] or None,
        "birthDate": answers["birth_date"],
        "talentRecognition": answers["talent"] if answers["talent"] in TALENTS else "NONE",
        "hasLease": TRISTATE.get(answers["lease"]),
        "consecutiveContributionMonths": int(months) if months else None,
        "otherRentWithdrawalInLease": TRISTATE.get(answers["withdrawal"]),
        "fundAccountState": answers["account"] if answers["account"] in ACCOUNTS else None,
        "useFundCentre": signed_in and answers["centre"] == "yes",
    }


def _step_index(request: Request) -> int | None:
    """The step asked for: 0-3, len(STEPS) for the result, None for one plain form."""
    text = request.query_params.get("step") or "0"
    if text == "all":
        return None
    return min(int(text), len(STEPS)) if text.isdigit() else 0


async def wizard(request: Request) -> Response:
    answers = answers_of(request)
    step = _step_index(request)
    last = len(STEPS) - 1 if step is None else min(step, len(STEPS)) - 1
    problems = problems_of(answers, last) if last >= 0 and "step" in request.query_params else {}
    first_wrong = next(
        (i for i, (_, _, names) in enumerate(STEPS) if any(n in problems for n in names)), None
    )
    if step is not None and first_wrong is not None:
        step = first_wrong  # back to the step with the problem
    signed_in = (await page_viewer(request)).account_id is not None
    result = None
    message = None
    finished = step == len(STEPS) or (step is None and "step" in request.query_params)
    if finished and not problems:
        found = await run_query_showing_errors(
            request,
            "housing/eligibility/check.graphql",
            {"input": declaration(answers, signed_in)},
            at="checkRentEligibility",
        )
        result, message = (found.data or {}).get("checkRentEligibility"), found.message
    context = {
        **await run_query(request, "housing/eligibility/labels.graphql"),
        "steps": STEPS,
        "step": step,
        "answers": answers,
        "problems": problems,
        "result": result,
        "message": message,
        "signed_in": signed_in,
    }
    bad = bool(problems or message)
    return await render(
        request,
        "housing/eligibility/index.html",
        context,
        fragment="housing/eligibility/_wizard.html",
        status_code=422 if bad else 200,
    )


routes = [Route("/housing/eligibility", wizard, name="housing_eligibility")]
