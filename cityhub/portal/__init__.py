"""The citizens' portal: the platform's pages and each installed domain's routes."""

from starlette.routing import BaseRoute

from cityhub.portal import accounts, developers, home, search
from cityhub.portal.registry import domain_routes

routes: list[BaseRoute] = [
    *home.routes,
    *domain_routes(),
    *search.routes,
    *developers.routes,
    *accounts.routes,
]
