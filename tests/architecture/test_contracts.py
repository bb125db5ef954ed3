"""The domain contracts that lint-imports runs (scripts/test): they catch what they say."""

from __future__ import annotations

import grimp
import pytest

from tests.architecture.contracts import (
    DomainsIndependentContract,
    PlatformImportsNoDomainContract,
)


def graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    found = grimp.ImportGraph()
    for importer, imported in imports:
        found.add_import(importer=importer, imported=imported)
    return found


def kept(contract_type: type, *imports: tuple[str, str]) -> bool:
    contract = contract_type(name="test", session_options={}, contract_options={})
    return contract.check(graph(*imports), verbose=False).kept


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("cityhub.schema.search", "cityhub.schema.union.stations", False),
        ("cityhub.cli", "cityhub.resolvers.union.members", False),
        ("cityhub.models", "cityhub.models.housing.projects", False),
        ("cityhub.schema.union.stations", "cityhub.schema.search", True),
        ("cityhub.schema.union.stations", "cityhub.schema.union.check_ins", True),
    ],
)
def test_the_platform_never_imports_a_domain(importer, imported, allowed):
    assert kept(PlatformImportsNoDomainContract, (importer, imported)) is allowed


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("cityhub.schema.housing.projects", "cityhub.schema.union.stations", False),
        ("cityhub.portal.council", "cityhub.resolvers.union.members", False),
        ("cityhub.schema.housing.projects", "cityhub.resolvers.housing.projects", True),
        ("cityhub.schema.housing.projects", "cityhub.schema.geo", True),
    ],
)
def test_domains_reach_each_other_only_through_the_platform(importer, imported, allowed):
    assert kept(DomainsIndependentContract, (importer, imported)) is allowed
