"""Who asks an Open311 endpoint, and their documents run in-process as them: anonymous,
or the partner app whose API key came as ``api_key``. The session cookie is never read,
so a cross-site form cannot act for a signed-in visitor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError
from starlette.requests import Request

from cityhub import i18n
from cityhub.portal.client import VISITOR_ERROR_CODES, QueryFailed, document
from cityhub.portal.council.cases.open311.formats import Open311Error, bad_request
from cityhub.schema.context import Context
from cityhub.sessions import InvalidCredentials, bearer_viewer

DOCUMENTS = "council/cases/open311/"


@dataclass(frozen=True)
class Caller:
    request: Request
    locale: str
    viewer: Any = None  # None: anonymous (the context's default viewer)

    @property
    def english(self) -> bool:
        return self.locale != i18n.DEFAULT_LOCALE

    def context(self) -> Context:
        context = Context(
            locale=self.locale,
            request_id=getattr(self.request.state, "request_id", "-"),
            request=self.request,
        )
        if self.viewer is not None:
            context.viewer = self.viewer
        return context

    async def run(self, name: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The document's answer; an error the caller caused is a 400 (403 when refused)."""
        result = await self.request.app.state.schema.execute(
            document(DOCUMENTS + name), variable_values=variables, context_value=self.context()
        )
        errors: list[GraphQLError] = list(result.errors or [])
        if errors:
            _refuse(errors)
        assert result.data is not None, "a document without errors has data"
        return result.data

    def absolute(self, path: str) -> str:
        return str(self.request.base_url).rstrip("/") + path


def _refuse(errors: list[GraphQLError]) -> None:
    codes = {(e.extensions or {}).get("code") for e in errors}
    messages = [e.message for e in errors]
    if codes & {"FORBIDDEN", "UNAUTHENTICATED"}:
        raise Open311Error(403, *messages)
    if codes <= VISITOR_ERROR_CODES:
        raise bad_request(*messages)
    raise QueryFailed(errors)


def locale_of(request: Request) -> str:
    """``locale`` (or ``lang``) asks, else Accept-Language; Chinese by default."""
    params = request.query_params
    return i18n.negotiate(
        requested=params.get("locale") or params.get("lang"),
        accept_language=request.headers.get("accept-language"),
    )


async def caller_of(request: Request, api_key: str | None) -> Caller:
    """Anonymous without a key; a key that is not valid (or revoked) is a 403, and one
    past its rate a 429, as on /graphql."""
    locale = locale_of(request)
    if not api_key:
        return Caller(request, locale)
    try:
        viewer = await bearer_viewer(f"Bearer {api_key}")
    except InvalidCredentials as error:
        raise Open311Error(403, f"api_key: {error}") from None
    retry_after = await request.app.state.rate_limits.api_key_request(viewer.api_key_id)
    if retry_after:
        message = f"Too many requests with this api_key: retry in {retry_after} seconds"
        raise Open311Error(429, message, headers={"Retry-After": str(retry_after)})
    return Caller(request, locale, viewer)
