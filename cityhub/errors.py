"""Expected failures, raised by resolvers and turned into API errors by the schema."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: a stable code, a message id, the input field."""

    code: str
    message: str
    field: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


class CityHubError(Exception):
    """An expected error with a stable code; its message is safe to show."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params
        if code:
            self.code = code


class BadInput(CityHubError):
    code = "BAD_USER_INPUT"


class Unauthenticated(CityHubError):
    code = "UNAUTHENTICATED"


class Forbidden(CityHubError):
    code = "FORBIDDEN"


class Rejected(CityHubError):
    """A command refused for reasons the caller can fix: becomes `userErrors`."""

    code = "REJECTED"

    def __init__(self, *problems: Problem) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
