"""Who posted their weekly update, and who has gone silent (seed 002: "watch for silence").

From the files alone a week is posted or missing; with git history (history.py) a
posted week can also be told on time or late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

    @property
    def rate(self) -> float | None:
        return len(self.posted) / len(self.members) if self.members else None


def posted_weeks(ws: Workspace) -> set[tuple[str, str]]:
    """(person, week) for every update file that parsed."""
    return {(u.person, u.week) for u in ws.updates if u.loc is not None and u.person and u.week}


def team_members(ws: Workspace) -> dict[str, list[str]]:
    """Each team's people, in okrfile.yaml order; teams without people are left out."""
    out: dict[str, list[str]] = {}
    if ws.config is None:
        return out
    for slug, person in ws.config.people.items():
        if person.team:
            out.setdefault(person.team, []).append(slug)
    return out


def cadence(ws: Workspace, week: str, period_id: str | None) -> list[TeamCadence]:
    """Per team: who posted for `week`, who did not and for how many weeks in a row
    (counted back to the start of the period, when known)."""
    posted = posted_weeks(ws)
    config = ws.config
    period = resolve_period(config, period_id) if period_id else None
    if period is not None and period.start is not None:
        floor = period.start - dt.timedelta(days=period.start.weekday())
    else:  # no period: count back no further than the first update anyone wrote
        floor = min((parse_week(w) for _, w in posted if parse_week(w)), default=parse_week(week))
    out = []
    for team, members in team_members(ws).items():
        team_obj = config.teams.get(team)
        silent = []
        for person in members:
            if (person, week) in posted:
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
            )
        )
    return out


def cadence_to_json(week: str, period: str | None, teams: list[TeamCadence]) -> dict:
    members = sum(len(t.members) for t in teams)
    return {
        "week": week,
        "period": period,
        "update_rate": sum(len(t.posted) for t in teams) / members if members else None,
        "teams": [
            {
                "team": t.team,
                "name": t.name,
                "update_rate": t.rate,
                "posted": t.posted,
                "silent": [{"person": s.person, "name": s.name, "weeks": s.weeks} for s in t.silent],
            }
            for t in teams
        ],
    }
