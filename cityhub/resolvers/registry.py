"""What a domain brings to the resolvers layer: its entities, roles, API scopes and links.

Each installed domain declares a `ResolverDomain` as `domain` in its resolvers package;
accounts, API keys and the CLI read roles and scopes from here, never from a domain.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from cityhub.domains import declarations
from cityhub.i18n import N_

CITIZEN = "citizen"
ADMIN = "admin"


@dataclass(frozen=True)
class RoleSpec:
    """A role an account may hold; staff roles see the queues and personal data they need."""

    name: str
    label: str
    staff: bool = False


@dataclass(frozen=True)
class AccountLink:
    """`cityhub create-user --<option> VALUE`: ties a new account to a domain's record (e.g.
    a union member) in the same transaction; ``link(value, account_id)`` raises Rejected."""

    option: str
    help: str
    link: Callable[[str, int], Awaitable[object]]


@dataclass(frozen=True)
class Job:
    """Work a domain needs done on a schedule (expiring reservations, say): ``run`` does
    one pass and returns how many things it changed. It runs in one process at a time,
    every ``every`` seconds, across every worker and host (cityhub/jobs.py)."""

    name: str
    every: float
    run: Callable[[], Awaitable[int]]


@dataclass(frozen=True)
class ResolverDomain:
    name: str
    # The domain's entities: the module name each one has in every layer and in tests.
    entities: tuple[str, ...]
    roles: tuple[RoleSpec, ...] = ()
    scopes: Mapping[str, str] = field(default_factory=dict)  # scope -> description (N_)
    account_links: tuple[AccountLink, ...] = ()
    jobs: tuple[Job, ...] = ()


PLATFORM_ROLES = (RoleSpec(CITIZEN, N_("市民")),)
LAST_ROLES = (RoleSpec(ADMIN, N_("管理员"), staff=True),)


@functools.cache
def installed() -> tuple[ResolverDomain, ...]:
    found = declarations("resolvers")
    assert all(isinstance(d, ResolverDomain) for d in found)
    # Every one is (asserted above); the filter narrows the type.
    return tuple(d for d in found if isinstance(d, ResolverDomain))


@functools.cache
def roles() -> tuple[RoleSpec, ...]:
    """Every role: the citizen, each domain's in installed order, the admin last."""
    return (*PLATFORM_ROLES, *(r for d in installed() for r in d.roles), *LAST_ROLES)


@functools.cache
def staff_roles() -> frozenset[str]:
    return frozenset(r.name for r in roles() if r.staff)


@functools.cache
def scopes() -> dict[str, str]:
    """Every scope an API key can hold, with what it allows (a message id)."""
    return {name: text for d in installed() for name, text in d.scopes.items()}


def jobs() -> tuple[Job, ...]:
    return tuple(job for d in installed() for job in d.jobs)


def account_links() -> tuple[AccountLink, ...]:
    return tuple(link for d in installed() for link in d.account_links)
