"""One permission mechanism for every field: roles for accounts, scopes for API keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from cityhub.errors import Forbidden, Unauthenticated
from cityhub.i18n import N_
from cityhub.schema.context import Info


class Allow(BasePermission):
    """Passes for an account holding one of ``roles`` or a key holding one of ``scopes``."""

    def __init__(self, roles: Iterable[str] = (), scopes: Iterable[str] = ()) -> None:
        self.roles = tuple(roles)
        self.scopes = tuple(scopes)

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        if viewer.has_role(*self.roles) or viewer.has_scope(*self.scopes):
            return True
        if not viewer.is_authenticated:
            raise Unauthenticated(N_("请先登录或提供 API 密钥"))
        raise Forbidden(N_("没有执行此操作的权限"))


# Typed as the list a field's `extensions` takes (a list is invariant in its item type).
def allow(*, roles: Iterable[str] = (), scopes: Iterable[str] = ()) -> list[FieldExtension]:
    """Field extensions: ``@strawberry.field(extensions=allow(roles=[Role.ADMIN]))``."""
    return [PermissionExtension([Allow(roles, scopes)], use_directives=False)]


def signed_in() -> list[FieldExtension]:
    """Any account (not an API key, not anonymous)."""

    class _SignedIn(BasePermission):
        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            if info.context.viewer.account_id is None:
                raise Unauthenticated(N_("请先登录"))
            return True

    return [PermissionExtension([_SignedIn()], use_directives=False)]
