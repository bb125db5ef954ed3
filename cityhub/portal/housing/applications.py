"""Rental applications on the portal: reserving a unit from its project's page, the
applicant's application page (where it is in the eight steps, what to do next, its
timeline), the applicant's list, and the housing officers' queue."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cityhub.i18n import N_
from cityhub.portal.base import csrf_protected, page_viewer, render
from cityhub.portal.client import enum_labels, run_query
from cityhub.portal.forms import global_id_or_404, is_global_id

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
DONE = {"RESERVED": 1, "LEASED": 2, "FUND_CHOSEN": 3, "VERIFIED": 4, "SELF_PAY": 2}
STEP_DOCUMENTS = {
    "SIGN_LEASE": "housing/applications/sign.graphql",
    "CHOOSE_FUND": "housing/applications/choose.graphql",
    "CHOOSE_SELF": "housing/applications/choose.graphql",
    "WITHDRAW": "housing/applications/withdraw.graphql",
    "VERIFY_ACCOUNT": "housing/applications/verify.graphql",
}
REASON_MAX = 2000


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
        "error": error,
    }
    return await render(request, "housing/applications/detail.html", context, status_code=status)


@csrf_protected
async def step(request: Request) -> Response:
    application_id = global_id_or_404(request)
    form = await request.form()
    action = str(form.get("action") or "").upper()
    if action not in STEP_DOCUMENTS:
        return await application(request, N_("未知操作"), 422)
    variables: dict = {"application": application_id}
    if action in ("CHOOSE_FUND", "CHOOSE_SELF"):
        variables["method"] = "FUND" if action == "CHOOSE_FUND" else "SELF"
    if action == "WITHDRAW":
        variables["reason"] = str(form.get("reason") or "")[:REASON_MAX]
    result = await run_query(request, STEP_DOCUMENTS[action], {"input": variables})
    payload = next(iter(result.values()))
    if payload["userErrors"]:
        return await application(request, payload["userErrors"][0]["message"], 422)
    return RedirectResponse(f"/housing/applications/{application_id}", status_code=303)


async def mine(request: Request) -> Response:
    data = await run_query(request, "housing/applications/mine.graphql")
    return await render(request, "housing/applications/mine.html", data)


async def queue(request: Request) -> Response:
    labels = await enum_labels(request, "RentalApplicationState")
    state = (request.query_params.get("state") or "").upper()
    chosen = state if state in labels["RentalApplicationState"] else None
    data = await run_query(request, "housing/applications/queue.graphql", {"state": chosen})
    return await render(request, "housing/applications/queue.html", {**data, "state": chosen})


routes = [
    Route("/housing/units/{unit}/reserve", reserve, methods=["POST"], name="housing_reserve"),
    Route("/housing/applications", mine, name="housing_applications"),
    Route("/housing/applications/{id}", application, name="housing_application"),
    Route(
        "/housing/applications/{id}/step", step, methods=["POST"], name="housing_application_step"
    ),
    Route("/housing/queue", queue, name="housing_queue"),
]
