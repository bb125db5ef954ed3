"""Search across the hub (today: stations by name or address)."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub.portal.base import render
from cityhub.portal.client import run_query

MAX_QUERY = 50


async def search(request: Request) -> Response:
    text = (request.query_params.get("q") or "").strip()[:MAX_QUERY]
    data = await run_query(request, "search.graphql", {"text": text}) if text else None
    return await render(
        request, "search.html", {"q": text, "results": data}, fragment="_search_results.html"
    )


routes = [Route("/search", search, name="search")]
