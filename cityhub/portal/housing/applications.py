"""Rental applications on the portal: reserving a unit from its project's page, the
applicant's application page (where it is in the eight steps, what to do next, its
timeline), the applicant's list, and the housing officers' queue."""

from __future__ import annotations

import re
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, page_viewer, render
from cityhub.portal.client import enum_labels, run_query
from cityhub.portal.files import serve_stored
from cityhub.portal.formatting import local_time
from cityhub.portal.forms import global_id_or_404, is_global_id, same_site

# The source's eight steps, and how many of them each state has done.
STEPS = (
    N_("线上选房并预订"),
    N_("签订《房屋租赁合同》"),
    N_("选择“公积金支付”房租"),
    N_("工作人员查验公积金账户"),
    N_("签署《住房公积金个人信息查询提取授权书》并上传资料"),
    N_("工作人员实时提交公积金中心"),
    N_("公积金中心校验提取条件"),
    N_("房租一次性划转至租建投公司账户"),
)
DONE = {
    "RESERVED": 1,
    "LEASED": 2,
    "FUND_CHOSEN": 3,
    "VERIFIED": 4,
    "AUTHORIZED": 5,
    "SUBMITTED": 6,
    "APPROVED": 7,
    "REJECTED": 6,
    "PAID": 8,
    "SELF_PAY": 2,
}
IN_PROGRESS = ("RESERVED", "LEASED", "FUND_CHOSEN", "VERIFIED", "AUTHORIZED", "SUBMITTED")
STEP_DOCUMENTS = {
    "SIGN_LEASE": "housing/applications/sign.graphql",
    "CHOOSE_FUND": "housing/applications/choose.graphql",
    "CHOOSE_SELF": "housing/applications/choose.graphql",
    "WITHDRAW": "housing/applications/withdraw.graphql",
    "VERIFY_ACCOUNT": "housing/applications/verify.graphql",
    "SIGN_AUTHORIZATION": "housing/applications/authorize.graphql",
    "UPLOAD_DOCUMENT": "housing/applications/upload.graphql",
    "SUBMIT_TO_CENTRE": "housing/applications/submit.graphql",
    "RETRY_SUBMISSION": "housing/applications/submit.graphql",
    "TRANSFER_RENT": "housing/applications/transfer.graphql",
}
REASON_MAX = 2000
# The steps an officer takes straight from the queue (the rest need the application page).
QUICK_ACTIONS = ("VERIFY_ACCOUNT", "SUBMIT_TO_CENTRE", "RETRY_SUBMISSION")
MONTH = re.compile(r"(\d{4})-(\d{2})")


def _login(next_path: str) -> RedirectResponse:
    return RedirectResponse(f"/login?next={next_path}", status_code=303)


@csrf_protected
async def reserve(request: Request) -> Response:
    unit = global_id_or_404(request, "unit")
    form = await request.form()
    project = str(form.get("project") or "")
    back = f"/housing/projects/{project}" if is_global_id(project) else "/housing"
    if (await page_viewer(request)).account_id is None:
        return _login(back)
    result = await run_query(
        request, "housing/applications/reserve.graphql", {"input": {"unit": unit}}
    )
    payload = result["reserveUnit"]
    if payload["userErrors"]:
        target = f"{back}?reserve_error={payload['userErrors'][0]['code']}"
        return RedirectResponse(target, status_code=303)
    return RedirectResponse(f"/housing/applications/{payload['application']['id']}", 303)


def next_period(found: dict[str, Any]) -> str:
    """The month a transfer form offers first: after the last one transferred, else the
    month the lease was signed (Taiyuan time); YYYY-MM."""
    if found["transfers"]:
        last = found["transfers"][-1]
        year, month = int(last["periodStart"][:4]), int(last["periodStart"][5:7])
        index = year * 12 + month - 1 + last["months"]
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    signed = found["leaseSignedAt"]
    return local_time(signed, "%Y-%m") if signed else ""


