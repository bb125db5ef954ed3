"""Which fields of a type are plain, and how each is completed: worked out once per type.

A *plain* field is one strawberry resolves with the bare attribute (no resolver of its
own, no field extensions, no permission classes, no exception handlers) and that takes
no arguments; a relay node's ``id`` counts too while its type keeps relay's own
``resolve_id`` and ``resolve_typename``. A plain field of a scalar or enum type (or a
list of them) is completed here, by a function of the source object; one of an object
type (or a list of them) is an `ObjectField`, whose sub-selection the execution context
runs itself. See `cityhub.schema.execution`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.pyutils import Undefined
from strawberry import relay
from strawberry.types.cast import get_strawberry_type_cast

# Reads one field's completed value from a source object, or Undefined: "take the usual path".
Complete = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class ObjectField:
    """A plain field of an object type, or of a list of them."""

    attribute: str
    field_type: GraphQLOutputType  # as declared, with its non-null wrappers
    item_type: GraphQLOutputType | None  # of a list, with its non-null wrapper
    object_type: GraphQLObjectType
    origin: type | None  # set when the type checks its values: only this exact class passes
    non_null: bool
    is_list: bool
    item_non_null: bool

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` passes the type's own check without running it."""
        if self.object_type.is_type_of is None:
            return True
        return type(value) is self.origin and get_strawberry_type_cast(value) is None


Plan = Complete | ObjectField

# Per type object, so a schema built again (tests build many) starts afresh.
_PLANS: weakref.WeakKeyDictionary[GraphQLObjectType, dict[str, Plan]] = weakref.WeakKeyDictionary()
_NODE_ID = relay.Node.__dict__["_id"].__func__
_RESOLVE_ID = relay.Node.__dict__["resolve_id"].__func__
_RESOLVE_TYPENAME = relay.Node.__dict__["resolve_typename"].__func__


def plans_of(parent_type: GraphQLObjectType) -> dict[str, Plan]:
    """The plain fields of ``parent_type`` by GraphQL name, with how to complete each."""
    plans = _PLANS.get(parent_type)
    if plans is None:
        plans = {}
        for name, field in parent_type.fields.items():
            plan = plain_field(parent_type, field)
            if plan is not None:
                plans[name] = plan
        _PLANS[parent_type] = plans
    return plans


def plain_field(parent_type: GraphQLObjectType, field: GraphQLField) -> Plan | None:
    definition = (field.extensions or {}).get("strawberry-definition")
    if definition is None or field.args or definition.extensions:
        return None
    if definition.base_resolver is not None:
        return node_id(parent_type, field, definition.base_resolver)
    if not getattr(field.resolve, "_is_default", False):
        return None
    if definition.default_resolver is not getattr:
        return None
    return leaf_plan(definition.python_name, field.type) or object_plan(
        definition.python_name, field.type
    )


def leaf_plan(attribute: str, field_type: GraphQLOutputType) -> Complete | None:
    non_null, inner = unwrap(field_type)
    if is_leaf_type(inner):
        return leaf(attribute, inner.coerce_output_value, non_null)
    if isinstance(inner, GraphQLList):
        item_non_null, item = unwrap(inner.of_type)
        if is_leaf_type(item):
            coerce = item.coerce_output_value
            return leaf_list(attribute, coerce, non_null, item_non_null)
    return None


def object_plan(attribute: str, field_type: GraphQLOutputType) -> ObjectField | None:
    non_null, inner = unwrap(field_type)
    is_list, item_non_null, item_type = False, False, None
    if isinstance(inner, GraphQLList):
        is_list, item_type = True, inner.of_type
        item_non_null, inner = unwrap(item_type)
    if not isinstance(inner, GraphQLObjectType):
        return None
    definition = (inner.extensions or {}).get("strawberry-definition")
    origin = None
    if inner.is_type_of is not None:
        if definition is None or definition.is_type_of is not None:
            return None  # a check of the type's own: always run it
        origin = definition.origin
    return ObjectField(
        attribute, field_type, item_type, inner, origin, non_null, is_list, item_non_null
    )


def node_id(parent_type: GraphQLObjectType, field: GraphQLField, resolver: Any) -> Plan | None:
    """relay's ``id``: the type's name and its NodeID attribute, as a global ID."""
    bound = getattr(resolver, "wrapped_func", None)
    definition = (parent_type.extensions or {}).get("strawberry-definition")
    origin = getattr(definition, "origin", None)
    if getattr(bound, "__func__", None) is not _NODE_ID or origin is None:
        return None
    if getattr(origin.resolve_id, "__func__", None) is not _RESOLVE_ID:
        return None
    if getattr(origin.resolve_typename, "__func__", None) is not _RESOLVE_TYPENAME:
        return None
    _, scalar = unwrap(field.type)
    if not is_leaf_type(scalar):
        return None
    attribute, type_name = origin.resolve_id_attr(), parent_type.name
    coerce = scalar.coerce_output_value

    def complete(source: Any) -> Any:
        if type(source) is not origin:
            return Undefined
        value = getattr(source, attribute, None)
        if value is None:
            return Undefined
        try:
            return coerce(relay.GlobalID(type_name=type_name, node_id=str(value)))
        except Exception:
            return Undefined

    return complete


def unwrap(field_type: GraphQLOutputType) -> tuple[bool, Any]:
    if isinstance(field_type, GraphQLNonNull):
        return True, field_type.of_type
    return False, field_type


def leaf(attribute: str, coerce: Callable[[Any], Any], non_null: bool) -> Complete:
    def complete(source: Any) -> Any:
        try:
            value = getattr(source, attribute)
            if value is None:
                return Undefined if non_null else None
            coerced = coerce(value)
        except Exception:
            return Undefined
        return Undefined if coerced is None else coerced

    return complete


def leaf_list(
    attribute: str, coerce: Callable[[Any], Any], non_null: bool, item_non_null: bool
) -> Complete:
    def complete(source: Any) -> Any:
        try:
            values = getattr(source, attribute)
            if values is None:
                return Undefined if non_null else None
            if not isinstance(values, (list, tuple)):
                return Undefined
            completed: list[Any] = []
            for value in values:
                if value is None:
                    if item_non_null:
                        return Undefined
                    completed.append(None)
                    continue
                coerced = coerce(value)
                if coerced is None or coerced is Undefined:
                    return Undefined
                completed.append(coerced)
        except Exception:
            return Undefined
        return completed

    return complete
