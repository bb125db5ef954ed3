"""The daily consultations chart, drawn on the server as SVG: stacked bars per channel,
broadcast days marked. Works without JavaScript; the page also shows it as a table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 22, 36
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_LABELS = 10
CHANNELS = ("SMS", "HOTLINE", "WECHAT", "WALK_IN")  # bottom to top


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    channel: str
    date: str
    count: int


@dataclass
class Mark:
    x: float
    date: str
    label: str  # "live" (a Broadcast row) or "source" (the example the source quotes)
    count: int = 0


@dataclass
class Chart:
    bars: list[Bar] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    ticks: list[tuple[float, int]] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom: float = TOP + PLOT_H
    right: float = LEFT + PLOT_W


def nice_ceiling(value: int) -> int:
    """The next of 1, 2, 5, 10, 20, 50... at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def draw(days: list[dict], source_days: dict[str, str] | None = None) -> Chart:
    """Geometry for ``days`` (consultationStats.days); ``source_days`` {date: label} adds
    marks that are not live broadcasts (e.g. the SMS the source quotes)."""
    chart = Chart()
    if not days:
        return chart
    top = nice_ceiling(max(day["total"] for day in days))
    slot = PLOT_W / len(days)
    width = max(slot * 0.8, 1.0)
    every = math.ceil(len(days) / MAX_LABELS)
    for i, day in enumerate(days):
        x = LEFT + i * slot + (slot - width) / 2
        _stack(chart, day, x, width, top)
        centre = LEFT + (i + 0.5) * slot
        if i % every == 0:
            chart.labels.append((centre, day["date"][5:]))
        if day["broadcasts"]:
            chart.marks.append(Mark(centre, day["date"], "live", day["broadcasts"]))
        elif source_days and day["date"] in source_days:
            chart.marks.append(Mark(centre, day["date"], "source"))
    chart.ticks = [(TOP + PLOT_H * (1 - share), round(top * share)) for share in (0, 0.5, 1)]
    return chart


def _stack(chart: Chart, day: dict, x: float, width: float, top: int) -> None:
    counts = {c["channel"]: c["count"] for c in day["counts"]}
    base = TOP + PLOT_H
    for channel in CHANNELS:
        count = counts.get(channel, 0)
        if not count:
            continue
        height = PLOT_H * count / top
        base -= height
        chart.bars.append(Bar(x, base, width, height, channel, day["date"], count))
