"""An Open311 GeoReport v2 facade over the council's cases (/open311/v2): every endpoint
as .json and .xml, answered by running GraphQL documents in-process as the caller
(anonymous, or the API key given as ``api_key``); a bad parameter is a 400 in the spec's
errors format, never a 500."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cityhub import clock
from cityhub.portal.council.cases.open311 import services
from cityhub.portal.council.cases.open311.caller import Caller, caller_of
from cityhub.portal.council.cases.open311.filters import filters
from cityhub.portal.council.cases.open311.formats import FORMATS, Open311Error, answer, refusal
from cityhub.portal.council.cases.open311.report import post_request
from cityhub.portal.council.cases.open311.requests import one_request, service_requests

Handler = Callable[[Request, Caller], Awaitable[Any]]


def endpoint(root: str, handler: Handler, status: int = 200) -> Callable[..., Any]:
    """A route's endpoint: the format from the path's extension, the caller from
    ``api_key``, and any refusal in the errors format."""

    async def answered(request: Request) -> Response:
        fmt = request.path_params["format"]
        if fmt not in FORMATS:
            return refusal("json", Open311Error(404, f"format: json or xml, not {fmt!r}"))
        try:
            key = request.query_params.get("api_key")
            if request.method == "POST":
                key = await _form_key(request) or key
            data = await handler(request, await caller_of(request, key))
        except Open311Error as error:
            return refusal(fmt, error)
        return answer(fmt, root, data, status)

    # A POST here acts only as the api_key it carries, never as the session cookie's
    # visitor (caller.py), so a cross-site form cannot act for anyone signed in: the
    # portal's CSRF token does not apply. The mark tells the portal's route check so.
    answered.csrf_protected = True  # type: ignore[attr-defined]
    return answered


async def _form_key(request: Request) -> str | None:
    """The posted form (kept for the handler), and the api_key in it."""
    try:
        form = await request.form()
    except HTTPException as error:
        raise Open311Error(400, f"The form could not be read: {error.detail}") from None
    request.state.open311_form = form
    sent = form.get("api_key")
    return sent if isinstance(sent, str) else None


async def _discovery(request: Request, caller: Caller) -> Any:
    return services.discovery(caller)


async def _services(request: Request, caller: Caller) -> Any:
    return await services.services(caller)


async def _definition(request: Request, caller: Caller) -> Any:
    return await services.definition(caller, request.path_params["service_code"])


async def _requests(request: Request, caller: Caller) -> Any:
    lookup = await caller.run("lookup.graphql")
    where = filters(request.query_params, lookup, clock.now())
    return await service_requests(caller, where)


async def _one(request: Request, caller: Caller) -> Any:
    return await one_request(caller, request.path_params["service_request_id"])


async def _post(request: Request, caller: Caller) -> Any:
    return await post_request(caller, request.state.open311_form)


BASE = services.BASE
routes = (
    Route(f"{BASE}/discovery.{{format}}", endpoint("discovery", _discovery)),
    Route(f"{BASE}/services.{{format}}", endpoint("services", _services)),
    Route(
        f"{BASE}/services/{{service_code}}.{{format}}",
        endpoint("service_definition", _definition),
    ),
    Route(f"{BASE}/requests.{{format}}", endpoint("service_requests", _requests)),
    Route(
        f"{BASE}/requests.{{format}}",
        endpoint("service_requests", _post, status=201),
        methods=["POST"],
    ),
    Route(
        f"{BASE}/requests/{{service_request_id}}.{{format}}",
        endpoint("service_requests", _one),
    ),
)
