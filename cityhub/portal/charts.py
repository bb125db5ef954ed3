"""Bar charts drawn on the server: SVG geometry for one column per key, each a stack of
counts per series, with a scale. Templates draw it, so it needs no JavaScript; pages show
the same numbers as a table too."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

NICE_STEPS = (1, 2, 2.5, 5, 10)


@dataclass(frozen=True)
class Frame:
    """The drawing's size and margins (pixels), how many axis labels fit, and the least
    top of the scale (so a few small counts do not fill the height)."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    max_labels: int = 10
    least_top: int = 1


@dataclass(frozen=True)
class Segment:
    series: str
    count: int
    y: float
    height: float


@dataclass(frozen=True)
class Column:
    key: str
    x: float
    width: float
    centre: float
    top: float  # where the whole stack ends
    total: int
    segments: tuple[Segment, ...]  # bottom to top, zero counts left out
    label: str | None  # the axis label, on every few columns


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int  # the baseline's y
    columns: list[Column] = field(default_factory=list)
    ticks: list[tuple[float, int]] = field(default_factory=list)  # (y, value)


def nice_ceiling(value: int, least: int = 1) -> int:
    """The next of 1, 2, 2.5, 5 times a power of ten at or above ``value`` (at least
    ``least``): 7 -> 10, 23 -> 25, 180 -> 200."""
    if value <= least:
        return least
    power = 10 ** math.floor(math.log10(value))
    return next(int(step * power) for step in NICE_STEPS if value <= step * power)


def bar_chart(stacks: list[tuple[str, str, list[tuple[str, int]]]], frame: Frame) -> Chart:
    """Geometry for ``stacks``: (key, axis label, [(series, count), ...] bottom to top)."""
    plot_w = frame.width - frame.left - frame.right
    plot_h = frame.height - frame.top - frame.bottom
    baseline = frame.top + plot_h
    chart = Chart(
        frame.width, frame.height, frame.left, frame.width - frame.right, frame.top, baseline
    )
    if not stacks:
        return chart
    top = nice_ceiling(max(sum(c for _, c in counts) for _, _, counts in stacks), frame.least_top)
    slot = plot_w / len(stacks)
    width = max(slot * 0.8, 1.0)
    every = math.ceil(len(stacks) / frame.max_labels)
    for i, (key, label, counts) in enumerate(stacks):
        base, segments = float(baseline), []
        for series, count in counts:
            if count:
                height = plot_h * count / top
                base -= height
                segments.append(Segment(series, count, round(base, 1), round(height, 1)))
        chart.columns.append(
            Column(
                key=key,
                x=round(frame.left + i * slot + (slot - width) / 2, 1),
                width=round(width, 1),
                centre=round(frame.left + (i + 0.5) * slot, 1),
                top=round(base, 1),
                total=sum(c for _, c in counts),
                segments=tuple(segments),
                label=label if i % every == 0 else None,
            )
        )
    # 0, the middle and the top, each a whole number once (a top of 1 gave 1/0/0).
    values = sorted({0, top} | ({top // 2} if top % 2 == 0 else set()))
    chart.ticks.extend((round(frame.top + plot_h * (1 - v / top), 1), v) for v in values)
    return chart
