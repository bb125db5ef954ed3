"""Community facilities in the schema: the map's points (the five 便便屋)."""

from __future__ import annotations

import strawberry

from cityhub.i18n import N_
from cityhub.models.council.facilities import FacilityKind
from cityhub.schema.geo import GeoPoint, MapLinks
from cityhub.schema.labels import labelled_enum

labelled_enum(
    FacilityKind,
    {
        FacilityKind.PET_WASTE: N_("便便屋"),
        FacilityKind.CHARGING: N_("充电桩"),
        FacilityKind.MEETING_HALL: N_("议事厅"),
        FacilityKind.OTHER: N_("其他设施"),
    },
    name="CouncilFacilityKind",
    description="What a community facility is.",
)


@strawberry.type(description="A community facility on the map (e.g. a 便便屋 pet-waste station).")
class Facility:
    code: str = strawberry.field(description="Stable short code.")
    kind: FacilityKind = strawberry.field(description="What it is.")
    name: str = strawberry.field(description="Its name in Chinese.")
    name_en: str = strawberry.field(description="Its name in English.")
    description: str = strawberry.field(description="Where exactly, what it offers.")
    location: GeoPoint = strawberry.field(description="Where it is (GCJ-02).")
    is_sample: bool = strawberry.field(
        description="Sample data (示例): the source counts the facilities, not their places."
    )
    raw: strawberry.Private[dict]

    @strawberry.field(description="Links to open it in Amap, Baidu or Tencent maps.")
    def navigation(self) -> MapLinks:
        row = self.raw
        return MapLinks.of(row["name"], row["description"], row["lat"], row["lng"])

    @classmethod
    def from_row(cls, row: dict) -> Facility:
        return cls(
            code=row["code"],
            kind=FacilityKind(row["kind"]),
            name=row["name"],
            name_en=row["name_en"],
            description=row["description"],
            location=GeoPoint(lat=row["lat"], lng=row["lng"]),
            is_sample=row["is_sample"],
            raw=row,
        )
