"""City events and notices on the portal: for now, a landing page."""

from cityhub.i18n import N_
from cityhub.portal.areas import published_facts_route
from cityhub.portal.registry import Card, NavEntry, PortalDomain

TITLE = N_("活动与公告")
LEAD = N_("城市活动、报名时间和公告。")
COMING = N_("活动、报名和公告的查询，报名时间按太原时间标明起止，并可加入日历。")

domain = PortalDomain(
    name="events",
    routes=(published_facts_route("/events", "events", TITLE, LEAD, COMING),),
    nav=NavEntry("/events", N_("活动公告")),
    card=Card("/events", N_("活动公告"), N_("报名时间与公告")),
)
