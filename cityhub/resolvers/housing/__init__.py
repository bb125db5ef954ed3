"""Subsidised rental housing (保障性租赁住房) paid from the housing provident fund."""

from cityhub.i18n import N_
from cityhub.resolvers.registry import Job, ResolverDomain, RoleSpec

HOUSING_OFFICER = "housing_officer"
EXPIRY_SECONDS = 60.0  # how often reservations past their time are looked for


async def _expire_reservations() -> int:
    # Imported when the job runs: the applications import this package for its role.
    from cityhub.resolvers.housing.applications.reserve import expire_reservations

    return await expire_reservations()


domain = ResolverDomain(
    name="housing",
    entities=("projects", "eligibility", "applications", "fund_accounts"),
    roles=(RoleSpec(HOUSING_OFFICER, N_("住房工作人员"), staff=True),),
    jobs=(Job("housing.expire_reservations", EXPIRY_SECONDS, _expire_reservations),),
)
