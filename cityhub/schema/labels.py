"""Enums with labels in the viewer's language, declared once beside the enum.

`labelled_enum` makes the strawberry enum and records each value's label (a message id);
`enumLabels` answers them in the asker's language, values in declared order, so pages
and partners build option lists and badges from the schema, never from a copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any, TypeVar

import strawberry

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.schema.context import Info

E = TypeVar("E", bound=type[Enum])
# GraphQL enum name -> [(GraphQL value name, label message id)], in declared order.
LABELS: dict[str, list[tuple[str, str]]] = {}
MAX_ENUMS = 20


def labelled_enum(
    python_enum: E, labels: Mapping[Any, str], *, name: str | None = None, description: str
) -> E:
    """``strawberry.enum`` plus a label per value; every value must have one."""
    graphql_name = name or python_enum.__name__
    missing = [member.name for member in python_enum if member.value not in labels]
    if missing:
        raise ValueError(f"{graphql_name}: no label for {missing}")
    LABELS[graphql_name] = [(member.name, labels[member.value]) for member in python_enum]
    return strawberry.enum(python_enum, name=graphql_name, description=description)


@strawberry.type(description="One value of an enum with its label.")
class EnumValueLabel:
    value: str = strawberry.field(description="The value as the schema spells it, e.g. PAID.")
    label: str = strawberry.field(description="What to show for it, in your language.")


@strawberry.type(description="An enum's values with their labels, in their declared order.")
class EnumLabels:
    name: str = strawberry.field(description="The enum, e.g. AidApplicationState.")
    values: list[EnumValueLabel] = strawberry.field(description="Its values, in order.")


@strawberry.type
class LabelsQuery:
    @strawberry.field(
        description="Labels for enum values in your language (Accept-Language), for option "
        'lists and badges: e.g. enumLabels(names: ["Amenity"]).'
    )
    def enum_labels(
        self,
        info: Info,
        names: Annotated[list[str], strawberry.argument(description="Enum names, at most 20.")],
    ) -> list[EnumLabels]:
        unknown = [n for n in names if n not in LABELS]
        if unknown or len(names) > MAX_ENUMS:
            raise BadInput(
                N_("没有这些带标签的枚举：{names}"), code="BAD_USER_INPUT", names=", ".join(unknown)
            )
        _ = info.context._
        return [
            EnumLabels(
                name=name,
                values=[EnumValueLabel(value=v, label=_(label)) for v, label in LABELS[name]],
            )
            for name in names
        ]
