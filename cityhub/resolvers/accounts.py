"""Who is asking: accounts with roles (argon2 passwords) and partner API keys."""

from __future__ import annotations

import asyncio
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.exceptions import IntegrityError

from cityhub import clock, events
from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.models.accounts import Account, ApiKey
from cityhub.resolvers.batching import rows_by_id
from cityhub.resolvers.pagination import Page, keyset_page
from cityhub.resolvers.registry import roles as known_roles
from cityhub.resolvers.registry import scopes as known_scopes
from cityhub.resolvers.registry import staff_roles

API_KEY_PREFIX = "chk_"
# Published with {"api_keys": [ids]} or {"sessions": [ids]} when credentials stop working.
CREDENTIALS_REVOKED = "credentials.revoked"
ACCOUNT_FIELDS = ("id", "username", "display_name", "phone", "roles", "is_active")
API_KEY_FIELDS = (
    "id",
    "name",
    "prefix",
    "scopes",
    "created_at",
    "revoked_at",
    "last_used_at",
)
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
_LAST_USED_RESOLUTION = timedelta(minutes=5)
# CITYHUB_PASSWORD_HASHING picks the cost (configure_hashing). "fast" is argon2's lowest
# time and memory cost, for tests only: settings.check() refuses it in production. A hash
# verifies whatever the configured cost; a sign-in rehashes it at the configured one.
_HASHERS = {
    "standard": PasswordHasher(),  # argon2-cffi's default, RFC 9106 low-memory
    "fast": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}
_hasher = _HASHERS["standard"]
# Verified against when the username is unknown, so both paths cost the same: one per
# cost, made when first needed (or by configure_hashing).
_dummy_hashes: dict[int, str] = {}


def configure_hashing(mode: str) -> None:
    """Hash and verify passwords at the cost ``mode`` names: "standard" or "fast"
    (CITYHUB_PASSWORD_HASHING). create_app and the CLI call it with their settings."""
    global _hasher
    if mode not in _HASHERS:
        raise ValueError(f"unknown password hashing {mode!r}; known: {', '.join(_HASHERS)}")
    _hasher = _HASHERS[mode]
    _dummy_hash()


def _dummy_hash() -> str:
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash(secrets.token_urlsafe(16))
    return _dummy_hashes[key]


@dataclass(frozen=True)
class Viewer:
    """The one asking: nobody, a signed-in account, or a partner agency's key."""

    kind: str = "anonymous"
    account_id: int | None = None
    username: str | None = None
    display_name: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    api_key_id: int | None = None
    api_key_name: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    session_id: int | None = None  # the server-side session a signed-in account uses

    @property
    def is_authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def label(self) -> str:
        """How the viewer is named on timelines and in the audit log."""
        return self.display_name or self.username or self.api_key_name or ""

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & staff_roles())

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def has_scope(self, *scopes: str) -> bool:
        return bool(self.scopes & set(scopes))


ANONYMOUS = Viewer()


def _account_viewer(row: dict[str, Any], session_id: int | None = None) -> Viewer:
    return Viewer(
        kind="account",
        account_id=row["id"],
        username=row["username"],
        display_name=row["display_name"],
        roles=frozenset(row["roles"]),
        session_id=session_id,
    )


async def hash_password(password: str) -> str:
    """argon2 takes 0.1-1.5 s of CPU at the standard cost: in a worker thread, so the event
    loop keeps answering other requests meanwhile (argon2-cffi releases the GIL)."""
    return await asyncio.to_thread(_hasher.hash, password)


