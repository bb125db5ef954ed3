"""Subsidised rental housing on the portal: for now, what the source published."""

from cityhub.i18n import N_
from cityhub.portal.areas import published_facts_route
from cityhub.portal.registry import Card, NavEntry, PortalDomain

TITLE = N_("保障性租赁住房")
LEAD = N_("租建投安居公寓可用住房公积金直接支付房租，服务新市民、青年人和引进人才。")
COMING = N_(
    "项目与房源查询、按每一项条件说明结果的资格测算、"
    "在线申请并用住房公积金直接支付房租，以及每一步的办理进度。"
)

domain = PortalDomain(
    name="housing",
    routes=(published_facts_route("/housing", "housing", TITLE, LEAD, COMING),),
    nav=NavEntry("/housing", N_("保租房")),
    card=Card("/housing", N_("保租房"), N_("公积金直付房租")),
)
