"""The citizens' portal: Starlette routes for pages and htmx fragments."""

from starlette.routing import BaseRoute

from cityhub.portal import accounts, areas, developers, home, search, union

routes: list[BaseRoute] = [
    *home.routes,
    *union.routes,
    *areas.routes,
    *search.routes,
    *developers.routes,
    *accounts.routes,
]
