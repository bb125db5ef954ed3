"""Accounts, API keys and the viewer in the schema."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader

from cityhub import sessions
from cityhub.errors import Forbidden
from cityhub.i18n import N_
from cityhub.resolvers import accounts, registry, sign_in
from cityhub.resolvers.accounts import ANONYMOUS
from cityhub.resolvers.privacy import can_read_personal, mask_phone
from cityhub.resolvers.registry import ADMIN
from cityhub.schema.connections import (
    After,
    Connection,
    First,
    connection,
    node_pk,
    node_pks,
)
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.labels import labelled_enum
from cityhub.schema.permissions import allow, signed_in

# The platform's roles and each installed domain's, in the order the registry gives them;
# built at start-up, so the type checker sees role names as the strings they are.
if TYPE_CHECKING:
    Role = str
else:
    Role = StrEnum("Role", {spec.name.upper(): spec.name for spec in registry.roles()})
    labelled_enum(
        Role,
        {spec.name: spec.label for spec in registry.roles()},
        description="What an account may do.",
    )
ADMIN_ONLY = allow(roles=[ADMIN])
STAFF_ONLY = allow(roles=registry.staff_roles())


class AccountByIdLoader(DataLoader[int, dict | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=accounts.accounts_by_id)


@strawberry.type(description="A person's sign-in account. Visible to its owner and to staff.")
class Account(relay.Node):
    id: relay.NodeID[int]
    username: str = strawberry.field(description="Sign-in name.")
    display_name: str = strawberry.field(description="Name shown on pages.")
    roles: list[Role] = strawberry.field(description="What the account may do.")
    is_active: bool = strawberry.field(description="False once the account is disabled.")
    raw_phone: strawberry.Private[str | None]

    @strawberry.field(
        description="Phone number; masked (138****5678) unless you own it or are an admin."
    )
    def phone(self, info: Info) -> str | None:
        if can_read_personal(info.context.viewer, self.id, ADMIN):
            return self.raw_phone
        return mask_phone(self.raw_phone)

    @classmethod
    def from_row(cls, row: dict) -> Account:
        return cls(
            id=row["id"],
            username=row["username"],
            display_name=row["display_name"],
            roles=row["roles"],
            is_active=row["is_active"],
            raw_phone=row["phone"],
        )

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        viewer = info.context.viewer
        loader = info.context.loader(AccountByIdLoader)
        ids = node_pks(node_ids)
        rows = await loader.load_many([i for i in ids if i is not None])
        found = {row["id"]: row for row in rows if row}
        return [
            cls.from_row(found[i])
            if i in found and (viewer.account_id == i or viewer.is_staff)
            else None
            for i in ids
        ]


@strawberry.type(description="A partner agency's API key. The secret itself is shown only once.")
class ApiKey(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(
        description="Who the key belongs to, e.g. 太原市住房公积金管理中心."
    )
    prefix: str = strawberry.field(description="First characters of the key, to recognise it.")
    scopes: list[str] = strawberry.field(description="What the key may do, e.g. stations:write.")
    created_at: datetime = strawberry.field(description="When the key was made (UTC).")
    revoked_at: datetime | None = strawberry.field(description="When the key was revoked (UTC).")
    last_used_at: datetime | None = strawberry.field(
        description="Last use, to within five minutes (UTC)."
    )

    @classmethod
    def from_row(cls, row: dict) -> ApiKey:
        return cls(**{name: row[name] for name in accounts.API_KEY_FIELDS})

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        if not info.context.viewer.has_role(ADMIN):
            return [None for _ in node_ids]
        ids = node_pks(node_ids)
        rows = await accounts.api_keys_by_id([i for i in ids if i is not None])
        found = {row["id"]: row for row in rows if row}
        return [cls.from_row(found[i]) if i in found else None for i in ids]


@strawberry.type(description="A permission an API key can be granted.")
class ApiScope:
    name: str = strawberry.field(description="The scope, e.g. stations:write.")
    description: str = strawberry.field(description="What it allows, in the asker's language.")


@strawberry.input(description="A new API key for a partner agency.")
class CreateApiKeyInput:
    name: str = strawberry.field(description="The agency or application, unique.")
    scopes: list[str] = strawberry.field(description="Scopes to grant; see the developers page.")


@strawberry.type(description="The new key. `key` is its secret, shown this once only.")
class CreateApiKeyPayload:
    api_key: ApiKey | None = None
    key: str | None = strawberry.field(default=None, description="The secret; store it now.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="Which key to revoke.")
class RevokeApiKeyInput:
    id: relay.GlobalID = strawberry.field(description="The key's global ID.")


@strawberry.type(description="The revoked key.")
class RevokeApiKeyPayload:
    api_key: ApiKey | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AccountsQuery:
    @strawberry.field(
        description="The signed-in account; UNAUTHENTICATED for anyone else (pages that "
        "need a signed-in person ask for it).",
        extensions=signed_in(),
    )
    async def me(self, info: Info) -> Account:
        account_id = info.context.viewer.account_id
        assert account_id is not None, "signed_in() lets accounts only through"
        row = await info.context.loader(AccountByIdLoader).load(account_id)
        assert row is not None, "the viewer's account was read for this request"
        return Account.from_row(row)

    @strawberry.field(description="Every scope an API key can be granted.")
    def api_scopes(self, info: Info) -> list[ApiScope]:
        return [
            ApiScope(name=name, description=info.context._(text))
            for name, text in registry.scopes().items()
        ]

    @strawberry.field(
        description="All accounts, for staff; phones are masked except for admins.",
        extensions=STAFF_ONLY,
    )
    async def accounts(
        self,
        first: First = None,
        after: After = None,
    ) -> Connection[Account]:
        page = await accounts.list_accounts(first=first, after=after)
        return connection(page, [Account.from_row(row) for row in page.rows])

    @strawberry.field(description="Partner agencies' API keys. Admins only.", extensions=ADMIN_ONLY)
    async def api_keys(
        self,
        first: First = None,
        after: After = None,
    ) -> Connection[ApiKey]:
        page = await accounts.list_api_keys(first=first, after=after)
        return connection(page, [ApiKey.from_row(row) for row in page.rows])


@strawberry.input(description="A username and its password.")
class SignInInput:
    username: str = strawberry.field(description="The account's sign-in name.")
    password: str = strawberry.field(description="Its password.")


@strawberry.type(description="The signed-in account; the session cookie now carries it.")
class SignInPayload:
    account: Account | None = strawberry.field(default=None, description="Who you are now.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why you are not signed in."
    )


@strawberry.type(description="The session is over.")
class SignOutPayload:
    signed_out: bool = strawberry.field(description="True: the session cookie is cleared.")


def _session_request(info: Info) -> Any:
    """The request whose session cookie a sign-in may set: a portal form (CSRF-checked)
    or a JSON /graphql request with no API key; never a key, a WebSocket or a cross-site
    form post."""
    if not info.context.can_start_session:
        raise Forbidden(N_("此请求不能登录或退出，请使用登录页面或 JSON 请求"))
    return info.context.request


@strawberry.type
class SessionMutation:
    @strawberry.mutation(
        description="Sign in with a username and password: the response sets the session "
        "cookie. A wrong pair is a userError (INVALID_CREDENTIALS) that does not say which "
        "part was wrong. After too many failures for the username or from the client's "
        "address the password is not checked: RATE_LIMITED, with retryAfter seconds."
    )
    async def sign_in(self, info: Info, input: SignInInput) -> SignInPayload:
        request = _session_request(info)
        address = request.client.host if request.client else "unknown"
        viewer, errors = await attempt(
            info,
            sign_in.sign_in(
                request.app.state.rate_limits, input.username.strip(), input.password, address
            ),
        )
        if viewer is None or viewer.account_id is None:
            return SignInPayload(user_errors=errors)
        info.context.viewer = await sessions.sign_in(request, viewer)
        row = await info.context.loader(AccountByIdLoader).load(viewer.account_id)
        return SignInPayload(account=Account.from_row(row) if row else None)

    @strawberry.mutation(
        description="End this session: it stops working at once, wherever its cookie is "
        "(and its WebSockets close), and the session cookie is cleared."
    )
    async def sign_out(self, info: Info) -> SignOutPayload:
        await sessions.sign_out(_session_request(info))
        info.context.viewer = ANONYMOUS
        return SignOutPayload(signed_out=True)


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(
        description="Issue an API key to a partner. Admins only.", extensions=ADMIN_ONLY
    )
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyPayload:
        created, errors = await attempt(info, accounts.create_api_key(input.name, input.scopes))
        if created is None:
            return CreateApiKeyPayload(user_errors=errors)
        row, raw_key = created
        return CreateApiKeyPayload(api_key=ApiKey.from_row(row), key=raw_key)

    @strawberry.mutation(
        description="Revoke an API key at once. Admins only.", extensions=ADMIN_ONLY
    )
    async def revoke_api_key(self, info: Info, input: RevokeApiKeyInput) -> RevokeApiKeyPayload:
        key_id = node_pk(input.id, "ApiKey")
        row, errors = await attempt(info, accounts.revoke_api_key(key_id=key_id))
        return RevokeApiKeyPayload(
            api_key=ApiKey.from_row(row) if row else None, user_errors=errors
        )
