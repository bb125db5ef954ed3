"""Districts, distances, and the coordinate systems Chinese map apps use.

GCJ-02 is what Amap and Tencent maps (and CityHub) store; Baidu maps want BD-09; phones
report WGS-84. The conversions are the published ones (as in the coordtransform library).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cityhub.errors import BadInput
from cityhub.i18n import N_
from cityhub.models.geo import District
from cityhub.resolvers.batching import rows_by_id

DISTRICT_FIELDS = ("id", "code", "name", "name_en", "kind")
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
MAX_RADIUS_KM = 50.0
_X_PI = math.pi * 3000.0 / 180.0
_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323


GCJ02 = "gcj02"
WGS84 = "wgs84"


@dataclass(frozen=True)
class Near:
    """A point and a radius; ``datum`` says whether the point is GCJ-02 or a GPS fix."""

    lat: float
    lng: float
    radius_km: float
    datum: str = GCJ02

    def in_gcj02(self) -> tuple[float, float]:
        """(lat, lng) in GCJ-02, the system places are stored in."""
        if self.datum == WGS84:
            lng, lat = wgs84_to_gcj02(self.lng, self.lat)
            return lat, lng
        return self.lat, self.lng


async def nearest(query: Any, near: Near, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of ``query`` (a model with ``lat``/``lng`` in GCJ-02) within ``near``'s
    radius, nearest first, each with its ``distance_km``. SQL keeps only the bounding box
    (no full scan grows with the table); the exact great-circle distance is computed here."""
    check_near(near.lat, near.lng, near.radius_km)
    lat, lng = near.in_gcj02()
    min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, near.radius_km)
    query = query.filter(lat__gte=min_lat, lat__lte=max_lat)
    if min_lng is not None:
        query = query.filter(lng__gte=min_lng, lng__lte=max_lng)
    found = []
    for row in await query.values(*fields):
        distance = haversine_km(lat, lng, row["lat"], row["lng"])
        if distance <= near.radius_km:
            found.append({**row, "distance_km": round(distance, 3)})
    return sorted(found, key=lambda row: (row["distance_km"], row["id"]))


async def list_districts() -> list[dict[str, Any]]:
    return await District.all().order_by("sort_order", "id").values(*DISTRICT_FIELDS)


async def districts_by_id(ids: list[int]) -> list[dict[str, Any] | None]:
    return await rows_by_id(District, DISTRICT_FIELDS, ids)


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(
    lat: float, lng: float, radius_km: float
) -> tuple[float, float, float | None, float | None]:
    """(min lat, max lat, min lng, max lng) holding every point within ``radius_km``.

    The longitude bounds are None when the box would reach a pole or wrap the date line.
    """
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:
        return max(min_lat, -90.0), min(max_lat, 90.0), None, None
    widest = max(abs(min_lat), abs(max_lat))
    dlng = math.degrees(radius_km / (EARTH_RADIUS_KM * math.cos(math.radians(widest))))
    if lng - dlng < -180 or lng + dlng > 180:
        return min_lat, max_lat, None, None
    return min_lat, max_lat, lng - dlng, lng + dlng


def check_near(lat: float, lng: float, radius_km: float) -> None:
    """BAD_USER_INPUT (argument "near") unless the point and radius make sense."""
    if not -90 <= lat <= 90:
        raise BadInput(N_("纬度须在 -90 到 90 之间"), argument="near")
    if not -180 <= lng <= 180:
        raise BadInput(N_("经度须在 -180 到 180 之间"), argument="near")
    if not 0 < radius_km <= MAX_RADIUS_KM:
        raise BadInput(
            N_("搜索半径须大于 0 且不超过 {max} 公里"), argument="near", max=int(MAX_RADIUS_KM)
        )


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    """GCJ-02 (Amap, Tencent) to BD-09 (Baidu): (lng, lat) in, (lng, lat) out."""
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """BD-09 back to GCJ-02 (the inverse, accurate to about 1e-6 degrees)."""
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def _in_china(lng: float, lat: float) -> bool:
    return 73.66 < lng < 135.05 and 3.86 < lat < 53.55


