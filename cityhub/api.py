"""GraphQL over HTTP and WebSocket: authentication, context, and response shaping."""

from __future__ import annotations

import functools
import json
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from cityhub import i18n
from cityhub.cache import graphql as cache_graphql
from cityhub.cache import tracking
from cityhub.cache.keys import watched
from cityhub.graphiql import graphiql_page
from cityhub.i18n import N_
from cityhub.resolvers.accounts import ANONYMOUS
from cityhub.schema.context import Context
from cityhub.sessions import (
    CSRF_HEADER,
    InvalidCredentials,
    bearer_viewer,
    csrf_matches,
    session_viewer,
)
from cityhub.settings import Settings
from cityhub.socket_limits import LimitedTransportWSHandler, SocketLimits

GRAPHQL_RESPONSE = "application/graphql-response+json"


def api_locale(connection: Request | WebSocket) -> str:
    """?lang=, else Accept-Language (q-values honoured), else Chinese: as the portal, which
    also remembers a visitor's choice in a cookie."""
    return i18n.negotiate(
        requested=connection.query_params.get("lang"),
        accept_language=connection.headers.get("accept-language"),
    )


def _cookie_auth_allowed(request: Request) -> bool:
    # A cross-site form can POST form-encoded or multipart bodies with the user's cookie,
    # but not JSON without a CORS preflight; anything else must carry the CSRF token.
    if request.method == "GET":
        return True
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip() == "application/json":
        return True
    return csrf_matches(request, request.headers.get(CSRF_HEADER))


def unauthenticated(message: str) -> JSONResponse:
    body = {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]}
    return JSONResponse(
        body,
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="cityhub", error="invalid_token"'},
    )


def rate_limited(request: Request, retry_after: int) -> JSONResponse:
    message = i18n.translate(
        api_locale(request), N_("此 API 密钥的请求过多，请 {seconds} 秒后再试"), seconds=retry_after
    )
    extensions = {"code": "RATE_LIMITED", "retryAfter": retry_after}
    return JSONResponse(
        {"errors": [{"message": message, "extensions": extensions}]},
        status_code=429,
        headers={"Retry-After": str(retry_after)},
    )


def refused(request: Request, error: HTTPException) -> Response:
    """A request refused before any GraphQL ran. A 400 (a body that is not a GraphQL
    request) is a GraphQL error body, BAD_USER_INPUT, as every other refusal is."""
    if error.status_code == 400:
        body = {"errors": [{"message": error.reason, "extensions": {"code": "BAD_USER_INPUT"}}]}
        accepts = request.headers.get("accept", "")
        media_type = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accepts else "application/json"
        return JSONResponse(body, status_code=400, media_type=media_type)
    # RFC 9110: a 405 names the methods that would work.
    headers = {"Allow": "POST"} if error.status_code == 405 else None
    return PlainTextResponse(error.reason, status_code=error.status_code, headers=headers)


def _not_json(constant: str) -> object:
    # Python's json takes NaN and Infinity, which JSON (RFC 8259) has not.
    raise json.JSONDecodeError(f"{constant} is not JSON", constant, 0)


