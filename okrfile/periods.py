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
    if not 1 <= year < 9999:  # outside what datetime.date holds
        return None
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
    """Among `candidates`, the shortest period holding `day` (a quarter before a half
    year that holds it too); declared periods first on a tie."""
    holding = []
    for period_id in candidates:
        period = resolve_period(config, period_id)
        if period is not None and period.start and period.end and period.contains(day):
            declared = config is not None and period_id in config.periods
            holding.append(((period.end - period.start).days, not declared, period_id))
    return min(holding)[2] if holding else None


def elapsed_share(period: Period, today: dt.date) -> float:
    """How much of the period has passed by the end of `today`, 0..1."""
    total = (period.end - period.start).days + 1
    done = (today - period.start).days + 1
    return min(1.0, max(0.0, done / total))
