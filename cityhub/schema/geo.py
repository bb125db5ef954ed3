"""Districts, points and the gazetteer of Taiyuan places in the schema."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import strawberry

from cityhub.resolvers import geo
from cityhub.resolvers.pagination import offset_page
from cityhub.schema.connections import After, Connection, First, connection
from cityhub.schema.context import Info
from cityhub.settings import load_settings


@strawberry.type(description="A district (区), county (县) or county-level city (市) of Taiyuan.")
class District:
    code: str = strawberry.field(description="Stable code used in filters, e.g. xiaodian.")
    name: str = strawberry.field(description="Chinese name, e.g. 小店区.")
    name_en: str = strawberry.field(description="English name, e.g. Xiaodian District.")
    kind: str = strawberry.field(description="district, county or city.")

    @classmethod
    def from_row(cls, row: dict) -> District:
        return cls(code=row["code"], name=row["name"], name_en=row["name_en"], kind=row["kind"])

    @classmethod
    def from_joined(cls, row: dict) -> District:
        """From a row with the district joined in (``district__code`` ... in its fields)."""
        return cls(
            code=row["district__code"],
            name=row["district__name"],
            name_en=row["district__name_en"],
            kind=row["district__kind"],
        )


@strawberry.type(description="A point in GCJ-02 coordinates, the system Chinese map apps use.")
class GeoPoint:
    lat: float = strawberry.field(description="Latitude (GCJ-02).")
    lng: float = strawberry.field(description="Longitude (GCJ-02).")


@strawberry.enum(description="How a point's coordinates are given.")
class Datum(Enum):
    GCJ02 = geo.GCJ02
    WGS84 = geo.WGS84


@strawberry.type(description="Links that open a place in a map app, ready to navigate.")
class MapLinks:
    amap: str = strawberry.field(description="高德地图 (Amap) marker URI, GCJ-02.")
    baidu: str = strawberry.field(description="百度地图 marker URI, converted to BD-09.")
    tencent: str = strawberry.field(description="腾讯地图 marker URI, GCJ-02.")

    @classmethod
    def of(cls, name: str, address: str, lat: float, lng: float) -> MapLinks:
        return cls(**geo.map_links(name, address, lat, lng))


@strawberry.input(description="Search around a point: places within the radius, nearest first.")
class NearInput:
    lat: float = strawberry.field(description="Latitude, -90 to 90.")
    lng: float = strawberry.field(description="Longitude, -180 to 180.")
    radius_km: float = strawberry.field(
        default=5.0, description="Radius in kilometres, more than 0 and at most 50 (default 5)."
    )
    datum: Datum = strawberry.field(
        default=Datum.GCJ02,
        description="GCJ02 (map apps, the default) or WGS84 (a phone's GPS; converted).",
    )

    def to_near(self) -> geo.Near:
        return geo.Near(
            lat=self.lat, lng=self.lng, radius_km=self.radius_km, datum=self.datum.value
        )


@strawberry.type(description="A named place in Taiyuan: a district, a street or a landmark.")
class Place:
    code: str = strawberry.field(description="Stable code, e.g. taiyuan-south-station.")
    name: str = strawberry.field(description="Chinese name, e.g. 太原南站.")
    name_en: str = strawberry.field(description="English name.")
    kind: str = strawberry.field(description="district, street or landmark.")
    location: GeoPoint = strawberry.field(description="Where it is (GCJ-02).")
    is_sample: bool = strawberry.field(
        description="True when the point was placed by hand, not taken from a survey."
    )

    @classmethod
    def from_row(cls, row: dict) -> Place:
        return cls(
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            kind=row["kind"],
            location=GeoPoint(lat=row["lat"], lng=row["lng"]),
            is_sample=row["is_sample"],
        )


def seeds_dir(info: Info) -> Path:
    """The app's seeds folder (CITYHUB_SEEDS_DIR), where the gazetteer lives."""
    app = getattr(info.context.request, "app", None)
    settings = getattr(getattr(app, "state", None), "settings", None) or load_settings()
    return settings.seeds_dir


@strawberry.type
class GeoQuery:
    @strawberry.field(description="Taiyuan's districts and counties, in the city's usual order.")
    async def districts(self, info: Info) -> list[District]:
        return [District.from_row(row) for row in await geo.list_districts()]

    @strawberry.field(
        description="Places in Taiyuan matching a name (太原南站, 柳巷, 小店区...), best match "
        "first: turn a typed address into a point for `stations(near:)`. Works offline."
    )
    def places(
        self,
        info: Info,
        text: Annotated[
            str, strawberry.argument(description="A place name or address, up to 50 characters.")
        ],
        first: First = None,
        after: After = None,
    ) -> Connection[Place]:
        page = offset_page(geo.find_places(seeds_dir(info), text), first=first, after=after)
        return connection(page, [Place.from_row(row) for row in page.rows])

    @strawberry.field(
        description="A phone's GPS fix (WGS-84) in GCJ-02, the coordinates of `places`, "
        "station locations and map apps: the point `stations(near: {datum: WGS84})` "
        "searches around, for drawing it beside them. Points outside China are unchanged."
    )
    def wgs84_to_gcj02(
        self,
        lat: Annotated[float, strawberry.argument(description="Latitude (WGS-84).")],
        lng: Annotated[float, strawberry.argument(description="Longitude (WGS-84).")],
    ) -> GeoPoint:
        gcj_lng, gcj_lat = geo.wgs84_to_gcj02(lng, lat)
        return GeoPoint(lat=gcj_lat, lng=gcj_lng)
