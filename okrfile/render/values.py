"""Small text helpers shared by the terminal and Markdown renderers."""

from __future__ import annotations

import math

from okrfile.scoring import PROGRESS_LIMIT, settle
from okrfile.status import KRStatus

PACE_WORDS = {True: "on track", False: "off track", None: "pending"}


def goalposts_note(fields: list[str]) -> str:
    """What changed in a key result after its period began: `target moved`, `added mid-period`;
    one that is shown and was removed on the way came back: `re-added mid-period`."""
    parts = ["re-added mid-period"] if "removed" in fields else ["added mid-period"] if "added" in fields else []
    if "renumbered" in fields:
        parts.append("renumbered")
    moved = [f for f in fields if f not in ("added", "removed", "renumbered")]
    if moved:
        parts.append(f"{', '.join(moved)} moved")
    return ", ".join(parts)


def number(value: float | None) -> str:
    if value is None:
        return "–"
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer past any float (a check-in of hundreds of digits)
        finite = False
    if not finite:
        return "–" if value != value else ("∞" if value > 0 else "-∞")
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.3g}M"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10000 else f"{value:g}"


def with_unit(value: float | None, unit: str | None) -> str:
    text = number(value)
    if value is None or not unit:
        return text
    return f"{text}{unit}" if unit in ("%",) else f"{text} {unit}"


def kr_values(kr: KRStatus) -> str:
    """`48 → 30 → 12 h`, `not done → done`, `1.2 ≤ 1.5 s`."""
    if kr.type == "milestone":
        state = "pending" if kr.done is None else ("done" if kr.done else "not done")
        return f"{state} → done"
    if kr.type in ("stay_above", "stay_below"):
        sign = "≥" if kr.type == "stay_above" else "≤"
        return f"{number(kr.current)} · stay {sign} {with_unit(kr.threshold, kr.unit)}"
    return f"{number(kr.start)} → {number(kr.current)} → {with_unit(kr.target, kr.unit)}"


def percent(value: float | None) -> str:
    """Whole percent, rounded down like score_text, so 0.556 reads 55% beside a 0.55; of
    the value as kept (settle), as the JSON has it. Beyond scoring's limit (which it caps
    progress at) only that it is that far: never an overflow."""
    if value is None or value != value:
        return "–"
    if abs(value) >= PROGRESS_LIMIT:
        return f"{'≥' if value > 0 else '≤-'}{PROGRESS_LIMIT * 100:,.0f}%"
    return f"{math.floor(settle(value) * 100 + 1e-9):.0f}%"


def share(value: float | None) -> str:
    """A rate (updates posted, on time) in whole percent, rounded to nearest: 2 of 3 is
    67%; but only all is 100% and only none is 0% (199 of 200 is 99%)."""
    if value is None:
        return "–"
    whole = min(max(math.floor(value * 100 + 0.5), 0 if value <= 0 else 1), 100 if value >= 1 else 99)
    return f"{whole:.0f}%"


def score_text(value: float | None) -> str:
    """Two decimals, rounded down, so a shown 0.70 is never a 0.697 graded yellow; of the
    score as kept and graded (settle), so a 0.69996 kept as 0.7, green, reads 0.70."""
    return "–" if value is None else f"{math.floor(settle(value) * 100 + 1e-9) / 100:.2f}"


def pace_word(kr: KRStatus) -> str:
    if kr.stale:
        return "stale"
    return PACE_WORDS[kr.on_track]


def reported(kr: KRStatus) -> str:
    """What the owner said in their latest check-in: `Red in 2026-W44`."""
    if kr.last_checkin is None:
        return ""
    said = kr.reported_status.capitalize() if kr.reported_status else "reported"
    return f"{said} in {kr.last_checkin}"
