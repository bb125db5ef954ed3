"""Who may apply for aid or act on an application: signed-in accounts, not API keys."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from cityhub.errors import Forbidden, Unauthenticated
from cityhub.i18n import N_
from cityhub.schema.context import Info


class AccountsOnly(BasePermission):
    """A signed-in person: anonymous is UNAUTHENTICATED, an API key FORBIDDEN."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        if viewer.account_id is not None:
            return True
        if viewer.is_authenticated:
            raise Forbidden(N_("API 密钥不能代替会员或工作人员操作"))
        raise Unauthenticated(N_("请先登录"))


ACCOUNTS_ONLY: list[FieldExtension] = [PermissionExtension([AccountsOnly()], use_directives=False)]