async def _verify_password(password_hash: str, password: str) -> bool:
    try:
        return await asyncio.to_thread(_hasher.verify, password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_api_key(raw_key: str) -> str:
    # API keys carry 256 random bits, so a fast digest is enough for lookup.
    return hashlib.sha256(raw_key.encode()).hexdigest()


async def viewer_for_account(account_id: int, session_id: int | None = None) -> Viewer | None:
    row = await Account.filter(id=account_id, is_active=True).first().values(*ACCOUNT_FIELDS)
    return _account_viewer(row, session_id) if row else None


async def authenticate_password(username: str, password: str) -> Viewer | None:
    account = await Account.filter(username=username, is_active=True).first()
    verified = await _verify_password(account.password_hash if account else _dummy_hash(), password)
    if account is None or not verified:
        return None
    account.last_login_at = clock.now()
    update = ["last_login_at"]
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = await hash_password(password)
        update.append("password_hash")
    await account.save(update_fields=update)
    return _account_viewer(
        {
            "id": account.id,
            "username": account.username,
            "display_name": account.display_name,
            "roles": account.roles,
        }
    )


async def authenticate_api_key(raw_key: str) -> Viewer | None:
    row = (
        await ApiKey.filter(key_hash=hash_api_key(raw_key), revoked_at__isnull=True)
        .first()
        .values("id", "name", "scopes", "last_used_at")
    )
    if row is None:
        return None
    now = clock.now()
    if row["last_used_at"] is None or now - row["last_used_at"] > _LAST_USED_RESOLUTION:
        await ApiKey.filter(id=row["id"]).update(last_used_at=now)
    return Viewer(
        kind="api_key",
        api_key_id=row["id"],
        api_key_name=row["name"],
        scopes=frozenset(row["scopes"]),
    )


def role_problems(roles: list[str]) -> list[Problem]:
    known = {r.name for r in known_roles()}
    return [
        Problem("UNKNOWN_ROLE", N_("未知角色：{role}"), "roles", {"role": r})
        for r in roles
        if r not in known
    ]


def password_problems(password: str, field_name: str) -> list[Problem]:
    if len(password) < 10:
        return [Problem("WEAK_PASSWORD", N_("密码至少 10 位"), field_name)]
    return []


async def create_account(
    username: str,
    password: str,
    roles: list[str],
    display_name: str = "",
    phone: str | None = None,
) -> dict[str, Any]:
    problems = role_problems(roles)
    if not _USERNAME.match(username):
        problems.append(
            Problem(
                "INVALID_USERNAME",
                N_("用户名须为 3-64 位字母、数字或 _ . -"),
                "username",
            )
        )
    problems += password_problems(password, "password")
    if problems:
        raise Rejected(*problems)
    try:
        account = await Account.create(
            username=username,
            display_name=display_name or username,
            password_hash=await hash_password(password),
            roles=sorted(set(roles)),
            phone=phone,
        )
    except IntegrityError:
        raise Rejected(Problem("USERNAME_TAKEN", N_("用户名已被使用"), "username")) from None
    return await Account.filter(id=account.id).first().values(*ACCOUNT_FIELDS)


async def accounts_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(Account, ACCOUNT_FIELDS, ids)


async def list_accounts(*, first: int | None, after: str | None) -> Page:
    return await keyset_page(Account.all(), ACCOUNT_FIELDS, first=first, after=after)


async def create_api_key(name: str, scopes: list[str]) -> tuple[dict[str, Any], str]:
    """A new key; the raw value is returned once and only its digest is kept."""
    problems = [
        Problem("UNKNOWN_SCOPE", N_("未知权限范围：{scope}"), "scopes", {"scope": s})
        for s in scopes
        if s not in known_scopes()
    ]
    if not name.strip() or len(name) > 100:
        problems.append(Problem("INVALID_NAME", N_("名称须为 1-100 个字"), "name"))
    if problems:
        raise Rejected(*problems)
    raw_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    try:
        key = await ApiKey.create(
            name=name.strip(),
            prefix=raw_key[:12],
            key_hash=hash_api_key(raw_key),
            scopes=sorted(set(scopes)),
        )
    except IntegrityError:
        raise Rejected(Problem("NAME_TAKEN", N_("名称已被使用"), "name")) from None
    return await ApiKey.filter(id=key.id).first().values(*API_KEY_FIELDS), raw_key


async def revoke_api_key(*, key_id: int | None = None, name: str | None = None) -> dict[str, Any]:
    if key_id is not None:
        row = await ApiKey.filter(id=key_id).first().values("id", "revoked_at")
    elif name is not None:
        row = await ApiKey.filter(name=name).first().values("id", "revoked_at")
    else:
        row = None
    if row is None:
        raise Rejected(Problem("NOT_FOUND", N_("找不到该 API 密钥"), "id"))
    if row["revoked_at"] is None:
        await ApiKey.filter(id=row["id"]).update(revoked_at=clock.now())
        await events.publish(CREDENTIALS_REVOKED, {"api_keys": [row["id"]]})
    return await ApiKey.filter(id=row["id"]).first().values(*API_KEY_FIELDS)


async def api_keys_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(ApiKey, API_KEY_FIELDS, ids)


async def list_api_keys(*, first: int | None, after: str | None) -> Page:
    return await keyset_page(ApiKey.all(), API_KEY_FIELDS, first=first, after=after)
