"""Finding what a new report resembles, and who could help with a case.

Similarity is Chinese-aware without a segmenter: texts are compared as sets of character
bigrams (and single characters, at a lower weight), with Latin words and numbers kept
whole, so 地库充电桩装不了 meets 地下车库无法安装充电桩 on 充电, 电桩, 地, 库, 装. The
score is the share of the query's grams that the case has, so a short query is not
diluted by a long description. Candidates are the visible, live or recently finished
cases of the same compound (and category, when given), newest first, at most
CANDIDATES_MAX; the policy gives the least score shown and how many.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from cityhub.models.council.cases import CouncilCase
from cityhub.models.council.residents import Skill
from cityhub.resolvers.council.cases import (
    CASE_FIELDS,
    DONE_STATES,
    OPEN_STATES,
    CaseFilter,
    policy,
    visible,
)
from cityhub.resolvers.council.residents import talent_pool

CANDIDATES_MAX = 500
BIGRAM_WEIGHT = 0.7
_WORD = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")
_STOP = set("的了是在我们你他她它和与及或也都就还又很吗呢吧啊有没不个")


def grams(text: str) -> tuple[set[str], set[str]]:
    """(bigrams, single characters and Latin words) of a text."""
    tokens = _WORD.findall(text.lower())
    han = [t for t in tokens if len(t) == 1 and "\u4e00" <= t <= "\u9fff"]
    singles = {t for t in tokens if t not in _STOP}
    pairs = {a + b for a, b in itertools.pairwise(han)}
    return pairs, singles


def similarity(query: str, text: str) -> float:
    """0 to 1: how much of the query the text has."""
    q_pairs, q_singles = grams(query)
    t_pairs, t_singles = grams(text)
    if not q_singles:
        return 0.0
    pair_share = len(q_pairs & t_pairs) / len(q_pairs) if q_pairs else 0.0
    single_share = len(q_singles & t_singles) / len(q_singles)
    return BIGRAM_WEIGHT * pair_share + (1 - BIGRAM_WEIGHT) * single_share


async def similar_cases(
    text: str, compound_id: int, where: CaseFilter, *, category_id: int | None = None
) -> list[tuple[dict[str, Any], float]]:
    """The cases most like ``text`` (of one category, when given), best first, with their
    scores."""
    rules = await policy()
    query = CouncilCase.filter(
        visible(where),
        compound_id=compound_id,
        state__in=[*OPEN_STATES, *DONE_STATES],
    )
    if category_id is not None:
        query = query.filter(category_id=category_id)
    rows = await query.order_by("-id").limit(CANDIDATES_MAX).values(*CASE_FIELDS, "search_text")
    scored = [(row, similarity(text, row["search_text"])) for row in rows]
    kept = [(row, score) for row, score in scored if score >= rules["similar_threshold"]]
    kept.sort(key=lambda pair: (-pair[1], -pair[0]["id"]))
    return kept[: rules["similar_max"]]


async def talent_for(row: dict[str, Any], category: dict[str, Any]) -> list[dict[str, Any]]:
    """Talent-pool members of the case's community whose skills fit its category (those
    who consented to be contacted), most fitting first."""
    skills = [Skill(s) for s in category["skills"] if s in {k.value for k in Skill}]
    if not skills:
        return []
    return await talent_pool(frozenset({row["community_id"]}), skills)
