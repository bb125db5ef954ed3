"""The developers' page: keys, scopes, limits, example queries, the SDL."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import render
from cityhub.portal.client import run_query
from cityhub.schema.connections import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


async def developers(request: Request) -> Response:
    data = await run_query(request, "developers.graphql")
    limits = {"default_page": DEFAULT_PAGE_SIZE, "max_page": MAX_PAGE_SIZE}
    return await render(request, "developers.html", {**data, "limits": limits})


routes = [Route("/developers", developers, name="developers")]
