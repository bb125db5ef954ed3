"""Tortoise models: the platform's modules, then every module of each installed domain."""

from __future__ import annotations

import pkgutil

from cityhub.domains import layer_packages

PLATFORM_MODULES = [
    "cityhub.models.accounts",
    "cityhub.models.audit",
    "cityhub.models.facts",
    "cityhub.models.geo",
    "cityhub.models.leases",
    "cityhub.models.ratelimits",
    "cityhub.models.sessions",
    "cityhub.models.sms",
    "cityhub.models.workflow",
]


def model_modules() -> list[str]:
    """What Tortoise loads: a domain brings every module of its models package."""
    found = list(PLATFORM_MODULES)
    for package in layer_packages("models"):
        found += [
            f"{package.__name__}.{info.name}"
            for info in pkgutil.iter_modules(package.__path__)
            if not info.ispkg
        ]
    return found
