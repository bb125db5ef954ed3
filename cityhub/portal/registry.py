"""What a domain brings to the portal: its routes, its navigation entry and its home card."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from starlette.routing import BaseRoute

from cityhub.domains import declarations


@dataclass(frozen=True)
class NavEntry:
    """A link in the site header; ``label`` is a message id (translated on the page)."""

    path: str
    label: str


@dataclass(frozen=True)
class Card:
    """The domain's card under "服务栏目" on the home page."""

    path: str
    title: str
    summary: str


@dataclass(frozen=True)
class PortalDomain:
    name: str  # as in INSTALLED_DOMAINS
    routes: tuple[BaseRoute, ...] = ()
    nav: NavEntry | None = None
    card: Card | None = None


@functools.cache
def installed() -> tuple[PortalDomain, ...]:
    found = declarations("portal")
    assert all(isinstance(d, PortalDomain) for d in found)
    return tuple(found)  # type: ignore[arg-type]


def domain_routes() -> list[BaseRoute]:
    return [route for domain in installed() for route in domain.routes]


def nav_entries() -> list[NavEntry]:
    return [domain.nav for domain in installed() if domain.nav is not None]


def domain_labels() -> dict[str, str]:
    """Each domain's navigation label (a message id), by domain name."""
    return {domain.name: domain.nav.label for domain in installed() if domain.nav is not None}


def cards() -> list[Card]:
    return [domain.card for domain in installed() if domain.card is not None]
