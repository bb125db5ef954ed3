"""Who is behind an HTTP request: the session cookie, its CSRF token, API keys.

The signed cookie carries a CSRF token (anonymous visitors need one for the login form)
and, once signed in, a random session token; only the token's server-side row, while
live, makes the request an account's (cityhub.resolvers.sessions).
"""

from __future__ import annotations

import dataclasses
import hmac
import secrets

from starlette.requests import HTTPConnection

from cityhub.resolvers import accounts, sessions
from cityhub.resolvers.accounts import ANONYMOUS, Viewer
from cityhub.resolvers.sessions import Lifetimes

SESSION_COOKIE = "cityhub_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SIGN_IN_KEY = "sid"  # the signed cookie's key for the session token


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


def lifetimes(connection: HTTPConnection) -> Lifetimes:
    settings = connection.app.state.settings
    return Lifetimes.of(settings.session_idle_minutes, settings.session_max_hours)


async def sign_in(connection: HTTPConnection, viewer: Viewer) -> Viewer:
    """Start a session for ``viewer``: a new token and CSRF token (no session fixation),
    ending the session this cookie held before, if any. Returns the viewer with it."""
    assert viewer.account_id is not None, "only an account signs in"
    await sign_out(connection, "replaced")
    token, session_id = await sessions.start_session(viewer.account_id)
    connection.session[SIGN_IN_KEY] = token
    connection.session["csrf"] = secrets.token_urlsafe(32)
    return dataclasses.replace(viewer, session_id=session_id)


async def sign_out(connection: HTTPConnection, reason: str = "signed_out") -> None:
    token = connection.session.get(SIGN_IN_KEY)
    if isinstance(token, str):
        await sessions.end_token_session(token, reason)
    connection.session.clear()


async def session_viewer(connection: HTTPConnection) -> Viewer:
    token = connection.session.get(SIGN_IN_KEY)
    if not isinstance(token, str):
        return ANONYMOUS
    viewer = await sessions.viewer_for_token(token, lifetimes(connection))
    if viewer is None:  # ended, timed out, or the account disabled
        connection.session.pop(SIGN_IN_KEY, None)
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
