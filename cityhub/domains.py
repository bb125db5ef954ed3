"""The installed domains: one line each. Every layer finds what a domain brings to it here.

A domain is a package of the same name in each layer it has something for
(`cityhub/models/<name>/`, `cityhub/resolvers/<name>/`, `cityhub/seeding/<name>/`,
`cityhub/schema/<name>/`, `cityhub/portal/<name>/`, `cityhub/templates/<name>/`); the
platform loads them from this list and never imports a domain by name.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from types import ModuleType

INSTALLED_DOMAINS: tuple[str, ...] = (
    "union",
    "housing",
    "council",
    "events",
)
LAYERS = ("models", "resolvers", "seeding", "schema", "portal")


@functools.cache
def layer_packages(layer: str) -> tuple[ModuleType, ...]:
    """``cityhub.<layer>.<domain>`` for each installed domain that has that layer, in order."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}")
    found = []
    for name in INSTALLED_DOMAINS:
        module_name = f"cityhub.{layer}.{name}"
        if importlib.util.find_spec(module_name) is not None:
            found.append(importlib.import_module(module_name))
    return tuple(found)


def declarations(layer: str) -> list[object]:
    """The `domain` object each installed domain declares in ``layer``'s package."""
    return [package.domain for package in layer_packages(layer) if hasattr(package, "domain")]


def domain_of(module_name: str) -> str | None:
    """The installed domain a module belongs to (``cityhub.schema.union.stations`` -> union)."""
    parts = module_name.split(".")
    if len(parts) >= 3 and parts[0] == "cityhub" and parts[2] in INSTALLED_DOMAINS:
        return parts[2]
    return None
