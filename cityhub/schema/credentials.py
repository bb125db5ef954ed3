"""Mutations that end sessions: a password change, a role change, an admin's "end all"."""

from __future__ import annotations

import strawberry
from strawberry import relay

from cityhub import sessions
from cityhub.resolvers import credentials
from cityhub.schema.accounts import ADMIN_ONLY, Account, AccountByIdLoader
from cityhub.schema.connections import node_pk
from cityhub.schema.context import Info
from cityhub.schema.errors import UserError, attempt
from cityhub.schema.permissions import signed_in


@strawberry.input(description="Your current password and the new one.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="The password you sign in with now.")
    new_password: str = strawberry.field(description="At least 10 characters.")


@strawberry.type(description="Your account, with the new password.")
class ChangePasswordPayload:
    account: Account | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="An account and the roles it should have.")
class SetAccountRolesInput:
    account: relay.GlobalID = strawberry.field(description="The account's global ID.")
    roles: list[str] = strawberry.field(
        description="Every role it should hold (names as the Role enum's values, e.g. "
        "union_staff); the ones it has and is not given here are taken away."
    )


@strawberry.type(description="The account with its new roles.")
class SetAccountRolesPayload:
    account: Account | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="The account whose sessions end.")
class EndAccountSessionsInput:
    account: relay.GlobalID = strawberry.field(description="The account's global ID.")


@strawberry.type(description="The account, signed out everywhere.")
class EndAccountSessionsPayload:
    account: Account | None = None
    ended_sessions: int = strawberry.field(default=0, description="How many sessions ended.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def _account(info: Info, account_id: int) -> Account | None:
    info.context.reset_loaders()  # the row changed during this request
    row = await info.context.loader(AccountByIdLoader).load(account_id)
    return Account.from_row(row) if row else None


@strawberry.type
class CredentialsMutation:
    @strawberry.mutation(
        description="Change your password. Every session of your account ends (other "
        "browsers and their WebSockets at once); this one goes on under a new session cookie "
        "where the request may set one (a JSON request or a portal form), else it ends too. "
        "userErrors: WRONG_PASSWORD, WEAK_PASSWORD, RATE_LIMITED (as signIn counts failures).",
        extensions=signed_in(),
    )
    async def change_password(
        self, info: Info, input: ChangePasswordInput
    ) -> ChangePasswordPayload:
        viewer = info.context.viewer
        request = info.context.request
        address = request.client.host if request and request.client else "unknown"
        limits = request.app.state.rate_limits
        action = credentials.change_password(
            limits, viewer, input.current_password, input.new_password, address
        )
        _, errors = await attempt(info, action)
        if errors:
            return ChangePasswordPayload(user_errors=errors)
        if info.context.can_start_session:
            info.context.viewer = await sessions.sign_in(request, viewer)
        assert viewer.account_id is not None, "signed_in() lets accounts only through"
        return ChangePasswordPayload(account=await _account(info, viewer.account_id))

    @strawberry.mutation(
        description="Set an account's roles (audited). A change ends its sessions, so the "
        "person signs in again with the new roles. Admins only. userErrors: NOT_FOUND, "
        "UNKNOWN_ROLE, NO_ROLE.",
        extensions=ADMIN_ONLY,
    )
    async def set_account_roles(
        self, info: Info, input: SetAccountRolesInput
    ) -> SetAccountRolesPayload:
        account_id = node_pk(input.account, "Account")
        action = credentials.set_roles(info.context.viewer, input.roles, account_id=account_id)
        row, errors = await attempt(info, action)
        if row is None:
            return SetAccountRolesPayload(user_errors=errors)
        return SetAccountRolesPayload(account=await _account(info, row["id"]))

    @strawberry.mutation(
        description="End every session of an account at once: its cookies stop working and "
        "its WebSockets close (audited). Admins only. userErrors: NOT_FOUND.",
        extensions=ADMIN_ONLY,
    )
    async def end_account_sessions(
        self, info: Info, input: EndAccountSessionsInput
    ) -> EndAccountSessionsPayload:
        account_id = node_pk(input.account, "Account")
        action = credentials.end_sessions(info.context.viewer, account_id=account_id)
        found, errors = await attempt(info, action)
        if found is None:
            return EndAccountSessionsPayload(user_errors=errors)
        row, ended = found
        account = await _account(info, row["id"])
        return EndAccountSessionsPayload(account=account, ended_sessions=ended)
