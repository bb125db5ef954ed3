"""The home page (live counts beside the figures the source published) and the page of
every published figure."""

from itertools import groupby

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal import registry
from cityhub.portal.base import render
from cityhub.portal.client import run_query


async def home(request: Request) -> Response:
    data = await run_query(request, "home.graphql")
    return await render(request, "home.html", data)


async def figures(request: Request) -> Response:
    """Every figure the source published, one group per domain, in the portal's order."""
    data = await run_query(request, "figures.graphql")
    labels = registry.domain_labels()
    nodes = data["publishedFigures"]["nodes"]
    groups = [
        (labels.get(domain, domain), list(found))
        for domain, found in groupby(nodes, key=lambda f: f["domain"])
    ]
    return await render(request, "figures.html", {"groups": groups})


routes = [Route("/", home, name="home"), Route("/figures", figures, name="figures")]
