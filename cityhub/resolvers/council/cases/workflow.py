"""The council case's workflow on the shared mechanism: received -> accepted -> in
consultation (with referrals to departments and meetings on the way) -> resolved or
mediated -> closed; the reporter may reopen a closed case within the policy's days, rate
it, or withdraw it before the work starts; the community may decline one, with a reason.

Who acts: the reporter (OWNER); the grid workers of the case's community (the relation
role COMMUNITY_WORKER, read from the actor's units or from their worker rows); the
assigned worker (ASSIGNEE). Public updates, the steps and their notes are public; a
staff note is not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.council.cases import CaseMeeting, CaseOutcome, CaseReferral, CouncilCase
from cityhub.models.council.communities import CommunityWorker
from cityhub.resolvers.council import GRID_WORKER
from cityhub.resolvers.council.cases import COMMUNITY_WORKER, SUBJECT, CaseAction, CaseState
from cityhub.resolvers.council.cases import policy as council_policy
from cityhub.resolvers.council.cases.alerts import tell_followers
from cityhub.resolvers.council.communities import worker_communities
from cityhub.resolvers.workflow import (
    ASSIGNEE,
    OWNER,
    Actor,
    Move,
    State,
    Workflow,
    transition,
)

S = CaseState
A = CaseAction
WORKERS = (COMMUNITY_WORKER, ASSIGNEE)
WORKING = (S.ACCEPTED, S.IN_CONSULTATION, S.REFERRED)


async def _relations(actor: Actor, row: dict[str, Any]) -> set[str]:
    account = actor.viewer.account_id
    if account is None:
        return set()
    held = {OWNER} if row["reporter_id"] == account else set()
    if actor.viewer.has_role(GRID_WORKER):
        units = actor.units
        if units is None:
            (units,) = await worker_communities([account])
        if row["community_id"] in units:
            held.add(COMMUNITY_WORKER)
            if row["assignee__account_id"] == account:
                held.add(ASSIGNEE)
    return held


async def _assignee(move: Move) -> dict[str, Any]:
    """The worker named in the step (of the case's community), or the one taking it."""
    wanted = move.params.get("assignee_id")
    community = move.row["community_id"]
    if wanted is not None:
        found = await CommunityWorker.filter(id=wanted, community_id=community).exists()
        if not found:
            message = N_("只能指派本社区的工作人员")
            raise Rejected(Problem("ASSIGNEE_NOT_IN_COMMUNITY", message, "assignee"))
        return {"assignee_id": wanted}
    if move.row["assignee_id"] is not None:
        return {}
    account = move.actor.viewer.account_id
    own = await CommunityWorker.filter(account_id=account, community_id=community).first()
    return {"assignee_id": own.id} if own else {}


async def _accept(move: Move) -> dict[str, Any]:
    return {"accepted_at": clock.now(), **await _assignee(move)}


async def _assign(move: Move) -> dict[str, Any]:
    if move.params.get("assignee_id") is None:
        raise Rejected(Problem("ASSIGNEE_REQUIRED", N_("请选择要指派的工作人员"), "assignee"))
    return await _assignee(move)


def _text(move: Move, key: str, field: str, message: str, most: int) -> str:
    value = str(move.params.get(key) or "").strip()
    if not value:
        raise Rejected(Problem(f"{field.upper()}_REQUIRED", message, field))
    if len(value) > most:
        raise Rejected(Problem("TOO_LONG", N_("最多 {max} 个字"), field, {"max": most}))
    return value


async def _refer(move: Move) -> dict[str, Any]:
    department = _text(move, "department", "department", N_("请填写转交的部门"), 100)
    await CaseReferral.create(
        case_id=move.row["id"], department=department, referred_at=clock.now()
    )
    return {}


async def _answer(move: Move) -> dict[str, Any]:
    """The department's answer, recorded by the community on its latest referral."""
    latest = await CaseReferral.filter(case_id=move.row["id"]).order_by("-id").first()
    assert latest is not None, "a referred case has its referral (written by refer)"
    await CaseReferral.filter(id=latest.id).update(answer=move.note, answered_at=clock.now())
    return {}


async def _meeting(move: Move) -> dict[str, Any]:
    meeting = move.params.get("meeting")
    if meeting is None:
        raise Rejected(Problem("MEETING_REQUIRED", N_("请填写议事会的时间、地点和纪要"), "meeting"))
    if meeting["held_at"] > clock.now() + dt.timedelta(days=1):
        raise Rejected(Problem("MEETING_IN_FUTURE", N_("只能记录已经召开的议事会"), "heldAt"))
    await CaseMeeting.create(case_id=move.row["id"], **meeting)
    return {}


async def _outcome(move: Move) -> dict[str, Any]:
    outcome = move.params.get("outcome")
    if outcome is None:
        raise Rejected(Problem("OUTCOME_REQUIRED", N_("请填写处理结果"), "outcome"))
    mediated = move.transition.action == A.MEDIATE
    if mediated != (outcome["kind"] == "mediation_agreement"):
        message = N_("调解结案须填写调解协议；其他结果请选择“已解决”")
        raise Rejected(Problem("OUTCOME_KIND", message, "outcome.kind"))
    now = clock.now()
    await CaseOutcome.filter(case_id=move.row["id"]).delete()  # a reopened case's old one
    await CaseOutcome.create(case_id=move.row["id"], agreed_at=now, **outcome)
    return {"resolved_at": now}


async def _close(move: Move) -> dict[str, Any]:
    days = (await council_policy())["reopen_days"]
    now = clock.now()
    return {"closed_at": now, "reopen_until": now + dt.timedelta(days=days)}


async def _reopen(move: Move) -> dict[str, Any]:
    until = move.row["reopen_until"]
    if until is None or until < clock.now():
        message = N_("已超过可以重新打开的期限")
        raise Rejected(Problem("REOPEN_EXPIRED", message, "case"))
    return {"reopened": move.row["reopened"] + 1, "closed_at": None, "reopen_until": None}


async def _rate(move: Move) -> dict[str, Any]:
    if move.row["rating"] is not None:
        raise Rejected(Problem("ALREADY_RATED", N_("您已评价过该议事"), "rating"))
    rating = move.params.get("rating")
    if rating is None:
        raise Rejected(Problem("RATING_REQUIRED", N_("请选择 1 到 5 星"), "rating"))
    return {"rating": rating, "rating_comment": move.note, "rated_at": clock.now()}


def _may_reopen(row: dict[str, Any]) -> bool:
    until = row["reopen_until"]
    return until is not None and until >= clock.now()


CASE_WORKFLOW = Workflow(
    subject=SUBJECT,
    model=CouncilCase,
    description="received -> accepted -> in consultation (referred to a department and "
    "answered, meetings) -> resolved or mediated -> closed (reopened by the reporter "
    "within the policy's days, then rated); or declined; or withdrawn.",
    states=(
        State(S.RECEIVED, N_("已受理登记")),
        State(S.ACCEPTED, N_("已接单")),
        State(S.IN_CONSULTATION, N_("协商议事中")),
        State(S.REFERRED, N_("已转交职能部门")),
        State(S.RESOLVED, N_("已解决")),
        State(S.MEDIATED, N_("已调解")),
        State(S.CLOSED, N_("已办结")),
        State(S.DECLINED, N_("不予受理"), final=True),
        State(S.WITHDRAWN, N_("已撤回"), final=True),
    ),
    initial=S.RECEIVED,
    transitions=(
        transition(A.ACCEPT, N_("接单"), [S.RECEIVED], S.ACCEPTED, [COMMUNITY_WORKER]),
        transition(A.ASSIGN, N_("指派网格员"), WORKING, None, [COMMUNITY_WORKER]),
        transition(
            A.START_CONSULTATION, N_("开始协商议事"), [S.ACCEPTED], S.IN_CONSULTATION, WORKERS
        ),
        transition(
            A.REFER,
            N_("社区吹哨，转交职能部门"),
            [S.ACCEPTED, S.IN_CONSULTATION],
            S.REFERRED,
            WORKERS,
        ),
        transition(
            A.DEPARTMENT_ANSWER,
            N_("部门报到并答复"),
            [S.REFERRED],
            S.IN_CONSULTATION,
            WORKERS,
            needs_note=True,
        ),
        transition(A.RECORD_MEETING, N_("召开议事会"), WORKING, None, WORKERS),
        transition(A.ADD_UPDATE, N_("进展公开"), WORKING, None, WORKERS, needs_note=True),
        transition(
            A.STAFF_NOTE, N_("内部备注"), list(S), None, WORKERS, public=False, needs_note=True
        ),
        transition(A.RESOLVE, N_("问题已解决"), WORKING, S.RESOLVED, WORKERS),
        transition(A.MEDIATE, N_("调解达成协议"), [S.IN_CONSULTATION], S.MEDIATED, WORKERS),
        transition(A.CLOSE, N_("办结"), [S.RESOLVED, S.MEDIATED], S.CLOSED, WORKERS),
        transition(A.REOPEN, N_("重新打开"), [S.CLOSED], S.ACCEPTED, [OWNER], needs_note=True),
        transition(A.RATE, N_("评价"), [S.CLOSED], None, [OWNER]),
        transition(
            A.DECLINE,
            N_("不予受理"),
            [S.RECEIVED, S.ACCEPTED],
            S.DECLINED,
            [COMMUNITY_WORKER],
            needs_note=True,
        ),
        transition(A.WITHDRAW, N_("撤回"), [S.RECEIVED, S.ACCEPTED], S.WITHDRAWN, [OWNER]),
    ),
    relations=_relations,
    prepare={
        A.ACCEPT: _accept,
        A.ASSIGN: _assign,
        A.REFER: _refer,
        A.DEPARTMENT_ANSWER: _answer,
        A.RECORD_MEETING: _meeting,
        A.RESOLVE: _outcome,
        A.MEDIATE: _outcome,
        A.CLOSE: _close,
        A.REOPEN: _reopen,
        A.RATE: _rate,
    },
    after={a: tell_followers for a in A if a != A.STAFF_NOTE},
    offered={A.RATE: lambda row: row["rating"] is None, A.REOPEN: _may_reopen},
)
