"""A price history as a small SVG polyline (W4), computed here so the page needs no script or inline style."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: int
    height: int
    points: str  # "x,y x,y …" for <polyline points=…>
    last_x: float
    last_y: float


def sparkline(
    series: list[tuple[datetime.datetime, int]], *, width: int = 160, height: int = 40, pad: int = 4
) -> Sparkline | None:
    """Points scaled into the box (time on x, amount on y, higher = up); None for fewer than two points."""
    if len(series) < 2:
        return None
    ordered = sorted(series)
    start, end = ordered[0][0], ordered[-1][0]
    span = (end - start).total_seconds() or 1.0
    low = min(v for _, v in ordered)
    high = max(v for _, v in ordered)
    rise = (high - low) or 1
    coords = []
    for at, value in ordered:
        x = pad + (width - 2 * pad) * (at - start).total_seconds() / span
        y = height - pad - (height - 2 * pad) * (value - low) / rise if high != low else height / 2
        coords.append((round(x, 1), round(y, 1)))
    return Sparkline(width, height, " ".join(f"{x},{y}" for x, y in coords), coords[-1][0], coords[-1][1])