def decode_body(data: str | bytes) -> object:
    """A request body as JSON: strict UTF-8, nested no deeper than the decoder's stack, and
    an object (a list is a batch, which strawberry refuses): anything else is a 400."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        decoded = json.loads(text, parse_constant=_not_json)
    except UnicodeDecodeError:
        raise HTTPException(400, "The request body is not valid UTF-8.") from None
    except RecursionError:
        raise HTTPException(400, "The request body's JSON is nested too deeply.") from None
    if not isinstance(decoded, (dict, list)):
        raise HTTPException(400, "The request body must be a JSON object.")
    return decoded


def _is_request_error(result: ExecutionResult) -> bool:
    """Parse, validation or variable errors: nothing was executed."""
    if isinstance(result, PreExecutionError):
        return True
    if not result.errors or result.data is not None:
        return False
    return all(e.path is None for e in result.errors)


class GraphQLView(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = LimitedTransportWSHandler

    def __init__(self, schema: Any, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allowed_origins=settings.allowed_origins,
            keep_alive=True,
            keep_alive_interval=30,
            # The GraphQL multipart request spec (aid invoices); with a session cookie the
            # request must carry X-CSRF-Token (see _cookie_auth_allowed).
            multipart_uploads_enabled=True,
            # One protocol, whose handler keeps the caps (cityhub/socket_limits.py); the
            # README documents no other.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=None,
        )
        self.settings = settings
        self.socket_limits = SocketLimits(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            authorization = request.headers.get("authorization")
            try:
                if authorization:
                    viewer = await bearer_viewer(authorization)
                elif _cookie_auth_allowed(request):
                    viewer = await session_viewer(request)
                else:
                    viewer = ANONYMOUS
            except InvalidCredentials as error:
                await unauthenticated(str(error))(scope, receive, send)
                return
            if viewer.api_key_id is not None:
                retry_after = await request.app.state.rate_limits.api_key_request(viewer.api_key_id)
                if retry_after:
                    await rate_limited(request, retry_after)(scope, receive, send)
                    return
            state = scope.setdefault("state", {})
            state["viewer"] = viewer
            # A sign-in may set the cookie only where a cross-site page cannot post.
            state["can_start_session"] = not authorization and _cookie_auth_allowed(request)
            response = await cache_graphql.respond(
                request, viewer, api_locale(request), functools.partial(self._answer, request)
            )
            await response(scope, receive, send)
            return
        if scope["type"] == "websocket":  # closed at once if its credential is revoked
            async with scope["app"].state.sockets.guarded(scope, receive) as receive:
                await super().__call__(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        try:
            return await self.run(request)
        except HTTPException as error:
            return refused(request, error)

    async def render_graphql_ide(self, request: Request) -> Response:
        # The project's own copy of GraphiQL, not strawberry's page (which loads React and
        # GraphiQL from unpkg and boots them with an inline script).
        return graphiql_page(self.settings)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        # strawberry's, except that a subscription is refused: it runs over the WebSocket
        # (or a multipart stream, which execute_operation sends elsewhere before this), and
        # executed as a query here it failed as an internal error.
        method = request_adapter.method
        allowed = OperationType.from_http(method) - {OperationType.SUBSCRIPTION}
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as error:
            raise HTTPException(400, error.as_http_error_reason()) from error
        except InvalidOperationTypeError as error:
            # GraphQL over HTTP: a mutation sent with GET is 405, not strawberry's 400.
            mutation_by_get = error.operation_type is OperationType.MUTATION and method == "GET"
            status = 405 if mutation_by_get else 400
            raise HTTPException(status, error.as_http_error_reason(method)) from error
        except MissingQueryError as error:
            raise HTTPException(400, "No GraphQL query found in the request") from error

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, str]:
        # strawberry refuses a map naming a missing file; one whose entries are not lists
        # of paths into the operations (the GraphQL multipart request spec) raised here.
        try:
            return await super().parse_multipart(request)
        except (TypeError, ValueError, AttributeError, IndexError) as error:
            reason = "The multipart request's map does not match its operations."
            raise HTTPException(400, reason) from error

    def decode_json(self, data: str | bytes) -> object:
        return decode_body(data)

    def encode_json(self, data: object) -> str:
        # orjson: UTF-8 (Chinese stays readable, a third shorter than \uXXXX escapes),
        # compact, and several times faster than json.dumps on a list of stations. A str,
        # as the WebSocket handler sends text frames.
        return orjson.dumps(data).decode()

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        viewer = getattr(request.state, "viewer", None)
        if viewer is None:  # WebSocket: the session, or a key in connection_init
            viewer = await session_viewer(request)
        elif tracking.current() is not None:  # an answer that may be kept
            viewer = watched(viewer)
        return Context(
            viewer=viewer,
            locale=api_locale(request),
            request_id=getattr(request.state, "request_id", "-"),
            request=request,
            response=response,
            can_start_session=getattr(request.state, "can_start_session", False),
        )

    async def on_ws_connect(self, context: Context) -> Any:
        params = context.connection_params or {}
        authorization = params.get("Authorization") or params.get("authorization")
        if authorization:
            try:
                context.viewer = await bearer_viewer(str(authorization))
            except InvalidCredentials as error:
                raise ConnectionRejectionError({"message": str(error)}) from None
        context.request.app.state.sockets.register(context)
        return await super().on_ws_connect(context)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        request.state.sub_response = sub_response
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        # GraphQL over HTTP: a client that accepts application/graphql-response+json gets
        # that type, and a request error (parse, validation, variables) as a 400 with no data.
        data = await super().process_result(request, result)
        setattr(request.state, cache_graphql.ERRORS_FLAG, bool(result.errors))
        if GRAPHQL_RESPONSE in request.headers.get("accept", ""):
            sub_response = request.state.sub_response
            sub_response.media_type = GRAPHQL_RESPONSE
            if _is_request_error(result):
                sub_response.status_code = 400
                data.pop("data", None)
        return data

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type:
            response.headers["content-type"] = f"{sub_response.media_type}; charset=utf-8"
        return response
