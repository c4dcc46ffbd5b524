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
    """The period an id names: declared in the config, else a calendar quarter or half. A
    declared one that ends before it starts (E310) has no dates: no week is in it, and
    nothing is paced or scored by it until it is fixed."""
    if config is not None and period_id in config.periods:
        period = config.periods[period_id]
        if period.start and period.end and period.end <= period.start:
            from dataclasses import replace

            return replace(period, start=None, end=None)
        return period
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


WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day`, in this machine's time zone: what "as of that day" means
    for --at DATE and --today (CI usually runs in UTC). Not the midnight after it, which
    belongs to the next day."""
    return dt.datetime.combine(day, dt.time.max).astimezone()


def parse_week(week_id: str) -> dt.date | None:
    """The Monday of an ISO week like 2026-W47, or None if there is no such week."""
    match = WEEK.match(week_id)
    if not match:
        return None
    try:
        return dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None


def week_problem(week_id: str) -> str | None:
    """Why `week_id` names no ISO week, in words (to follow the week), or None when
    parse_week reads it. A year has 52 ISO weeks, or 53 when it starts on a Thursday (or
    is a leap year starting on a Wednesday): 2025-W53 is no week, while 2026-W53 is."""
    if parse_week(week_id) is not None:
        return None
    match = WEEK.match(week_id)
    if not match:
        return "is not an ISO week like 2026-W47"
    year, week = int(match.group(1)), int(match.group(2))
    if year == 0:
        return "is not an ISO week: there is no year 0"
    if week == 0:
        return f"is not an ISO week: weeks are numbered from W01, the first {year:04d}-W01"
    last = dt.date(year, 12, 28).isocalendar()[1]  # 28 December is always in its year's last week
    return f"is not an ISO week: {year} has {last} weeks, the last {year:04d}-W{last}"


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def shift_week(week_id: str, weeks: int) -> str:
    return week_of(parse_week(week_id) + dt.timedelta(weeks=weeks))


def weekday_in_week(week_id: str, weekday: str) -> dt.date:
    """The date of a weekday (monday..sunday) in an ISO week."""
    from okrfile.model import WEEKDAYS

    return parse_week(week_id) + dt.timedelta(days=WEEKDAYS.index(weekday))


def week_number(period: Period, week_id: str) -> int:
    """1 for the week the period starts in."""
    first = period.start - dt.timedelta(days=period.start.weekday())
    return (parse_week(week_id) - first).days // 7 + 1


def weeks_in(period: Period) -> list[str]:
    """The ISO weeks a period spans, in order."""
    out, monday = [], period.start - dt.timedelta(days=period.start.weekday())
    while monday <= period.end:
        out.append(week_of(monday))
        monday += dt.timedelta(weeks=1)
    return out


def period_of_week(config: Config | None, week_id: str, candidates: list[str]) -> str | None:
    """The period a week's updates belong to: the shortest holding the week's Thursday
    (the day ISO weeks are counted by)."""
    monday = parse_week(week_id)
    if monday is None:
        return None
    return period_containing(config, monday + dt.timedelta(days=3), candidates)
