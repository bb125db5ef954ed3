"""Subsidised rental housing (保障性租赁住房) paid from the housing provident fund."""

from cityhub.i18n import N_
from cityhub.resolvers.registry import Job, ResolverDomain, RoleSpec

HOUSING_OFFICER = "housing_officer"
EXPIRY_SECONDS = 60.0  # how often reservations past their time are looked for
DELIVERY_SECONDS = 15.0  # how often submissions due to the fund centre are sent
FUND_CENTRE_SCOPE = "housing:fund_centre"


async def _expire_reservations() -> int:
    # Imported when the job runs: the applications import this package for its role.
    from cityhub.resolvers.housing.applications.reserve import expire_reservations

    return await expire_reservations()


async def _deliver_submissions() -> int:
    from cityhub.resolvers.housing.applications.centre import deliver_due
    from cityhub.resolvers.housing.fund_accounts.centres import centre_named
    from cityhub.settings import load_settings

    settings = load_settings()
    return await deliver_due(centre_named(settings.fund_centre), settings.fund_centre_retry_seconds)


domain = ResolverDomain(
    name="housing",
    entities=("projects", "eligibility", "applications", "fund_accounts"),
    roles=(RoleSpec(HOUSING_OFFICER, N_("住房工作人员"), staff=True),),
    scopes={
        FUND_CENTRE_SCOPE: N_("住房公积金中心：回复租房提取申请的校验结果"),
    },
    jobs=(
        Job("housing.expire_reservations", EXPIRY_SECONDS, _expire_reservations),
        Job("housing.fund_centre_submissions", DELIVERY_SECONDS, _deliver_submissions),
    ),
)
