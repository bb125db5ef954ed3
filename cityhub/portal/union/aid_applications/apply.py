"""The application forms: student aid and medical claims (multipart, with invoices)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub import clock
from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, render
from cityhub.portal.client import run_query
from cityhub.portal.formatting import iso_date
from cityhub.portal.forms import Form, parse_amount, parse_year

CODE_MAX = 40
CATEGORY_MAX = 24  # MedicalAidInput.category's bound
VALUE_MAX = 200
STUDENT_FIELDS = ("childName", "school", "admissionYear", "channel")
MEDICAL_FIELDS = (
    "category",
    "selfPaidAmount",
    "treatmentStartedOn",
    "treatmentEndedOn",
    "hospital",
)
DATE_FORMAT = N_("请填写日期，格式为 2024-05-06")


def student_input(values: dict[str, str], labels: dict) -> tuple[dict[str, Any], dict[str, str]]:
    errors = {}
    admission_year = parse_year(values["admissionYear"])
    if admission_year is None:
        errors["admissionYear"] = N_("请填写四位数的入学年份")
    if values["channel"] not in labels["StudentAidChannel"]:
        errors["channel"] = N_("请选择申请渠道")
    # In place of a value the form cannot read, one the schema takes, so that its rules
    # are still checked (their message on that field gives way to the form's).
    student = {
        "childName": values["childName"],
        "school": values["school"],
        "admissionYear": admission_year or 0,
        "channel": values["channel"] if "channel" not in errors else "HARDSHIP_REGISTER",
    }
    return {"student": student}, errors


def medical_input(values: dict[str, str], labels: dict) -> tuple[dict[str, Any], dict[str, str]]:
    errors = {}
    amount = parse_amount(values["selfPaidAmount"])
    if amount is None:
        errors["selfPaidAmount"] = N_("请输入自付金额（元），例如 3000 或 3000.50")
    started, ended = iso_date(values["treatmentStartedOn"]), iso_date(values["treatmentEndedOn"])
    if started is None:
        errors["treatmentStartedOn"] = DATE_FORMAT
    if ended is None:
        errors["treatmentEndedOn"] = DATE_FORMAT
    if values["category"] not in {c["code"] for c in labels["categories"]}:
        errors["category"] = N_("请选择费用类别")
    # In place of a value the form cannot read, one the schema takes (an amount of 0, the
    # other date), so that its other rules are still checked.
    started, ended = started or ended or clock.today(), ended or started or clock.today()
    medical = {
        "category": values["category"][:CATEGORY_MAX],
        "selfPaidAmount": amount or "0",
        "treatmentStartedOn": started.isoformat(),
        "treatmentEndedOn": ended.isoformat(),
        "hospital": values["hospital"],
    }
    return {"medical": medical}, errors


def uploaded_files(form: FormData) -> list[UploadFile]:
    """The chosen files; a file input left empty still sends a part with no name."""
    return [f for f in form.getlist("invoices") if isinstance(f, UploadFile) and f.filename]


def field_of(path: str | None) -> str:
    """A userError's field (medical.selfPaidAmount) as the form names it (selfPaidAmount)."""
    name = (path or "").rsplit(".", 1)[-1]
    return name if name in STUDENT_FIELDS + MEDICAL_FIELDS + ("invoices",) else "_"


async def _page(request: Request) -> dict:
    """The form's page data (the document asks for `me`: others sign in first)."""
    code = request.path_params["code"][:CODE_MAX]
    data = await run_query(request, "union/aid_applications/apply.graphql", {"code": code})
    if data["aidProgram"] is None:
        raise HTTPException(404)
    return {**data, "form": {}, "errors": {}}


async def _submit(request: Request, context: dict) -> Response:
    form = await request.form()
    program = context["aidProgram"]
    student = program["kind"] == "STUDENT_AID"
    fields = STUDENT_FIELDS if student else MEDICAL_FIELDS
    values = {name: str(form.get(name) or "").strip()[:VALUE_MAX] for name in fields}
    choices = {**context["labels"], "categories": program["coveredCategories"] or []}
    details, errors = (student_input if student else medical_input)(values, choices)
    context["form"] = values
    # The schema's rules are checked even when the form has its own messages (then only
    # checked: validateOnly), so one submission shows every problem.
    variables = {
        "input": {
            "program": program["id"],
            **details,
            "invoices": uploaded_files(form),
            "validateOnly": bool(errors),
        }
    }
    result = await run_query(request, "union/aid_applications/apply_mutation.graphql", variables)
    payload = result["applyForAid"]
    if errors or payload["userErrors"]:
        checked = Form(values, errors)
        checked.add_api_errors(payload["userErrors"], field_of)
        context["errors"] = checked.errors
        return await render(request, "union/aid_applications/apply.html", context, status_code=422)
    reference = payload["aidApplication"]["reference"]
    return RedirectResponse(f"/union/aid/mine?applied={reference}", status_code=303)


@csrf_protected
async def apply(request: Request) -> Response:
    context = await _page(request)
    if request.method == "GET":
        return await render(request, "union/aid_applications/apply.html", context)
    if context["viewer"]["member"] is None:
        return await render(request, "union/aid_applications/apply.html", context, status_code=403)
    return await _submit(request, context)


routes = [Route("/union/aid/{code}/apply", apply, methods=["GET", "POST"], name="aid_apply")]
