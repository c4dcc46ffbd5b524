"""Who posted their weekly update, and who has gone silent (seed 002: "watch for silence").

From the files alone a week is posted or missing; with git history (history.py) a
posted week can also be told on time or late.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from okrfile.model import Workspace
from okrfile.periods import parse_week, resolve_period, shift_week


@dataclass
class Silent:
    person: str
    name: str
    weeks: int  # weeks in a row without an update, up to and including the week asked about


@dataclass
class TeamCadence:
    team: str
    name: str
    members: list[str]
    posted: list[str]
    silent: list[Silent]
    not_due: list[str] = field(default_factory=list)  # not posted, but their check-in day is not over
    late: list[tuple[str, str]] = field(default_factory=list)  # (person, name) who posted after their check-in day (git history)
    names: dict[str, str] = field(default_factory=dict)  # person -> their name, for the members
    before_period: bool = False  # the week came before the period began: nobody was due

    @property
    def not_due_label(self) -> str:
        return "not due, before the period" if self.before_period else "not due yet"

    @property
    def due(self) -> int:
        """Who was due: who posted, and who did not once their check-in day was over."""
        return len(self.members) - len(self.not_due)

    @property
    def rate(self) -> float | None:
        """Of the people who were due (`due`), the share who posted."""
        return len(self.posted) / self.due if self.due else None


def posted_weeks(ws: Workspace) -> set[tuple[str, str]]:
    """(person, week) for every update that says something (a key result, a win or a
    request): front matter alone, or a template with its placeholders, is not an update."""
    return {(u.person, u.week) for u in ws.updates if u.says_something()}


def first_posts(ws: Workspace, history, now: dt.datetime | None = None) -> dict | None:
    """When each (person, week) was first posted: by the git history (None without one); an
    update in the working tree that is not committed yet, as of `now`: posted now, so late
    once its check-in day is over. One committed (at HEAD) that the history could not date
    (a shallow clone's cut) stays undated."""
    if history is None:
        return None
    from okrfile.history import Posted

    moment = now or ws.moment or dt.datetime.now(dt.timezone.utc)
    unsaved = posted_weeks(ws) - history.first_posted.keys() - history.posted
    return {**history.first_posted, **{pair: Posted(moment, "") for pair in unsaved}}


def deadline(ws: Workspace, person: str, week: str) -> dt.datetime:
    """The end of the check-in day of `week`, in the person's time zone (UTC if unknown)."""
    tz_name = ws.config.people[person].tz if ws.config and person in ws.config.people else None
    return _deadline(tz_name, ws.config.checkin_day if ws.config else "monday", week)


@functools.lru_cache(maxsize=8192)
def _deadline(tz_name: str | None, checkin_day: str, week: str) -> dt.datetime:
    # memoised: cadence tables ask for the same few (zone, week) pairs for every person
    import zoneinfo

    from okrfile.periods import weekday_in_week

    try:
        tz = zoneinfo.ZoneInfo(tz_name) if tz_name else dt.timezone.utc
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = dt.timezone.utc
    day = weekday_in_week(week, checkin_day)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)


def due_weeks(config, period) -> list[str]:
    """The weeks of a period that have a check-in: those whose check-in day falls in it.
    A quarter starting on a Thursday has no update due on the Monday before it began."""
    from okrfile.periods import weekday_in_week, weeks_in

    if period is None or period.start is None or period.end is None:
        return []
    day = config.checkin_day if config else "monday"
    return [w for w in weeks_in(period) if period.start <= weekday_in_week(w, day) <= period.end]


def team_members(ws: Workspace) -> dict[str, list[str]]:
    """Each team's people, in okrfile.yaml order; teams without people are left out."""
    out: dict[str, list[str]] = {}
    if ws.config is None:
        return out
    for slug, person in ws.config.people.items():
        if person.team:
            out.setdefault(person.team, []).append(slug)
    return out


