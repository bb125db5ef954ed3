"""The neighbourhood council (邻里议事会) of 中车社区, 巨轮街道, 杏花岭区: the area tree and
the community's organisation chain and workers, its residents and talent pool (人才库),
the case catalogue, and the community's facilities."""

from cityhub.i18n import N_
from cityhub.resolvers.registry import AccountLink, ResolverDomain, RoleSpec

GRID_WORKER = "grid_worker"
COUNCIL_REPORT = "council:report"  # a partner app relays residents' reports (Open311)


async def _link_worker(code: str, account_id: int) -> object:
    # Imported when used: the communities module imports this package for its role.
    from cityhub.resolvers.council.communities import link_account

    return await link_account(code, account_id)


domain = ResolverDomain(
    name="council",
    entities=("communities", "residents", "categories", "cases", "surveys", "facilities"),
    roles=(RoleSpec(GRID_WORKER, N_("网格员"), staff=True),),
    scopes={COUNCIL_REPORT: N_("代居民向邻里议事会反映问题（如 Open311 应用）")},
    account_links=(
        AccountLink(
            option="council-worker",
            help="Link to this community worker (e.g. zc-wanglin): a grid worker's account.",
            link=_link_worker,
        ),
    ),
)
