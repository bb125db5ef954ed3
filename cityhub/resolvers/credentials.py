"""Changing what an account signs in with or may do (its password, its roles), and ending
its sessions: each of these ends the account's sessions at once, sockets included."""

from __future__ import annotations

from typing import Any

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.accounts import Account
from cityhub.ratelimits import RateLimits
from cityhub.resolvers import audit, sessions, sign_in
from cityhub.resolvers.accounts import (
    ACCOUNT_FIELDS,
    Viewer,
    hash_password,
    password_problems,
    role_problems,
)
from cityhub.resolvers.transactions import atomic

AUDIT_SUBJECT = "account"


async def _account(account_id: int | None = None, username: str | None = None) -> dict[str, Any]:
    """The account by id or username, or NOT_FOUND (field ``account``)."""
    found = None
    if account_id is not None:
        found = Account.filter(id=account_id)
    elif username is not None:
        found = Account.filter(username=username)
    row = await found.first().values(*ACCOUNT_FIELDS) if found is not None else None
    if row is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该账号"), "account"))
    return row


async def account_named(username: str) -> dict[str, Any]:
    """The account with this username, or NOT_FOUND."""
    return await _account(username=username)


async def change_password(
    limits: RateLimits, viewer: Viewer, current: str, new: str, address: str
) -> None:
    """The viewer's own password: the current one must be right (and counts as a sign-in
    attempt against the limits); every session of the account ends."""
    assert viewer.account_id is not None, "signed_in() lets accounts only through"
    assert viewer.username, "an account has a username"
    problems = password_problems(new, "newPassword")
    if problems:
        raise Rejected(*problems)
    try:
        await sign_in.sign_in(limits, viewer.username, current, address)
    except Rejected as refused:
        if refused.problems[0].code != "INVALID_CREDENTIALS":
            raise
        message = N_("当前密码不正确")
        raise Rejected(Problem("WRONG_PASSWORD", message, "currentPassword")) from None
    await set_password(viewer, viewer.account_id, new)


async def set_password(actor: Viewer, account_id: int, new: str, field: str = "newPassword") -> int:
    """Set the password (by its owner or an operator at the CLI); how many sessions ended."""
    problems = password_problems(new, field)
    if problems:
        raise Rejected(*problems)
    password_hash = await hash_password(new)
    async with atomic():
        await Account.filter(id=account_id).update(password_hash=password_hash)
        ended = await sessions.end_account_sessions(account_id, "password_changed")
        await audit.record(actor, "account.set_password", AUDIT_SUBJECT, account_id, {})
    return ended


async def set_roles(
    actor: Viewer, roles: list[str], *, account_id: int | None = None, username: str | None = None
) -> dict[str, Any]:
    """Replace the account's roles; a change ends its sessions (signing in again picks up
    the new roles). Unknown roles (UNKNOWN_ROLE) or none (NO_ROLE) change nothing."""
    problems = role_problems(roles)
    if not roles:
        problems.append(Problem("NO_ROLE", N_("至少选择一个角色"), "roles"))
    if problems:
        raise Rejected(*problems)
    before = await _account(account_id, username)
    wanted = sorted(set(roles))
    if wanted == sorted(before["roles"]):
        return before
    async with atomic():
        await Account.filter(id=before["id"]).update(roles=wanted)
        await sessions.end_account_sessions(before["id"], "roles_changed")
        changes = audit.differences({"roles": before["roles"]}, {"roles": wanted})
        await audit.record(actor, "account.set_roles", AUDIT_SUBJECT, before["id"], changes)
    return {**before, "roles": wanted}


async def end_sessions(
    actor: Viewer, *, account_id: int | None = None, username: str | None = None
) -> tuple[dict[str, Any], int]:
    """End every session of the account (its sockets close); the account and how many."""
    row = await _account(account_id, username)
    async with atomic():
        ended = await sessions.end_account_sessions(row["id"], "ended_by_admin")
        changes = {"live_sessions": [ended, 0]}
        await audit.record(actor, "account.end_sessions", AUDIT_SUBJECT, row["id"], changes)
    return row, ended
