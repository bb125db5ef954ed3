"""A domain's landing page made of what the source published: for a service whose online
part is still to come, it shows the figures the news page gave, with their source."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import Endpoint, render
from cityhub.portal.client import run_query


def published_facts_page(domain: str, title: str, lead: str) -> Endpoint:
    """The page's endpoint; ``title`` and ``lead`` are message ids."""

    async def page(request: Request) -> Response:
        data = await run_query(request, "areas/area.graphql", {"domain": domain})
        return await render(request, "areas/area.html", {**data, "title": title, "lead": lead})

    return page


def published_facts_route(path: str, domain: str, title: str, lead: str) -> Route:
    return Route(path, published_facts_page(domain, title, lead), name=domain)