async def application(request: Request, error: str | None = None, status: int = 200) -> Response:
    data = await run_query(
        request, "housing/applications/detail.graphql", {"id": global_id_or_404(request)}
    )
    found = data["node"]
    if not found:
        raise HTTPException(404)
    context = {
        **data,
        "a": found,
        "steps": STEPS,
        "done": DONE.get(found["state"], 0),
        "in_progress": IN_PROGRESS,
        "next_period": next_period(found),
        "error": error,
    }
    return await render(request, "housing/applications/detail.html", context, status_code=status)


def _transfer_variables(form: FormData) -> dict[str, Any] | str:
    """The period from the form's month (YYYY-MM) and months; a message when unreadable."""
    match = MONTH.fullmatch(str(form.get("period") or "").strip())
    months = str(form.get("months") or "").strip()
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) <= 1900:
        return N_("请按“年-月”填写起始月份，如 2025-01")
    if not months.isdigit() or len(months) > 3:
        return N_("请填写划转的月数")
    return {"periodStart": f"{match.group(1)}-{match.group(2)}-01", "months": int(months)}


def _step_variables(action: str, form: FormData) -> dict[str, Any] | str:
    """The mutation's input from the form, or the message the form shows instead."""
    if action in ("CHOOSE_FUND", "CHOOSE_SELF"):
        return {"method": "FUND" if action == "CHOOSE_FUND" else "SELF"}
    if action == "WITHDRAW":
        return {"reason": str(form.get("reason") or "")[:REASON_MAX]}
    if action == "SIGN_AUTHORIZATION" and form.get("consent") != "yes":
        return N_("请先阅读并勾选同意授权书")
    if action == "UPLOAD_DOCUMENT":
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return N_("请选择要上传的文件")
        return {"kind": str(form.get("kind") or "OTHER").upper()[:16], "file": upload}
    if action == "TRANSFER_RENT":
        return _transfer_variables(form)
    return {}


@csrf_protected
async def step(request: Request) -> Response:
    application_id = global_id_or_404(request)
    form = await request.form()
    action = str(form.get("action") or "").upper()
    if action not in STEP_DOCUMENTS:
        return await application(request, N_("未知操作"), 422)
    variables = _step_variables(action, form)
    if isinstance(variables, str):
        return await application(request, variables, 422)
    if action == "UPLOAD_DOCUMENT":
        kinds = await enum_labels(request, "RentDocumentKind")
        if variables["kind"] not in kinds["RentDocumentKind"]:
            return await application(request, N_("请选择资料类型"), 422)
    variables["application"] = application_id
    result = await run_query(request, STEP_DOCUMENTS[action], {"input": variables})
    payload = next(iter(result.values()))
    if payload["userErrors"]:
        return await application(request, payload["userErrors"][0]["message"], 422)
    back = same_site(str(form.get("next") or ""), f"/housing/applications/{application_id}")
    return RedirectResponse(back, status_code=303)


async def document(request: Request) -> Response:
    """A document, for its applicant and housing officers only (null for anyone else)."""
    data = await run_query(
        request, "housing/applications/document.graphql", {"id": global_id_or_404(request)}
    )
    return serve_stored(request, data["node"])


async def mine(request: Request) -> Response:
    data = await run_query(request, "housing/applications/mine.graphql")
    return await render(request, "housing/applications/mine.html", data)


async def queue(request: Request) -> Response:
    labels = await enum_labels(request, "RentalApplicationState")
    state = (request.query_params.get("state") or "").upper()
    chosen = state if state in labels["RentalApplicationState"] else None
    data = await run_query(request, "housing/applications/queue.graphql", {"state": chosen})
    context = {**data, "state": chosen, "quick_actions": QUICK_ACTIONS}
    return await render(request, "housing/applications/queue.html", context)


routes = [
    Route("/housing/units/{unit}/reserve", reserve, methods=["POST"], name="housing_reserve"),
    Route("/housing/applications", mine, name="housing_applications"),
    Route("/housing/applications/{id}", application, name="housing_application"),
    Route(
        "/housing/applications/{id}/step", step, methods=["POST"], name="housing_application_step"
    ),
    Route("/housing/documents/{id}", document, name="housing_document"),
    Route("/housing/queue", queue, name="housing_queue"),
]
