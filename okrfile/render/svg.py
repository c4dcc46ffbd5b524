"""Charts as inline SVG for the status page: a key result's values over its period.

Plain SVG text with no script and no external style, so the page stays one file that
opens anywhere. Every number written is formatted here; no user text reaches the SVG
unescaped (the title is escaped like any HTML text).
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape

WIDTH, HEIGHT, PAD = 160, 36, 3


def _finite(value) -> bool:
    try:
        return not isinstance(value, bool) and value is not None and math.isfinite(value)
    except (TypeError, OverflowError):
        return False


def values_chart(
    points: list[tuple[dt.datetime, float]],
    start: dt.datetime,
    end: dt.datetime,
    target: float | None = None,
    baseline: float | None = None,
    label: str = "",
    until: dt.datetime | None = None,
    held: float | None = None,
    moves: list[tuple[dt.datetime, float]] | None = None,
) -> str:
    """A step line of the values (each holds until the next), over the period from `start`
    to `end` (widened to take in values dated outside it), the last one held up to `until`
    (the page's day) at `held` (the value status counts, when it is another), with the
    target as a dashed line and the baseline as a faint one. "" when there is no finite
    value to draw. `moves`: when the target (or threshold) changed and to what, the first
    being what it was at the start: the dashed line steps where the goalpost moved."""
    points = sorted((when, float(value)) for when, value in points if _finite(value))
    if not points:
        return ""
    first = min(start, points[0][0])
    last = max(end, points[-1][0])
    span = (last - first).total_seconds() or 1.0
    moves = [(when, float(v)) for when, v in moves or () if _finite(v)]
    levels = [v for _, v in points] + [v for v in (target, baseline) if _finite(v)] + [v for _, v in moves]
    if _finite(held):
        levels.append(float(held))
    low, high = min(levels), max(levels)
    if not math.isfinite(high - low):  # values near the float limit: no scale fits them
        return ""
    if high == low:
        low, high = low - 1, high + 1

    def x(when: dt.datetime) -> float:
        return PAD + (when - first).total_seconds() / span * (WIDTH - 2 * PAD)

    def y(value: float) -> float:
        return HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD)

    steps: list[tuple[float, float]] = []
    for i, (when, value) in enumerate(points):
        if i:
            steps.append((x(when), y(points[i - 1][1])))
        steps.append((x(when), y(value)))
    hold = max(points[-1][0], min(until or end, last))
    level = float(held) if _finite(held) else points[-1][1]
    if level != points[-1][1]:
        steps.append((x(points[-1][0]), y(level)))
    steps.append((x(hold), y(level)))
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    if _finite(baseline):
        parts.append(f'<line class="baseline" x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(baseline):.1f}" y2="{y(baseline):.1f}"/>')
    if len(moves) > 1:
        line: list[tuple[float, float]] = [(PAD, y(moves[0][1]))]
        for when, value in moves[1:]:
            line += [(x(when), line[-1][1]), (x(when), y(value))]
        line.append((WIDTH - PAD, line[-1][1]))
        parts.append('<polyline class="target" points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in line) + '"/>')
    elif _finite(target):
        parts.append(f'<line class="target" x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(target):.1f}" y2="{y(target):.1f}"/>')
    parts.append('<polyline class="values" points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in steps) + '"/>')
    for when, value in points:
        parts.append(f'<circle cx="{x(when):.1f}" cy="{y(value):.1f}" r="1.6"/>')
    parts.append("</svg>")
    return "".join(parts)
