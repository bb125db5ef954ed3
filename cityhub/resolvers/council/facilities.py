"""Community facilities on the map (the five 便便屋)."""

from __future__ import annotations

from typing import Any

from cityhub.models.council.communities import CouncilArea
from cityhub.models.council.facilities import Facility

FACILITY_FIELDS = (
    "id",
    "code",
    "compound_id",
    "kind",
    "name",
    "name_en",
    "description",
    "lat",
    "lng",
    "is_sample",
)


async def facilities_of(community_ids: list[int]) -> list[list[dict[str, Any]]]:
    """Each community's facilities, compound by compound."""
    compounds = await CouncilArea.filter(community_id__in=community_ids).values_list(
        "id", "community_id"
    )
    community_of = dict(compounds)
    rows = (
        await Facility.filter(compound_id__in=list(community_of))
        .order_by("id")
        .values(*FACILITY_FIELDS)
    )
    found: dict[int, list[dict[str, Any]]] = {i: [] for i in community_ids}
    for row in rows:
        found[community_of[row["compound_id"]]].append(row)
    return [found[i] for i in community_ids]
