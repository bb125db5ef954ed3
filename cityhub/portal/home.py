"""The home page: live counts from the API beside the figures the source published."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import render, run_query


async def home(request: Request) -> Response:
    data = await run_query(request, "home.graphql")
    return await render(request, "home.html", data)


routes = [Route("/", home, name="home")]
