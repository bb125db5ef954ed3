"""A sketch map drawn on the server as SVG: numbered dots for places (no tiles, so it works
offline), a search point and circle, a north arrow and a scale bar. Pure geometry from
GraphQL results, in GCJ-02 as the schema gives them; templates draw it."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KM_PER_DEGREE = 111.195  # along a meridian, on the mean-radius sphere
MAP_WIDTH = 400
DOT_RADIUS = 13
PAD = DOT_RADIUS + 6
MIN_SPAN_KM = 2.0
ASPECT = (0.6, 1.0)  # height / width, kept within these by widening the box
NICE_KM = (0.2, 0.5, 1, 2, 5, 10, 20, 50)


@dataclass(frozen=True)
class Box:
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.min_lat + self.max_lat) / 2, (self.min_lng + self.max_lng) / 2


# The city: Taiyuan's six districts and the nearer counties; the map with nothing on it.
TAIYUAN = Box(min_lat=37.55, max_lat=38.12, min_lng=112.10, max_lng=112.75)


def _km_per_lng(lat: float) -> float:
    return KM_PER_DEGREE * math.cos(math.radians(lat))


def _around(lat: float, lng: float, half_width_km: float, half_height_km: float) -> Box:
    dlat, dlng = half_height_km / KM_PER_DEGREE, half_width_km / _km_per_lng(lat)
    return Box(lat - dlat, lat + dlat, lng - dlng, lng + dlng)


def fit(points: list[tuple[float, float]], here: dict | None, radius_km: float | None) -> Box:
    """The search circle when there is one; else the points, padded; else all Taiyuan."""
    if here is not None and radius_km:
        return _around(here["lat"], here["lng"], radius_km * 1.05, radius_km * 1.05)
    if not points:
        return TAIYUAN
    lats, lngs = [p[0] for p in points], [p[1] for p in points]
    lat, lng = (min(lats) + max(lats)) / 2, (min(lngs) + max(lngs)) / 2
    half_w = max((max(lngs) - min(lngs)) * _km_per_lng(lat), MIN_SPAN_KM) * 0.56
    half_h = max((max(lats) - min(lats)) * KM_PER_DEGREE, MIN_SPAN_KM) * 0.56
    return _around(lat, lng, half_w, half_h)


def _shaped(box: Box) -> Box:
    """Widen the box so the map's height / width stays within ASPECT."""
    lat, lng = box.centre
    width = (box.max_lng - box.min_lng) * _km_per_lng(lat)
    height = (box.max_lat - box.min_lat) * KM_PER_DEGREE
    low, high = ASPECT
    if height < width * low:
        return _around(lat, lng, width / 2, width * low / 2)
    if height > width * high:
        return _around(lat, lng, height / high / 2, height / 2)
    return box


def _spread(dots: list[dict], width: float, height: float) -> None:
    """Nudge overlapping dots apart so each stays a separate, tappable link."""
    gap = 2 * DOT_RADIUS + 2
    for _ in range(60):
        moved = False
        for i, a in enumerate(dots):
            for b in dots[i + 1 :]:
                dx, dy = b["x"] - a["x"], b["y"] - a["y"]
                distance = math.hypot(dx, dy)
                if distance >= gap:
                    continue
                if distance < 1e-6:
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (gap - distance) / 2 + 0.1
                ux, uy = dx / distance, dy / distance
                a["x"], a["y"] = a["x"] - ux * push, a["y"] - uy * push
                b["x"], b["y"] = b["x"] + ux * push, b["y"] + uy * push
                moved = True
        for dot in dots:
            dot["x"] = min(max(dot["x"], PAD), width - PAD)
            dot["y"] = min(max(dot["y"], PAD), height - PAD)
        if not moved:
            return


def _scale_bar(width_km: float, px_per_km: float) -> dict:
    km = max([k for k in NICE_KM if k <= width_km / 4] or [NICE_KM[0]])
    return {"km": km, "length": km * px_per_km, "label": f"{km:g}"}


def map_view(places: list[dict], here: dict | None, radius_km: float | None) -> dict[str, Any]:
    """Dots for ``places`` (GraphQL nodes with id, name, location), numbered as listed,
    the "you are here" point and search circle, a north arrow and a scale bar.

    The layout depends only on these values, and most visitors see the same few lists,
    so it is computed once per distinct list (templates only read the result)."""
    listed = tuple((p["id"], p["name"], p["location"]["lat"], p["location"]["lng"]) for p in places)
    centre = (here["lat"], here["lng"]) if here is not None else None
    return _map_view(listed, centre, radius_km)


def _dots(
    places: tuple[tuple[str, str, float, float], ...],
    project: Callable[[float, float], tuple[float, float]],
    height: float,
) -> list[dict]:
    """Numbered dots where the places are, nudged apart (``moved`` when a leader line
    should join a dot to its true position)."""
    dots: list[dict[str, Any]] = []
    for number, (place_id, name, lat, lng) in enumerate(places, 1):
        x, y = project(lat, lng)
        dots.append(
            {
                "number": number,
                "id": place_id,
                "name": name,
                "x": x,
                "y": y,
                "true_x": x,
                "true_y": y,
            }
        )
    _spread(dots, MAP_WIDTH, height)
    for dot in dots:
        dot["x"], dot["y"] = round(dot["x"], 1), round(dot["y"], 1)
        dot["moved"] = math.hypot(dot["x"] - dot["true_x"], dot["y"] - dot["true_y"]) > 3
    return dots


@functools.lru_cache(maxsize=256)
def _map_view(
    places: tuple[tuple[str, str, float, float], ...],
    here: tuple[float, float] | None,
    radius_km: float | None,
) -> dict[str, Any]:
    points = [(lat, lng) for _, _, lat, lng in places]
    centre = {"lat": here[0], "lng": here[1]} if here is not None else None
    box = _shaped(fit(points, centre, radius_km))
    lat0 = box.centre[0]
    width_km = (box.max_lng - box.min_lng) * _km_per_lng(lat0)
    px_per_km = (MAP_WIDTH - 2 * PAD) / width_km
    height = round((box.max_lat - box.min_lat) * KM_PER_DEGREE * px_per_km + 2 * PAD)

    def project(lat: float, lng: float) -> tuple[float, float]:
        x = PAD + (lng - box.min_lng) * _km_per_lng(lat0) * px_per_km
        y = PAD + (box.max_lat - lat) * KM_PER_DEGREE * px_per_km
        return round(x, 1), round(y, 1)

    dots = _dots(places, project, height)
    view: dict[str, Any] = {
        "width": MAP_WIDTH,
        "height": height,
        "dot_radius": DOT_RADIUS,
        "dots": dots,
        "scale": _scale_bar(width_km, px_per_km),
        "here": None,
    }
    if here is not None:
        x, y = project(*here)
        view["here"] = {"x": x, "y": y, "radius": round((radius_km or 0) * px_per_km, 1)}
    return view
