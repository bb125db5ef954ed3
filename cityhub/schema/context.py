"""The per-request GraphQL context: who asks, in which language, and the loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.i18n import DEFAULT_LOCALE, translate
from cityhub.resolvers.accounts import ANONYMOUS, Viewer

L = TypeVar("L", bound=DataLoader)


@dataclass
class Context:
    viewer: Viewer = ANONYMOUS
    locale: str = DEFAULT_LOCALE
    request_id: str = "-"
    request: Any = None
    response: Any = None
    connection_params: dict[str, Any] | None = None
    # Whether signIn/signOut may set this request's session cookie (see schema/accounts.py).
    can_start_session: bool = False
    _loaders: dict[type, DataLoader] = field(default_factory=dict)

    def loader(self, loader_class: type[L]) -> L:
        """The request's one instance of ``loader_class``, so its batches are shared."""
        loader = self._loaders.get(loader_class)
        if loader is None:
            loader = self._loaders[loader_class] = loader_class()
        return loader  # type: ignore[return-value]

    def reset_loaders(self) -> None:
        """Forget what was loaded: a long-lived context (a subscription) sees new data."""
        self._loaders.clear()

    def _(self, message: str, **params: object) -> str:
        return translate(self.locale, message, **params)


Info = strawberry.Info[Context, None]