def _shift_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """WGS-84 (a phone's GPS) to GCJ-02; points outside China are not shifted."""
    if not _in_china(lng, lat):
        return lng, lat
    dlat = _shift_lat(lng - 105.0, lat - 35.0)
    dlng = _shift_lng(lng - 105.0, lat - 35.0)
    radlat = math.radians(lat)
    magic = 1 - _KRASOVSKY_EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_KRASOVSKY_A * (1 - _KRASOVSKY_EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (_KRASOVSKY_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


# The gazetteer: Taiyuan places (districts, streets, landmarks) for a typed-address search
# that works offline. It is reference data read from the seeds folder, not a table.
PLACES_FILE = "geo/places.json"
PLACE_TEXT_MAX = 50
_DROPPED_PREFIXES = ("山西省", "太原市")


@functools.cache
def _gazetteer(path: Path) -> tuple[dict[str, Any], ...]:
    records = json.loads(path.read_text(encoding="utf-8"))["records"]
    return tuple(
        {
            "code": r["code"],
            "name": r["name"],
            "name_en": r["name_en"],
            "kind": r["kind"],
            "lat": r["lat"],
            "lng": r["lng"],
            "is_sample": r["sample"],
            "names": [_normalise(n) for n in (r["name"], r["name_en"], *r.get("aliases", ()))],
        }
        for r in records
    )


def _normalise(text: str) -> str:
    text = "".join(text.split()).lower()
    for prefix in _DROPPED_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text.removeprefix(prefix)
    return text


def _score(query: str, name: str) -> int | None:
    """0: the same name; 1: a name that starts with the query; 2: a query naming a spot
    at or near the place ("五一广场东侧"); 3: a name holding the query."""
    if query == name:
        return 0
    if name.startswith(query):
        return 1
    if len(name) >= 2 and name in query:
        return 2
    if query in name:
        return 3
    return None


def find_places(seeds_dir: Path, text: str) -> list[dict[str, Any]]:
    """Places matching ``text``, best first; BAD_USER_INPUT for over-long text."""
    if len(text) > PLACE_TEXT_MAX:
        raise BadInput(N_("地点名称最多 {max} 个字"), argument="text", max=PLACE_TEXT_MAX)
    query = _normalise(text)
    if not query:
        return []
    ranked = []
    for order, place in enumerate(_gazetteer(seeds_dir / PLACES_FILE)):
        scores = [(s, n) for n in place["names"] if (s := _score(query, n)) is not None]
        if scores:
            best, name = min(scores)
            # Inside an address, the longest and then the last name is the most precise
            # ("小店区电子街1号": 电子街 over 小店区).
            precision = (-len(name), -query.index(name)) if best == 2 else (len(name), 0)
            ranked.append((best, *precision, order, place))
    return [place for *_, place in sorted(ranked, key=lambda found: found[:4])]


def map_links(name: str, address: str, lat: float, lng: float) -> dict[str, str]:
    """Marker links for Amap, Baidu and Tencent maps from a GCJ-02 point.

    Amap and Tencent take GCJ-02 as it is; Baidu's marker wants BD-09 (coord_type=bd09ll).
    """
    title, addr = quote(name, safe=""), quote(address, safe="")
    bd_lng, bd_lat = gcj02_to_bd09(lng, lat)
    return {
        "amap": (
            f"https://uri.amap.com/marker?position={lng},{lat}&name={title}"
            "&coordinate=gaode&callnative=1"
        ),
        "baidu": (
            f"https://api.map.baidu.com/marker?location={bd_lat:.6f},{bd_lng:.6f}"
            f"&title={title}&content={addr}&output=html&coord_type=bd09ll&src=cityhub"
        ),
        "tencent": (
            f"https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat},{lng};"
            f"title:{title};addr:{addr}&referer=cityhub"
        ),
    }
