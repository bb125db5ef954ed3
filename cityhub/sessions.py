"""Who is behind an HTTP request: the signed session cookie, its CSRF token, API keys."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import HTTPConnection

from cityhub.resolvers import accounts
from cityhub.resolvers.accounts import ANONYMOUS, Viewer

SESSION_COOKIE = "cityhub_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


class InvalidCredentials(Exception):
    """An Authorization header was sent but names no valid, unrevoked key."""


def csrf_token(connection: HTTPConnection) -> str:
    """The session's CSRF token, made on first use."""
    token = connection.session.get("csrf")
    if not token:
        token = connection.session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_matches(connection: HTTPConnection, sent: str | None) -> bool:
    expected = connection.session.get("csrf")
    if not (expected and sent):
        return False
    return hmac.compare_digest(expected, sent)


def sign_in(connection: HTTPConnection, viewer: Viewer) -> None:
    connection.session.clear()
    connection.session["account_id"] = viewer.account_id
    connection.session["csrf"] = secrets.token_urlsafe(32)


def sign_out(connection: HTTPConnection) -> None:
    connection.session.clear()


async def session_viewer(connection: HTTPConnection) -> Viewer:
    account_id = connection.session.get("account_id")
    if not isinstance(account_id, int):
        return ANONYMOUS
    viewer = await accounts.viewer_for_account(account_id)
    if viewer is None:
        connection.session.clear()
        return ANONYMOUS
    return viewer


async def bearer_viewer(authorization: str) -> Viewer:
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise InvalidCredentials("Authorization must be 'Bearer <API key>'")
    viewer = await accounts.authenticate_api_key(credentials.strip())
    if viewer is None:
        raise InvalidCredentials("The API key is not valid or has been revoked")
    return viewer
