"""The shape every domain has: one name per entity in every layer and in tests; small
files and functions (STYLE.md)."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

from cityhub.domains import INSTALLED_DOMAINS, layer_packages
from cityhub.resolvers.registry import installed
from cityhub.settings import PACKAGE_DIR, PROJECT_DIR

ENTITIES = {domain.name: set(domain.entities) for domain in installed()}
# Besides its entities, a domain's seeding package may have its volume generator.
EXTRA = {"seeding": {"volume"}}
FILE_MAX, FUNCTION_MAX = 300, 40
TEMPLATES = PACKAGE_DIR / "templates"


@pytest.mark.parametrize("layer", ["models", "resolvers", "seeding", "schema", "portal"])
def test_each_module_of_a_domain_is_named_after_one_of_its_entities(layer):
    wrong = [
        f"{package.__name__}.{info.name}"
        for package in layer_packages(layer)
        for info in pkgutil.iter_modules(package.__path__)
        if info.name not in ENTITIES[package.__name__.split(".")[2]] | EXTRA.get(layer, set())
    ]

    assert wrong == []


def test_a_domain_s_templates_sit_in_one_folder_per_entity():
    wrong = [
        f"{domain}/{path.name}"
        for domain, entities in ENTITIES.items()
        if (TEMPLATES / domain).is_dir()
        for path in (TEMPLATES / domain).iterdir()
        if not (path.is_dir() and path.name in entities) and path.stem != "index"
    ]

    assert wrong == []


def test_every_installed_domain_declares_its_entities():
    assert set(ENTITIES) == set(INSTALLED_DOMAINS) - {"events"}


def test_domain_tests_are_named_after_an_entity():
    wrong = [
        path.name
        for domain, entities in ENTITIES.items()
        for path in (PROJECT_DIR / "tests" / domain).glob("test_*.py")
        if not any(path.stem == f"test_{e}" or path.stem.startswith(f"test_{e}_") for e in entities)
    ]

    assert wrong == []


def _sources() -> list[Path]:
    return [p for p in PACKAGE_DIR.rglob("*.py") if "migrations" not in p.parts]


def test_no_file_passes_300_lines():
    long = [
        str(p) for p in _sources() if len(p.read_text(encoding="utf-8").splitlines()) > FILE_MAX
    ]

    assert long == []


def test_no_function_passes_40_lines():
    long = [
        f"{path.relative_to(PACKAGE_DIR)}:{node.name} ({node.end_lineno - node.lineno + 1})"
        for path in _sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > FUNCTION_MAX
    ]

    assert long == []
