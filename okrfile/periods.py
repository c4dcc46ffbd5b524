"""Periods: calendar quarters are known without configuration; others come from okrfile.yaml."""

from __future__ import annotations

import datetime as dt
import re

from okrfile.model import Config, Period

QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$")
PERIOD_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def calendar_quarter(period_id: str) -> Period | None:
    match = QUARTER.match(period_id)
    if not match:
        return None
    year, quarter = int(match.group(1)), int(match.group(2))
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return Period(period_id, start, end - dt.timedelta(days=1))


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def resolve_period(config: Config | None, period_id: str) -> Period | None:
    if config is not None and period_id in config.periods:
        return config.periods[period_id]
    return calendar_quarter(period_id)


def period_containing(config: Config | None, day: dt.date, candidates: list[str]) -> str | None:
    """The period holding `day`, preferring declared periods, among `candidates` if any hold it."""
    holding = [p for p in candidates if (period := resolve_period(config, p)) and period.contains(day)]
    declared = [p for p in holding if config is not None and p in config.periods]
    if declared:
        return sorted(declared)[0]
    if holding:
        return sorted(holding)[0]
    return None


def elapsed_share(period: Period, today: dt.date) -> float:
    """How much of the period has passed by the end of `today`, 0..1."""
    total = (period.end - period.start).days + 1
    done = (today - period.start).days + 1
    return min(1.0, max(0.0, done / total))
