"""The council's section of the site search: its communities and compounds, then its
public cases whose title or account contain the words (a private case is never found)."""

from __future__ import annotations

from strawberry import relay

from cityhub.i18n import N_
from cityhub.resolvers.council.cases import search_public
from cityhub.schema.context import Info
from cityhub.schema.council.cases import cases_from_rows
from cityhub.schema.council.communities import search_areas
from cityhub.schema.search import SearchHit, SearchSection


async def search_council(info: Info, text: str, first: int) -> SearchSection:
    places = await search_areas(info, text, first)
    rows, total, samples = await search_public(text, max(first - len(places.hits), 0))
    english = info.context.locale != "zh-CN"
    built = await cases_from_rows(info, rows)
    hits = [
        SearchHit(
            title=(case.title_en if english and case.title_en else case.title),
            summary=f"{case.reference} · {case.state_label}",
            path=f"/council/cases/{relay.to_base64('CouncilCase', case.id)}",
            is_sample=case.is_sample,
            node=case,
        )
        for case in built
    ]
    return SearchSection(
        domain="council",
        label=info.context._(N_("社区、小区与议事")),
        total_count=places.total_count + total,
        sample_count=places.sample_count + samples,
        hits=[*places.hits, *hits],
    )
