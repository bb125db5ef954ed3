"""A domain's landing page made of what the source published: for a service whose online
part is still to come, it says what is coming and shows what the news page said (passages
in its own words, and its figures), with their source."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import Endpoint, render
from cityhub.portal.client import run_query


def published_facts_page(domain: str, title: str, lead: str, coming: str) -> Endpoint:
    """The page's endpoint; ``title``, ``lead`` and ``coming`` (what the online service
    will offer) are message ids."""

    async def page(request: Request) -> Response:
        data = await run_query(request, "areas/area.graphql", {"domain": domain})
        texts = {"title": title, "lead": lead, "coming": coming}
        return await render(request, "areas/area.html", {**data, **texts})

    return page


def published_facts_route(path: str, domain: str, title: str, lead: str, coming: str) -> Route:
    return Route(path, published_facts_page(domain, title, lead, coming), name=domain)
