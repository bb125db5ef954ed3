"""Server-side SVG for station pages: the finder's map (no tiles, works offline) and the
usage bar chart. Pure geometry from GraphQL results; the templates draw it."""

from __future__ import annotations

import functools
import math
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


# Where the stations are: Taiyuan's six districts and the counties with a station.
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


def map_view(stations: list[dict], here: dict | None, radius_km: float | None) -> dict[str, Any]:
    """Dots for ``stations`` (GraphQL nodes with id, name, location), numbered as listed,
    the "you are here" point and search circle, a north arrow and a scale bar.

    The layout depends only on these values, and most visitors see the same few lists,
    so it is computed once per distinct list (templates only read the result)."""
    listed = tuple(
        (s["id"], s["name"], s["location"]["lat"], s["location"]["lng"]) for s in stations
    )
    centre = (here["lat"], here["lng"]) if here is not None else None
    return _map_view(listed, centre, radius_km)


@functools.lru_cache(maxsize=256)
def _map_view(
    stations: tuple[tuple[str, str, float, float], ...],
    here: tuple[float, float] | None,
    radius_km: float | None,
) -> dict[str, Any]:
    points = [(lat, lng) for _, _, lat, lng in stations]
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

    dots = []
    for number, (station_id, name, lat, lng) in enumerate(stations, 1):
        x, y = project(lat, lng)
        dots.append(
            {
                "number": number,
                "id": station_id,
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


CHART_WIDTH = 600
CHART_HEIGHT = 200
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 40, 30, 12


def _nice_ceiling(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return value


def usage_chart(days: list[dict]) -> dict[str, Any]:
    """Bars of check-ins per day, with the distinct members inside each bar."""
    top = _nice_ceiling(max((d["checkIns"] for d in days), default=0))
    plot_w = CHART_WIDTH - CHART_LEFT - 8
    plot_h = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    slot = plot_w / max(len(days), 1)
    every = max(1, math.ceil(len(days) / 8))

    def y_of(value: int) -> float:
        return round(CHART_TOP + plot_h - value / top * plot_h, 1)

    bars = []
    for i, day in enumerate(days):
        x = CHART_LEFT + i * slot
        bars.append(
            {
                "x": round(x + slot * 0.1, 1),
                "width": round(slot * 0.8, 1),
                "y": y_of(day["checkIns"]),
                "inner_y": y_of(day["distinctMembers"]),
                "base": y_of(0),
                "label": day["date"][5:] if i % every == 0 else None,
                "label_x": round(x + slot / 2, 1),
                "day": day,
            }
        )
    ticks = [{"value": v, "y": y_of(v)} for v in (0, top // 2, top)]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - 8,
        "bars": bars,
        "ticks": ticks,
    }
