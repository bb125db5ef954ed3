"""Bounds every input meets before a resolver runs: strings (a length, no NUL byte) and
decimals (finite, no more digits than the columns hold). IDs and cursors are bounded where
they are decoded (resolvers/pagination.row_id)."""

from __future__ import annotations

from collections.abc import Iterator, Sized
from decimal import Decimal, InvalidOperation
from typing import Any

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
    is_interface_type,
    is_object_type,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.types.scalar import ScalarDefinition
from strawberry.schema_directive import Location

from cityhub.errors import BadInput
from cityhub.i18n import N_

# Any text argument or input field without its own @maxLength: above the longest text
# a form takes (a workflow note, 2,000 characters) and far below what makes a LIKE
# pattern too complex for SQLite (50,000 bytes).
DEFAULT_MAX_LENGTH = 4000
# The widest decimal column takes 12 digits with 2 after the point (money); ratios take
# 4 after the point. An input with more cannot be stored, and more than 28 digits would
# fail Python's own decimal arithmetic.
DECIMAL_INTEGER_DIGITS = 10
DECIMAL_PLACES = 4
_DECIMAL_TEXT_MAX = 40  # characters read at all ("-1234567890.1234" and spaces)
_TEXT_SCALARS = frozenset({"String", "ID"})


@strawberry.schema_directive(
    locations=[Location.ARGUMENT_DEFINITION, Location.INPUT_FIELD_DEFINITION],
    description="The most characters this text takes; a longer one is BAD_USER_INPUT.",
)
class MaxLength:
    value: int


def max_length(value: int) -> list[object]:
    """``directives=`` for a text argument or input field: ``strawberry.argument(...,
    directives=max_length(32))``."""
    return [MaxLength(value=value)]


def at_most(given: Sized | None, most: int, code: str, argument: str | None = None) -> None:
    """Refuse a list argument of more than ``most`` items (BadInput with ``code``)."""
    if given is not None and len(given) > most:
        named = {"argument": argument} if argument else {}
        raise BadInput(N_("一次最多查询 {max} 个对象"), code=code, max=most, **named)


def _decimal_problem() -> BadInput:
    return BadInput(
        N_("数值须为有限的数字，小数点前最多 {integer} 位、小数点后最多 {places} 位"),
        integer=DECIMAL_INTEGER_DIGITS,
        places=DECIMAL_PLACES,
    )


def parse_decimal(value: object) -> Decimal:
    """A Decimal input (a string, or a JSON number as strawberry's scalar takes it)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _decimal_problem()
    text = str(value).strip()
    if len(text) > _DECIMAL_TEXT_MAX:
        raise _decimal_problem()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _decimal_problem() from None
    if not number.is_finite():
        raise _decimal_problem()
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) + exponent > DECIMAL_INTEGER_DIGITS or -exponent > DECIMAL_PLACES:
        raise _decimal_problem()
    return number


DECIMAL = ScalarDefinition(
    name="Decimal",
    description=f'Decimal (fixed-point), as a string such as "3000.00": finite, at most '
    f"{DECIMAL_INTEGER_DIGITS} digits before the point and {DECIMAL_PLACES} after.",
    specified_by_url=None,
    serialize=str,
    parse_value=parse_decimal,
    parse_literal=None,
)
SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {Decimal: DECIMAL}


def _bound(definition: Any) -> int:
    """The @maxLength on a GraphQL argument or input field, else the default."""
    strawberry_definition = (definition.extensions or {}).get("strawberry-definition")
    for directive in getattr(strawberry_definition, "directives", None) or ():
        if isinstance(directive, MaxLength):
            return directive.value
    return DEFAULT_MAX_LENGTH


def _text_problems(type_: Any, bound: int, value: Any, at: str) -> Iterator[BadInput]:
    """Strings in ``value`` (raw JSON, as sent) that break ``bound`` or hold a NUL byte,
    following the GraphQL input type; values of the wrong shape are left to coercion."""
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if value is None:
        return
    if isinstance(type_, GraphQLList):
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            yield from _text_problems(type_.of_type, bound, item, f"{at}.{i}")
    elif isinstance(type_, GraphQLInputObjectType) and isinstance(value, dict):
        for name, input_field in type_.fields.items():
            if name in value:
                yield from _text_problems(
                    input_field.type, _bound(input_field), value[name], f"{at}.{name}"
                )
    elif isinstance(type_, GraphQLScalarType) and type_.name in _TEXT_SCALARS:
        if isinstance(value, str) and "\x00" in value:
            yield BadInput(N_("{argument} 含有空字符（NUL），无法接受"), argument=at)
        elif isinstance(value, str) and len(value) > bound:
            yield BadInput(N_("{argument} 最多 {max} 个字符"), argument=at, max=bound)


def _fields(
    schema: GraphQLSchema, document: Any, operation_name: str | None
) -> Iterator[tuple[Any, FieldNode]]:
    """Each field the operation selects, with its definition (fragments followed once)."""
    operation = get_operation_ast(document, operation_name)
    root = operation and schema.get_root_type(operation.operation)
    if operation is None or root is None:
        return
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    pending: list[tuple[Any, SelectionSetNode]] = [(root, operation.selection_set)]
    seen: set[str] = set()
    while pending:
        parent, selections = pending.pop()
        fields = parent.fields if is_object_type(parent) or is_interface_type(parent) else {}
        for node in selections.selections:
            if isinstance(node, FieldNode):
                definition = fields.get(node.name.value)
                if definition is not None:
                    yield definition, node
                    if node.selection_set:
                        pending.append((get_named_type(definition.type), node.selection_set))
                continue
            fragment: InlineFragmentNode | FragmentDefinitionNode | None = (
                node if isinstance(node, InlineFragmentNode) else None
            )
            if isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                seen.add(node.name.value)
                fragment = fragments.get(node.name.value)
            if fragment is not None:
                condition = fragment.type_condition
                inner = schema.get_type(condition.name.value) if condition else parent
                pending.append((inner or parent, fragment.selection_set))


def text_problems(
    schema: GraphQLSchema, document: Any, operation_name: str | None, variables: Any
) -> Iterator[BadInput]:
    """What is wrong with the text arguments of an operation, literal or in variables."""
    variables = variables if isinstance(variables, dict) else {}
    for definition, node in _fields(schema, document, operation_name):
        for argument_node in node.arguments or ():
            argument = definition.args.get(argument_node.name.value)
            if argument is None:
                continue
            value = value_from_ast_untyped(argument_node.value, variables)
            yield from _text_problems(
                argument.type, _bound(argument), value, argument_node.name.value
            )


class InputBounds(SchemaExtension):
    """Refuses an operation whose text arguments break their bounds, before it runs: one
    BAD_USER_INPUT error naming the argument (extensions.argument). Listed after
    ValidationCache: a document that failed validation is left with those errors."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if not context.pre_execution_errors and context.graphql_document is not None:
            problem = next(
                text_problems(
                    context.schema._schema,
                    context.graphql_document,
                    context.operation_name,
                    context.variables,
                ),
                None,
            )
            if problem is not None:
                context.pre_execution_errors = [
                    GraphQLError(problem.message, original_error=problem)
                ]
        yield
