"""The neighbourhood council on the portal: for now, what the source published."""

from cityhub.i18n import N_
from cityhub.portal.areas import published_facts_route
from cityhub.portal.registry import Card, NavEntry, PortalDomain

TITLE = N_("邻里议事会")
LEAD = N_("杏花岭区巨轮街道中车社区邻里议事会：居民反映问题，社区吹哨，部门报到。")
COMING = N_(
    "在线反映小区问题并查看办理进度、议事会的协商与调解结果、"
    "关注案件和小区、参与问卷，以及合作系统的 Open311 接口。"
)

domain = PortalDomain(
    name="council",
    routes=(published_facts_route("/council", "council", TITLE, LEAD, COMING),),
    nav=NavEntry("/council", N_("邻里议事")),
    card=Card("/council", N_("邻里议事"), N_("社区吹哨，部门报到")),
)
