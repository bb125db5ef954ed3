"""Signing in with a password, within the limits on failed attempts (cityhub.ratelimits)."""

from __future__ import annotations

import asyncio
import logging
import math
from weakref import WeakValueDictionary

from cityhub.errors import Problem, Rejected
from cityhub.i18n import N_
from cityhub.ratelimits import RateLimits, SignInCheck
from cityhub.resolvers.accounts import Viewer, authenticate_password

logger = logging.getLogger("cityhub.security")
# Attempts on one username wait for each other in this process, so a burst of parallel
# guesses cannot all pass the check before the first failure is counted.
_attempts: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()


def _invalid() -> Rejected:
    return Rejected(Problem("INVALID_CREDENTIALS", N_("用户名或密码不正确"), "password"))


def _refused(username: str, address: str, check: SignInCheck) -> Rejected:
    which = [
        name
        for name, hit in (("account", check.account_limited), ("address", check.address_limited))
        if hit
    ]
    logger.warning(
        "sign-in refused for %r from %s: too many failed attempts (%s); retry in %d s",
        username[:64],
        address,
        " and ".join(which),
        check.retry_after,
    )
    minutes = math.ceil(check.retry_after / 60)
    message = N_("登录失败次数过多，请 {minutes} 分钟后再试")
    params = {"minutes": minutes, "retry_after": check.retry_after}
    return Rejected(Problem("RATE_LIMITED", message, None, params))


async def sign_in(limits: RateLimits, username: str, password: str, address: str) -> Viewer:
    """The account ``username`` names, if ``password`` is its password. Rejected with
    RATE_LIMITED, the password left unchecked, while too many attempts have failed for
    the username or from ``address``; INVALID_CREDENTIALS for a wrong pair (counted)."""
    if not (username and password):
        raise _invalid()
    lock = _attempts.setdefault(username, asyncio.Lock())
    async with lock:
        check = await limits.check_sign_in(username, address)
        if not check.allowed:
            raise _refused(username, address, check)
        viewer = await authenticate_password(username, password)
        if viewer is None:
            await limits.sign_in_failed(username, address)
            raise _invalid()
        await limits.sign_in_succeeded(username)
        return viewer
