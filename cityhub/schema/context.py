"""The per-request GraphQL context: who asks, in which language, and the loaders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import strawberry
from strawberry.dataloader import DataLoader

from cityhub.i18n import DEFAULT_LOCALE, translate
from cityhub.resolvers.accounts import ANONYMOUS, Viewer

L = TypeVar("L", bound=DataLoader[Any, Any])
R = TypeVar("R")


def batch_loader(load: Callable[[list[Any]], Any]) -> type[DataLoader[Any, Any]]:
    """A loader class for a batch function (ids -> rows in their order), for
    ``Context.loader``: one class per function, so each request has one instance."""

    class Loader(DataLoader[Any, Any]):
        def __init__(self) -> None:
            super().__init__(load_fn=load)

    return Loader


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
    _loaders: dict[Callable[[], DataLoader[Any, Any]], DataLoader[Any, Any]] = field(
        default_factory=dict
    )

    # A loader class here takes no arguments (it names its own load function).
    def loader(self, loader_class: Callable[[], L]) -> L:
        """The request's one instance of ``loader_class``, so its batches are shared."""
        loader = self._loaders.get(loader_class)
        if loader is None:
            loader = self._loaders[loader_class] = loader_class()
        return cast(L, loader)  # the map holds each class's own instance

    def reset_loaders(self) -> None:
        """Forget what was loaded: a long-lived context (a subscription) sees new data."""
        self._loaders.clear()

    def _(self, message: str, **params: object) -> str:
        return translate(self.locale, message, **params)


def referenced(rows: Sequence[R | None], what: str) -> list[R]:
    """Rows a loader found for foreign keys, which always point at a row: none is missing."""
    found = [row for row in rows if row is not None]
    if len(found) < len(rows):
        raise LookupError(f"a {what} that a foreign key points at is missing")
    return found


Info = strawberry.Info[Context, None]
