"""The neighbourhood council on the portal: the community page (its organisation chain,
grid workers, facilities map and case catalogue, beside what the source published), and
its cases (议事): the board, the report form, a case's page, a resident's alerts; the
surveys; and joining the talent pool."""

from cityhub.i18n import N_
from cityhub.portal.council import cases, communities, residents, surveys
from cityhub.portal.council.cases import alerts, open311, report, steps
from cityhub.portal.registry import Card, NavEntry, PortalDomain

domain = PortalDomain(
    name="council",
    routes=(
        *communities.routes,
        # /council/cases/new and /similar before /council/cases/{id}, which would take them.
        *cases.routes(*report.routes),
        *steps.routes,
        *alerts.routes,
        *open311.routes,
        *surveys.routes,
        *residents.routes,
    ),
    nav=NavEntry("/council", N_("邻里议事")),
    card=Card("/council", N_("邻里议事"), N_("社区吹哨，部门报到")),
)
