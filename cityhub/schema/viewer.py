"""Who is asking, in the schema: the platform's part of `Viewer` (domains add theirs)."""

from __future__ import annotations

from enum import Enum

import strawberry

from cityhub.schema.accounts import Account, AccountByIdLoader, Role
from cityhub.schema.context import Info


@strawberry.enum(description="Who is asking.")
class ViewerKind(Enum):
    ANONYMOUS = "anonymous"
    ACCOUNT = "account"
    API_KEY = "api_key"


@strawberry.type(name="ViewerFields", description="What every viewer has; Viewer adds more.")
class ViewerFields:
    kind: ViewerKind = strawberry.field(
        description="Anonymous, a signed-in account, or an API key."
    )
    roles: list[Role] = strawberry.field(description="The account's roles; empty otherwise.")
    scopes: list[str] = strawberry.field(description="The API key's scopes; empty otherwise.")
    api_key_name: str | None = strawberry.field(description="The API key's name, when one is used.")
    account_id: strawberry.Private[int | None]

    @strawberry.field(description="The signed-in account, with its own personal data.")
    async def account(self, info: Info) -> Account | None:
        if self.account_id is None:
            return None
        row = await info.context.loader(AccountByIdLoader).load(self.account_id)
        return Account.from_row(row) if row else None

    @classmethod
    def of(cls, info: Info) -> dict:
        """The constructor arguments for the request's viewer."""
        viewer = info.context.viewer
        return {
            "kind": ViewerKind(viewer.kind),
            "roles": sorted(viewer.roles),
            "scopes": sorted(viewer.scopes),
            "api_key_name": viewer.api_key_name,
            "account_id": viewer.account_id,
        }
