"""The neighbourhood council on the portal: the community page (its organisation chain,
grid workers, facilities map and case catalogue, beside what the source published)."""

from cityhub.i18n import N_
from cityhub.portal.council import communities
from cityhub.portal.registry import Card, NavEntry, PortalDomain

domain = PortalDomain(
    name="council",
    routes=(*communities.routes,),
    nav=NavEntry("/council", N_("邻里议事")),
    card=Card("/council", N_("邻里议事"), N_("社区吹哨，部门报到")),
)
