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
    # The examples name the host the page was asked for (behind a proxy too: uvicorn
    # runs with proxy headers), not a development address.
    host = request.url.netloc
    api_url = f"{request.url.scheme}://{host}/graphql"
    socket_url = f"{'wss' if request.url.scheme == 'https' else 'ws'}://{host}/graphql"
    context = {**data, "limits": limits, "api_url": api_url, "socket_url": socket_url}
    return await render(request, "developers.html", context)


routes = [Route("/developers", developers, name="developers")]
