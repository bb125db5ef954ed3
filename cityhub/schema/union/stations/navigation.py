"""Where stations are, in the schema: the `near` search and links that open a map app."""

from __future__ import annotations

from enum import Enum

import strawberry

from cityhub.resolvers.union import stations as union


@strawberry.enum(description="How a point's coordinates are given.")
class Datum(Enum):
    GCJ02 = union.GCJ02
    WGS84 = union.WGS84


@strawberry.type(description="Links that open the station in a map app, ready to navigate.")
class StationNavigation:
    amap: str = strawberry.field(description="高德地图 (Amap) marker URI, GCJ-02.")
    baidu: str = strawberry.field(description="百度地图 marker URI, converted to BD-09.")
    tencent: str = strawberry.field(description="腾讯地图 marker URI, GCJ-02.")


@strawberry.input(description="Search around a point: stations within the radius, nearest first.")
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

    def to_near(self) -> union.Near:
        return union.Near(
            lat=self.lat, lng=self.lng, radius_km=self.radius_km, datum=self.datum.value
        )
