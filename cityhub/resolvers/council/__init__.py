"""The neighbourhood council (邻里议事会) of 中车社区, 巨轮街道, 杏花岭区."""

from cityhub.i18n import N_
from cityhub.resolvers.registry import ResolverDomain, RoleSpec

GRID_WORKER = "grid_worker"

domain = ResolverDomain(
    name="council",
    entities=(),
    roles=(RoleSpec(GRID_WORKER, N_("网格员"), staff=True),),
)
