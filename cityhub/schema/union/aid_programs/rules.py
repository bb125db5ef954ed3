"""A program's rules in the schema: plain-language sentences from its policy data."""

from __future__ import annotations

import strawberry

from cityhub.i18n import Localized
from cityhub.resolvers.union.aid_programs.rules import RuleText
from cityhub.schema.context import Info


@strawberry.type(description="One rule of a program, in plain language.")
class AidProgramRule:
    key: str = strawberry.field(
        description="Stable key: enrolled, categories, threshold, yearly_limit, ratio, "
        "max_per_claim, students, amount, non_hardship, partner, window."
    )
    text: str = strawberry.field(description="The rule as a sentence, in the asker's language.")
    is_sample: bool = strawberry.field(
        description="The number in it is a sample value, not published policy (示例)."
    )


def rule_text(info: Info, rule: RuleText) -> str:
    english = info.context.locale != "zh-CN"
    params = {k: v for k, v in rule.params.items() if not k.endswith("_en")}
    for name in params:
        params[name] = (english and rule.params.get(f"{name}_en")) or params[name]
    if "categories" in params:
        names: list[Localized] = params["categories"]
        separator = "、" if info.context.locale == "zh-CN" else ", "
        params["categories"] = separator.join(n.pick(info.context.locale) for n in names)
    return info.context._(rule.message, **params)