def cadence(
    ws: Workspace, week: str, period_id: str | None, now: dt.datetime | None = None, first_posted: dict | None = None
) -> list[TeamCadence]:
    """Per team: who posted for `week`, who did not and for how many weeks in a row
    (counted back to the start of the period, when known). Someone whose check-in day
    is not over yet (at `now`) is not silent, only not due. With `first_posted` (from
    git history), who posted after their deadline is listed as late."""
    now = now or ws.moment or dt.datetime.now(dt.timezone.utc)
    posted = posted_weeks(ws)
    config = ws.config
    period = resolve_period(config, period_id) if period_id else None
    if period is not None and period.start is not None:
        due = due_weeks(config, period)
        floor = parse_week(due[0]) if due else period.start
    else:  # no period: count back no further than the first update anyone wrote
        floor = min((parse_week(w) for _, w in posted if parse_week(w)), default=parse_week(week))
    out = []
    for team, members in team_members(ws).items():
        team_obj = config.teams.get(team)
        silent, not_due = [], []
        for person in members:
            if (person, week) in posted:
                continue
            if deadline(ws, person, week) > now or parse_week(week) < floor:
                not_due.append(person)  # the check-in day is not over, or came before the period began
                continue
            streak, probe = 0, week
            while (person, probe) not in posted and parse_week(probe) >= floor:
                streak += 1
                probe = shift_week(probe, -1)
            name = config.people[person].name or person
            silent.append(Silent(person, name, streak))
        out.append(
            TeamCadence(
                team,
                (team_obj.name if team_obj and team_obj.name else team),
                members,
                [p for p in members if (p, week) in posted],
                silent,
                not_due,
                [
                    (p, config.people[p].name or p)
                    for p in members
                    if first_posted and (p, week) in posted and (p, week) in first_posted
                    and first_posted[(p, week)].date >= deadline(ws, p, week)
                ],
                {p: config.people[p].name or p for p in members},
                parse_week(week) < floor,
            )
        )
    return out


def _rounded(rate: float | None) -> float | None:
    # four decimals, as scores are: 2/3 is 0.6667
    return None if rate is None else round(rate, 4)


def cadence_to_json(week: str, period: str | None, teams: list[TeamCadence]) -> dict:
    due = sum(t.due for t in teams)
    return {
        "week": week,
        "period": period,
        "update_rate": _rounded(sum(len(t.posted) for t in teams) / due if due else None),
        "teams": [
            {
                "team": t.team,
                "name": t.name,
                "update_rate": _rounded(t.rate),
                "posted": t.posted,
                "silent": [{"person": s.person, "name": s.name, "weeks": s.weeks} for s in t.silent],
                "not_due": t.not_due,
                "late": [person for person, _ in t.late],
            }
            for t in teams
        ],
    }


@dataclass
class Timeliness:
    """From git history: when each person's update for each week was first committed."""

    weeks: list[str]
    people: dict[str, dict[str, str]]  # person -> week -> on_time | late | missing | unknown (not committed)
    teams: dict[str, dict[str, float | None]]  # team -> week -> on-time rate
    # person -> week -> (the commit that first added the update, its date, the deadline): what
    # an on-time or late mark was judged by, so it can be checked
    judged: dict[str, dict[str, tuple[str, dt.datetime, dt.datetime]]] = field(default_factory=dict)
    # team -> the weeks whose rate leaves out someone whose timeliness is unknown (a shallow clone)
    partial: dict[str, set[str]] = field(default_factory=dict)


def timeliness(
    ws: Workspace, first_posted: dict, weeks: list[str], now: dt.datetime | None = None, posted: set | None = None
) -> Timeliness:
    """On time: the first commit in which the update says something is dated before the end of the
    check-in day in the person's time zone; late: after it; missing: no update.
    `posted`: (person, week) pairs, when `ws` holds no updates (a cached history's)."""
    now = now or ws.moment or dt.datetime.now(dt.timezone.utc)
    posted = posted_weeks(ws) if posted is None else posted
    people: dict[str, dict[str, str]] = {}
    teams: dict[str, dict[str, float | None]] = {}
    judged: dict[str, dict[str, tuple[str, dt.datetime, dt.datetime]]] = {}
    partial: dict[str, set[str]] = {}
    for team, members in team_members(ws).items():
        for week in weeks:
            due = [p for p in members if deadline(ws, p, week) <= now]
            on_time = known = 0
            for person in members:
                if (person, week) not in posted:
                    mark = "missing" if person in due else "not_due"
                elif (person, week) not in first_posted:
                    mark = "unknown"  # posted, but when is not in the history (a shallow clone's cut)
                else:
                    first, due_by = first_posted[(person, week)], deadline(ws, person, week)
                    mark = "on_time" if first.date < due_by else "late"
                    judged.setdefault(person, {})[week] = (first.commit, first.date, due_by)
                on_time += mark == "on_time"
                known += mark in ("on_time", "late", "missing")
                people.setdefault(person, {})[week] = mark
            # an update of unknown timeliness counts neither way: no rate when none is known
            teams.setdefault(team, {})[week] = on_time / known if known else None
            if known and any(people[person][week] == "unknown" for person in members):
                partial.setdefault(team, set()).add(week)
    return Timeliness(weeks, people, teams, judged, partial)
