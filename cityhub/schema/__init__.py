"""The one root schema: the platform's types and each installed domain's, merged here only.

Every installed domain declares its Query, Mutation and Subscription types and the fields
it adds to `Viewer` (cityhub/schema/registry.py); this module is the one place they meet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import AddValidationRules, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from cityhub.schema.accounts import AccountsMutation, AccountsQuery, SessionMutation
from cityhub.schema.cache import CacheQuery
from cityhub.schema.connections import resolve_global_ids
from cityhub.schema.context import Info
from cityhub.schema.credentials import CredentialsMutation
from cityhub.schema.errors import log_unexpected, shape_errors
from cityhub.schema.execution import LeanExecutionContext
from cityhub.schema.facts import FactsQuery
from cityhub.schema.figures import FiguresQuery
from cityhub.schema.geo import GeoQuery
from cityhub.schema.inputs import SCALAR_OVERRIDES, InputBounds
from cityhub.schema.labels import LabelsQuery
from cityhub.schema.limits import (
    DocumentLimits,
    ReportingParserCache,
    WebSocketKeyRate,
    validation_rules,
)
from cityhub.schema.registry import installed
from cityhub.schema.search import SearchQuery
from cityhub.schema.uploads import SCALARS
from cityhub.schema.viewer import ViewerFields
from cityhub.settings import Settings, load_settings

__all__ = ["build_schema", "sdl"]


@strawberry.type
class NodeQuery:
    @strawberry.field(
        description="Any object by its global ID; null if unknown or not yours to see."
    )
    async def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        (found,) = await resolve_global_ids(info, [id])
        return found

    @strawberry.field(description="Objects by their global IDs (at most 100), in the same order.")
    async def nodes(self, info: Info, ids: list[relay.GlobalID]) -> list[relay.Node | None]:
        return await resolve_global_ids(info, ids)


def merged(name: str, parts: Iterable[type], description: str | None = None) -> Any:
    """One strawberry type with the fields of ``parts``, in their order."""
    bases = tuple(parts)
    return strawberry.type(type(name, bases, {}), description=description)


DOMAINS = installed()
if TYPE_CHECKING:  # built at run time from the installed domains' fields
    Viewer = Any
else:
    Viewer = merged(
        "Viewer",
        [ViewerFields, *(t for d in DOMAINS for t in d.viewer)],
        "Who is asking: nobody, an account, or a partner's API key.",
    )


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="Who is asking, with their roles or scopes.")
    def viewer(self, info: Info) -> Viewer:
        return Viewer(**ViewerFields.of(info))


PLATFORM_QUERIES = (
    NodeQuery,
    ViewerQuery,
    AccountsQuery,
    GeoQuery,
    FactsQuery,
    LabelsQuery,
    CacheQuery,
)
Query = merged(
    "Query",
    [*PLATFORM_QUERIES, SearchQuery, FiguresQuery, *(t for d in DOMAINS for t in d.queries)],
)
Mutation = merged(
    "Mutation",
    [
        SessionMutation,
        AccountsMutation,
        CredentialsMutation,
        *(t for d in DOMAINS for t in d.mutations),
    ],
)
Subscription = merged("Subscription", [t for d in DOMAINS for t in d.subscriptions])


class CityHubSchema(strawberry.Schema):
    mask_unexpected = False

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        # Request errors (parse, validation, expected failures) are the client's business;
        # only unexpected ones are logged, with the request id the client was given.
        context = execution_context.context if execution_context else None
        log_unexpected(errors, getattr(context, "request_id", "-"))
        shape_errors(errors, context, mask_unexpected=self.mask_unexpected)


def build_schema(settings: Settings | None = None) -> CityHubSchema:
    settings = settings or load_settings()
    cache_size = settings.graphql_cache_size
    rules = validation_rules(settings)
    schema = CityHubSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        # Decimal refuses non-finite and oversized values; Upload takes only files.
        config=StrawberryConfig(scalar_map={**SCALAR_OVERRIDES, **SCALARS}),
        # Plain scalar and enum fields are completed in one step (see execution.py).
        execution_context_class=LeanExecutionContext,
        extensions=[
            lambda: DocumentLimits(
                max_tokens=settings.graphql_max_tokens,
                max_length=settings.graphql_max_document_length,
            ),
            lambda: AddValidationRules(rules),
            lambda: ReportingParserCache(maxsize=cache_size),
            lambda: ValidationCache(maxsize=cache_size),
            InputBounds,
            WebSocketKeyRate,
        ],
    )
    schema.mask_unexpected = settings.production
    return schema


def sdl() -> str:
    """The schema in SDL, as committed in schema.graphql."""
    return build_schema().as_str() + "\n"
