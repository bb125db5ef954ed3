"""The fund centre out of reach for the steps of a test, and back afterwards."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cityhub.resolvers.housing import fund_accounts


@contextmanager
def centre_down(app: Any, mode: str, wait: float = 0.05) -> Iterator[None]:
    """Inside, the centre is `mode` ("unavailable" or "timeout") and the workflow waits
    only `wait` seconds for it; after, the simulator is back with the full wait, so a
    step that follows is not cut short on a busy machine."""
    settings, timeout = app.state.settings, fund_accounts.TIMEOUT_SECONDS
    app.state.settings = dataclasses.replace(settings, fund_centre=mode)
    fund_accounts.TIMEOUT_SECONDS = wait
    try:
        yield
    finally:
        app.state.settings, fund_accounts.TIMEOUT_SECONDS = settings, timeout
