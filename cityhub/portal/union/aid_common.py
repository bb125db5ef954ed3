"""What the aid pages share: labels for enum values, local times, amounts, the viewer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from starlette.requests import Request

from cityhub import clock
from cityhub.i18n import N_
from cityhub.resolvers.accounts import Viewer
from cityhub.sessions import session_viewer

KIND_LABELS = {"STUDENT_AID": N_("金秋助学"), "MEDICAL": N_("新业态医疗互助")}
STATE_LABELS = {
    "SUBMITTED": N_("已提交"),
    "UNDER_REVIEW": N_("审核中"),
    "APPROVED": N_("已批准"),
    "REJECTED": N_("未通过"),
    "PAID": N_("已发放"),
    "WITHDRAWN": N_("已撤回"),
}
ACTION_LABELS = {
    "submit": N_("提交申请"),
    "start_review": N_("开始审核"),
    "approve": N_("批准"),
    "reject": N_("不予通过"),
    "pay": N_("发放"),
    "withdraw": N_("撤回"),
    "note": N_("内部备注"),
}
CATEGORY_LABELS = {
    "HOSPITALISATION": N_("住院"),
    "CHRONIC_OUTPATIENT": N_("慢性病门诊"),
    "SPECIAL_DRUGS": N_("特药"),
}
CHANNEL_LABELS = {"HARDSHIP_REGISTER": N_("建档困难职工"), "NON_HARDSHIP": N_("非建档困难职工")}
RULE_LABELS = {
    "ENROLLED": N_("参加了当年的医疗互助"),
    "CATEGORY_COVERED": N_("费用类别在互助范围内"),
    "SELF_PAID_THRESHOLD": N_("自付部分达到起付标准"),
    "CHRONIC_OUTPATIENT_LIMIT": N_("慢性病门诊次数"),
}
LABELS = {
    "kind_labels": KIND_LABELS,
    "state_labels": STATE_LABELS,
    "action_labels": ACTION_LABELS,
    "category_labels": CATEGORY_LABELS,
    "channel_labels": CHANNEL_LABELS,
    "rule_labels": RULE_LABELS,
}
AMOUNT_MAX_LENGTH = 14


def shanghai(moment: str | None) -> str:
    """An API timestamp (UTC, ISO 8601) as Taiyuan wall-clock time."""
    if not moment:
        return ""
    return clock.local(datetime.fromisoformat(moment)).strftime("%Y-%m-%d %H:%M")


def with_local_times(applications: list[dict]) -> list[dict]:
    for application in applications:
        application["submittedLocal"] = shanghai(application.get("submittedAt"))
        for entry in application.get("timeline") or []:
            entry["atLocal"] = shanghai(entry["at"])
    return applications


def parse_amount(text: str) -> str | None:
    """The amount as a decimal string, or None if it is not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not cleaned or len(cleaned) > AMOUNT_MAX_LENGTH:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return str(value) if value.is_finite() else None


async def current_viewer(request: Request) -> Viewer:
    if getattr(request.state, "viewer", None) is None:
        request.state.viewer = await session_viewer(request)
    return request.state.viewer


def login_redirect_target(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")
