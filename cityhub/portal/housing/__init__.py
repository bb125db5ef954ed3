"""Subsidised rental housing on the portal: projects, units and the ways to apply."""

from cityhub.i18n import N_
from cityhub.portal.housing import applications, eligibility, projects
from cityhub.portal.registry import Card, NavEntry, PortalDomain

domain = PortalDomain(
    name="housing",
    routes=(*projects.routes, *eligibility.routes, *applications.routes),
    nav=NavEntry("/housing", N_("保租房")),
    card=Card("/housing", N_("保租房"), N_("公积金直付房租")),
)
