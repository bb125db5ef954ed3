"""Staff check the applicant's fund account with the fund centre (step 4 of 8).

The centre is asked before the move's transaction (an outside call never holds one open).
Its answer is judged with the published rules (the contribution months and the account
flags, `resolvers.housing.eligibility`); a refusal, or a centre that does not answer,
leaves the application where it was, to be checked again.
"""

from __future__ import annotations

from typing import Any

from cityhub import clock
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.resolvers import workflow
from cityhub.resolvers.accounts import Viewer
from cityhub.resolvers.housing import eligibility as rules
from cityhub.resolvers.housing.applications import application_now
from cityhub.resolvers.housing.applications.reserve import visible_application
from cityhub.resolvers.housing.applications.workflow import RENT_WORKFLOW, A
from cityhub.resolvers.housing.fund_accounts import (
    FundCentre,
    FundCentreUnavailable,
    check_account,
)
from cityhub.resolvers.housing.fund_accounts.simulator import judged


async def verify_account(
    viewer: Viewer, application_id: int | None, centre: FundCentre
) -> dict[str, Any]:
    row = await visible_application(viewer, application_id)
    actor = workflow.Actor(viewer, workflow.Channel.IN_PERSON)
    roles = await workflow.roles_of(RENT_WORKFLOW, actor, row)
    RENT_WORKFLOW.check(row["state"], roles, A.VERIFY_ACCOUNT)  # before asking the centre
    try:
        answer = await check_account(centre, row["applicant_id"], clock.today())
    except FundCentreUnavailable:
        message = N_("公积金中心暂时无法应答，申请保持不变，请稍后再查验")
        raise Rejected(Problem("FUND_CENTRE_UNAVAILABLE", message, "application")) from None
    if not answer.found:
        message = N_("公积金中心没有该申请人的账户")
        raise Rejected(Problem("NO_FUND_ACCOUNT", message, "application"))
    results = judged(answer, await rules.current_policy())
    failed = [r for r in results if r.status != rules.Status.MET]
    if failed:
        raise Rejected(
            *(
                Problem("ACCOUNT_NOT_ELIGIBLE", r.reason.message, "application", r.reason.params)
                for r in failed
            )
        )
    source = "公积金中心（模拟）" if answer.simulated else "公积金中心"
    note = f"{source}查验通过：连续足额缴存 {answer.consecutive_months} 个月，账户正常"
    await workflow.take(RENT_WORKFLOW, row, A.VERIFY_ACCOUNT, actor, note=note)
    return await application_now(row["id"])
