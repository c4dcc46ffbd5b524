"""Scoring rules, as pure functions (DESIGN.md "Scoring").

No I/O, no model loading: numbers in, numbers out, so each rule is tested by a table.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from okrfile.model import WEEKDAYS

OFF_TRACK_MARGIN = 0.25  # progress trailing the expected share by more than this is off track
STALE_CHECKINS = 2  # a value older than this many check-in days is stale
# Scores are kept (JSON) and graded at this many decimals: float noise (0.7 * 3 / 3 is
# 0.6999999999999998) must not grade a score shown as 0.70 yellow.
SCORE_DECIMALS = 4
# Progress beyond this (a hundred million percent) says only "far past the target": a
# range far smaller than its values (E315) would otherwise overflow to infinity.
PROGRESS_LIMIT = 1e6
_WEEKDAY_NUMBER = {day: number for number, day in enumerate(WEEKDAYS)}


@dataclass(frozen=True)
class KRScore:
    progress: float | None  # raw, unclamped (1.4 means 140%); None when pending
    score: float  # clamped to 0..1
    pending: bool  # no value at all yet
    holding: bool | None = None  # stay_above / stay_below: whether the latest value holds the line


def clamp01(value: float) -> float:
    return min(1.0, max(0.0, value))


def settle(value: float | None) -> float | None:
    """A score (or progress) as it is kept, shown and graded: SCORE_DECIMALS decimals."""
    return None if value is None else round(value, SCORE_DECIMALS)


def metric_progress(start: float, target: float, current: float) -> float:
    """One formula for increasing and decreasing metrics; start == target is invalid.
    Always finite: beyond PROGRESS_LIMIT either way it is the limit."""
    if start == target:
        raise ValueError("a metric's start equals its target")
    try:
        progress = (current - start) / (target - start)
    except OverflowError:  # a check-in's integer of hundreds of digits is past any float
        progress = math.inf
    if math.isnan(progress) or abs(progress) > PROGRESS_LIMIT:
        # the direction by comparison alone, which cannot overflow
        ahead = (current > start) - (current < start)
        way = (target > start) - (target < start)
        return ahead * way * PROGRESS_LIMIT
    return progress


def holds_line(kind: str, threshold: float, value: float) -> bool:
    return value >= threshold if kind == "stay_above" else value <= threshold


def score_key_result(
    kind: str,
    *,
    start: float | None = None,
    target: float | None = None,
    current: float | None = None,
    done: bool | None = None,
    threshold: float | None = None,
    history: list[float] | None = None,
) -> KRScore:
    """Score one key result. `history` (stay types): every checked-in value, oldest first."""
    if kind == "milestone":
        if done is None:
            return KRScore(None, 0.0, True)
        value = 1.0 if done else 0.0
        return KRScore(value, value, False)
    if kind in ("stay_above", "stay_below"):
        values = history if history else ([current] if current is not None else [])
        if not values:
            return KRScore(None, 0.0, True)
        share = sum(holds_line(kind, threshold, v) for v in values) / len(values)
        return KRScore(share, share, False, holds_line(kind, threshold, values[-1]))
    if current is None:
        return KRScore(None, 0.0, True)
    progress = metric_progress(start, target, current)
    return KRScore(progress, clamp01(progress), False)


def weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    """Mean of (score, weight) pairs; None when there is nothing to average."""
    total = sum(weight for _, weight in pairs)
    if not pairs or total <= 0:
        return None
    return sum(score * weight for score, weight in pairs) / total


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def grade(score: float | None, green: float = 0.7, yellow: float = 0.4) -> str | None:
    """Graded as the score is kept and shown (settle), at every level alike."""
    if score is None:
        return None
    score = settle(score)
    if score >= green:
        return "green"
    if score >= yellow:
        return "yellow"
    return "red"


def on_track(kind: str, progress: float | None, score: float, expected: float, *, stale: bool, pending: bool, holding: bool | None = None) -> bool | None:
    """Pace: None when there is nothing to judge yet; never on track when stale; a stay
    key result is on track while its latest value holds the line."""
    if pending:
        return None
    if stale:
        return False
    if kind in ("stay_above", "stay_below"):
        return bool(holding) if holding is not None else score >= 1.0
    # compared as kept (settle), like the grade: the JSON's progress and expected decide it
    return settle(progress if progress is not None else 0.0) >= settle(expected - OFF_TRACK_MARGIN)


def checkin_days_before(today: dt.date, weekday: str, count: int) -> list[dt.date]:
    """The `count` most recent check-in days on or before today, newest first."""
    back = (today.weekday() - _WEEKDAY_NUMBER[weekday]) % 7
    latest = today - dt.timedelta(days=back)
    return [latest - dt.timedelta(weeks=i) for i in range(count)]


def is_stale(value_date: dt.date | None, today: dt.date, checkin_day: str = "monday") -> bool | None:
    """A value dated before the second-latest check-in day that is over has missed two
    check-ins (today's is not over while today lasts). None when there is no date to judge by."""
    if value_date is None:
        return None
    oldest_allowed = checkin_days_before(today - dt.timedelta(days=1), checkin_day, STALE_CHECKINS)[-1]
    return value_date < oldest_allowed
