"""Server-side sessions: started at sign-in, live while used, ended by sign-out, a password
or role change, or an admin; each end is published so open WebSockets close too."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cityhub import clock, events
from cityhub.models.accounts import ApiKey
from cityhub.models.sessions import AccountSession
from cityhub.resolvers.accounts import CREDENTIALS_REVOKED, Viewer
from cityhub.resolvers.transactions import on_commit

_LAST_SEEN_RESOLUTION = timedelta(minutes=1)
_ACCOUNT_FIELDS = {
    "username": "account__username",
    "display_name": "account__display_name",
    "roles": "account__roles",
    "is_active": "account__is_active",
}


@dataclass(frozen=True)
class Lifetimes:
    """How long a session lasts unused (idle) and at all (lifetime)."""

    idle: timedelta
    lifetime: timedelta

    @classmethod
    def of(cls, idle_minutes: int, max_hours: int) -> Lifetimes:
        return cls(timedelta(minutes=idle_minutes), timedelta(hours=max_hours))

    def why_over(self, created_at: datetime, last_seen_at: datetime, now: datetime) -> str | None:
        if now - created_at >= self.lifetime:
            return "expired"
        if now - last_seen_at >= self.idle:
            return "idle"
        return None


def _digest(token: str) -> str:
    # 256 random bits: a fast digest is enough, and a leaked table holds no usable token.
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(account_id: int) -> tuple[str, int]:
    """A new session for the account: the token for the cookie (kept only as its digest)
    and the session's id."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session = await AccountSession.create(
        token_hash=_digest(token), account_id=account_id, created_at=now, last_seen_at=now
    )
    return token, session.id


async def viewer_for_token(token: str, lifetimes: Lifetimes) -> Viewer | None:
    """The account behind a live session (one query; last-seen written once a minute)."""
    row = (
        await AccountSession.filter(token_hash=_digest(token), ended_at__isnull=True)
        .first()
        .values("id", "account_id", "created_at", "last_seen_at", **_ACCOUNT_FIELDS)
    )
    if row is None or not row["is_active"]:
        return None
    now = clock.now()
    over = lifetimes.why_over(row["created_at"], row["last_seen_at"], now)
    if over:
        await _end(AccountSession.filter(id=row["id"], ended_at__isnull=True), over)
        return None
    if now - row["last_seen_at"] >= _LAST_SEEN_RESOLUTION:
        await AccountSession.filter(id=row["id"]).update(last_seen_at=now)
    return _viewer(row)


def _viewer(row: dict[str, Any]) -> Viewer:
    return Viewer(
        kind="account",
        account_id=row["account_id"],
        username=row["username"],
        display_name=row["display_name"],
        roles=frozenset(row["roles"]),
        session_id=row["id"],
    )


async def _end(sessions: Any, reason: str) -> list[int]:
    ids = [row["id"] for row in await sessions.values("id")]
    if ids:
        await AccountSession.filter(id__in=ids, ended_at__isnull=True).update(
            ended_at=clock.now(), end_reason=reason
        )
        await on_commit(lambda: events.publish(CREDENTIALS_REVOKED, {"sessions": ids}))
    return ids


async def end_token_session(token: str, reason: str) -> None:
    await _end(AccountSession.filter(token_hash=_digest(token), ended_at__isnull=True), reason)


async def end_account_sessions(account_id: int, reason: str) -> int:
    """End every live session of the account (their sockets close); how many there were."""
    sessions = AccountSession.filter(account_id=account_id, ended_at__isnull=True)
    return len(await _end(sessions, reason))


async def live_sessions(ids: list[int], lifetimes: Lifetimes) -> set[int]:
    """Which of these sessions are still live: one query, for the sockets' recheck."""
    now = clock.now()
    rows = await AccountSession.filter(
        id__in=ids,
        ended_at__isnull=True,
        created_at__gt=now - lifetimes.lifetime,
        last_seen_at__gt=now - lifetimes.idle,
        account__is_active=True,
    ).values("id")
    return {row["id"] for row in rows}


async def live_api_keys(ids: list[int]) -> set[int]:
    """Which of these API keys are not revoked: one query, for the sockets' recheck."""
    rows = await ApiKey.filter(id__in=ids, revoked_at__isnull=True).values("id")
    return {row["id"] for row in rows}
