"""A leaner execution of plain fields: what graphql-core does per field, done once per type.

graphql-core executes every field the same way: it builds a resolve info, calls the
resolver (strawberry's basic one, for a field without its own: ``getattr``), checks the
result for awaitables, then completes it through the generic path (non-null, list,
object or leaf) with more checks on the way. A list of 35 stations with ten plain fields
each does that some 400 times per request, and it was most of the uncached stations
query's time (`bench/profile.py`).

Here the plain fields (`cityhub.schema.execution_plans`) skip it: a scalar or enum field
is read and coerced in one step, with the leaf type's own ``coerce_output_value`` (the
call graphql-core makes, so the output is the same); an object field, or a list of
objects, goes straight to executing its sub-selection on each value.

Anything out of the ordinary takes graphql-core's own path instead, which then does what
it always does, errors included: a null where the type forbids one, a value the type
cannot coerce, a missing attribute, a value the type's check might refuse, a field with
directives left on it, a list that is not a list or tuple, and every field while a
middleware is in place (strawberry makes one of the extensions that implement
``resolve``; the schema's own do not). Reading the attribute twice in those cases is
harmless: a plain field has nothing to run. Errors raised below an object field are
handled as graphql-core handles them (located, nulled up to the nearest nullable field).

This is the pattern a domain's hot list fields follow: build strawberry objects from the
rows with the related data already batched (DataLoaders), and keep their fields plain.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any

from graphql import GraphQLObjectType, GraphQLOutputType
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.executor import gather_with_cancel
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from cityhub.schema.execution_plans import ObjectField, Plan, plans_of


class LeanExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context with plain fields completed without a resolver."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Mapping[str, FieldDetailsList],
        position_context: Any,
    ) -> Any:
        """graphql-core's ``execute_fields`` (3.3) with the plain fields taken first."""
        middleware = self.middleware_manager
        plans = {} if middleware is not None and middleware.middlewares else plans_of(parent_type)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                plan = plans.get(field_details_list[0].node.name.value)
                field_path = Path(path, response_name, parent_type.name)
                result: Any = Undefined
                if plan is not None:
                    result = self.plain(
                        plan, source_value, field_details_list, field_path, position_context
                    )
                if result is Undefined:
                    result = self.execute_field(
                        parent_type, source_value, field_details_list, field_path, position_context
                    )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self.gather_fields(results, awaitable_fields)

    def plain(
        self,
        plan: Plan,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        """A plain field's completed value, or Undefined for graphql-core's own path."""
        node = field_details_list[0].node
        if node.arguments or node.directives:
            return Undefined
        if isinstance(plan, ObjectField):
            return self.object_field(plan, source, field_details_list, path, position_context)
        return plan(source)

    async def gather_fields(self, results: dict[str, Any], awaitable_fields: list[str]) -> Any:
        if len(awaitable_fields) == 1:
            field = awaitable_fields[0]
            results[field] = await results[field]
            return results
        awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
        results.update(zip(awaitable_fields, awaited, strict=True))
        return results

    def object_field(
        self,
        plan: ObjectField,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        """The completed value of a plain object (or object list) field, or Undefined."""
        try:
            value = getattr(source, plan.attribute)
        except Exception:
            return Undefined
        if value is None:
            return Undefined if plan.non_null else None
        if plan.is_list:
            if not isinstance(value, (list, tuple)):
                return Undefined
            if any(item is None or not plan.accepts(item) for item in value):
                return Undefined
        elif not plan.accepts(value):
            return Undefined
        try:
            if plan.is_list:
                completed = self.object_list(
                    plan, value, field_details_list, path, position_context
                )
            else:
                completed = self.collect_and_execute_subfields(
                    plan.object_type, field_details_list, path, value, position_context
                )
        except Exception as raw_error:
            self.handle_field_error(raw_error, plan.field_type, field_details_list, path)
            return None
        if self.is_awaitable(completed):
            return self.settle(completed, plan.field_type, field_details_list, path)
        return completed

    def object_list(
        self,
        plan: ObjectField,
        values: list[Any] | tuple[Any, ...],
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        item_type = plan.item_type
        assert item_type is not None
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        for index, value in enumerate(values):
            item_path = path.add_key(index, None)
            try:
                item = self.collect_and_execute_subfields(
                    plan.object_type, field_details_list, item_path, value, position_context
                )
            except Exception as raw_error:
                self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                item = None
            if self.is_awaitable(item):
                item = self.settle(item, item_type, field_details_list, item_path)
                awaitable_indices.append(index)
            completed.append(item)
        if not awaitable_indices:
            return completed
        return self.gather_items(completed, awaitable_indices)

    async def gather_items(self, completed: list[Any], awaitable_indices: list[int]) -> list[Any]:
        awaited = await gather_with_cancel(*(completed[index] for index in awaitable_indices))
        for index, item in zip(awaitable_indices, awaited, strict=True):
            completed[index] = item
        return completed

    async def settle(
        self,
        completed: Awaitable[Any],
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
    ) -> Any:
        """Await a completion; an error in it is handled as graphql-core handles it."""
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
