"""import-linter contract types for the domain rules (pyproject.toml [tool.importlinter]).

A domain module is one inside ``cityhub.<layer>.<domain>`` for an installed domain
(cityhub/domains.py); every other cityhub module is the platform. Both contracts read the
installed list themselves, so a new platform module or a new domain is covered at once.
"""

from __future__ import annotations

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

from cityhub.domains import INSTALLED_DOMAINS, LAYERS


def domain_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 3 and parts[0] == "cityhub" and parts[1] in LAYERS:
        return parts[2] if parts[2] in INSTALLED_DOMAINS else None
    return None


class _DomainContract(Contract):
    root = fields.StringField(default="cityhub")

    def forbidden(self, importer: str | None, imported: str | None) -> bool:
        raise NotImplementedError

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        broken = sorted(
            (importer, imported)
            for importer in graph.modules
            if importer.startswith(f"{self.root}.")
            for imported in graph.find_modules_directly_imported_by(importer)
            if imported.startswith(f"{self.root}.")
            and self.forbidden(domain_of(importer), domain_of(imported))
        )
        return ContractCheck(kept=not broken, warnings=[], metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported in check.metadata["broken"]:
            output.print_error(f"{importer} imports {imported}")


class PlatformImportsNoDomainContract(_DomainContract):
    """The platform (app, CLI, seeding, volume, root schema, viewer, search, home,
    navigation, platform services) assembles domains from the installed list; it never
    imports one."""

    type_name = "platform_imports_no_domain"

    def forbidden(self, importer: str | None, imported: str | None) -> bool:
        return importer is None and imported is not None


class DomainsIndependentContract(_DomainContract):
    """A domain reaches another only through platform interfaces (Node IDs, the registry)."""

    type_name = "domains_independent"

    def forbidden(self, importer: str | None, imported: str | None) -> bool:
        return None not in (importer, imported) and importer != imported
