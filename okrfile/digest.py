"""The Tuesday digest (seed 002): per team, what changed in the week's updates.

Status changes and newly off-track key results, wins, blockers, help needed (with who
asked), who is silent, and the week's update rate. Computed here; render/digest.py
lays it out as Markdown, Slack text or JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from okrfile.cadence import Silent, cadence
from okrfile.checkins import reports_by_ref
from okrfile.model import Config, Workspace
from okrfile.periods import parse_week, period_of_week, resolve_period, shift_week, week_number
from okrfile.status import StatusError, build_status, periods_with_sets


@dataclass
class StatusChange:
    ref: str
    title: str
    person: str
    before: str | None  # None: first report
    after: str


@dataclass
class OffTrack:
    ref: str
    title: str
    progress: float | None
    expected: float
    line: str | None = None  # a stay key result: the line it breaks, e.g. "5.4, over its limit of 5"


@dataclass
class Said:
    person: str
    name: str
    text: str
    ref: str | None = None  # the key result a blocker is about


@dataclass
class TeamDigest:
    team: str
    name: str
    status_changes: list[StatusChange] = field(default_factory=list)
    newly_off_track: list[OffTrack] = field(default_factory=list)
    wins: list[Said] = field(default_factory=list)
    blockers: list[Said] = field(default_factory=list)
    help_needed: list[Said] = field(default_factory=list)
    silent: list[Silent] = field(default_factory=list)
    posted: int = 0
    members: int = 0
    not_due: int = 0  # not posted, but their check-in day is not over yet
    late: list[str] = field(default_factory=list)  # names of who posted after their check-in day
    late_people: list[str] = field(default_factory=list)  # and their slugs, as silence gives them

    @property
    def rate(self) -> float | None:
        due = self.members - self.not_due
        return self.posted / due if due else None


@dataclass
class Digest:
    week: str
    period: str
    week_number: int
    teams: list[TeamDigest]

    @property
    def rate(self) -> float | None:
        due = sum(t.members - t.not_due for t in self.teams)
        return sum(t.posted for t in self.teams) / due if due else None


class DigestError(Exception):
    """A week the workspace cannot report on: a usage problem."""


def build_digest(ws: Workspace, week: str, first_posted: dict | None = None) -> Digest:
    config = ws.config or Config("okrfile.yaml")
    if parse_week(week) is None:
        raise DigestError(f"{week} is not an ISO week like 2026-W47")
    period_id = period_of_week(config, week, periods_with_sets(ws))
    if period_id is None:
        raise DigestError(f"week {week} falls in no period with OKR sets ({', '.join(periods_with_sets(ws)) or 'none'})")
    period = resolve_period(config, period_id)
    previous = shift_week(week, -1)
    names = {slug: (p.name or slug) for slug, p in config.people.items()}
    end_of = lambda w: parse_week(w) + dt.timedelta(days=6)  # noqa: E731
    now = _track(ws, period_id, end_of(week))
    before = _track(ws, period_id, end_of(previous)) if parse_week(previous) >= period.start - dt.timedelta(days=6) else {}

    # statuses as reported: a Status given without a valid Current too
    this_week = reports_by_ref(ws.checkins, period_id, week)
    until_before = reports_by_ref(ws.checkins, period_id, previous)
    teams: dict[str, TeamDigest] = {}
    for team in cadence(ws, week, period_id, first_posted=first_posted):
        teams[team.team] = TeamDigest(
            team.team,
            team.name,
            silent=team.silent,
            posted=len(team.posted),
            members=len(team.members),
            not_due=len(team.not_due),
            late=[name for _, name in team.late],
            late_people=[person for person, _ in team.late],
        )
    titles = {kr.ref: kr.title for kr in now.values()}
    for ref, checkins in this_week.items():
        latest = checkins[-1]
        if latest.week != week or latest.status is None:
            continue
        earlier = until_before.get(ref, [])
        before_status = earlier[-1].status if earlier else None
        if before_status != latest.status:
            team = ref.split("/")[0]
            teams.setdefault(team, TeamDigest(team, team)).status_changes.append(
                StatusChange(ref, titles.get(ref, ""), latest.person, before_status, latest.status)
            )
    for ref, kr in now.items():
        was = before.get(ref)
        if kr.on_track is False and (was is None or was.on_track is not False) and before:
            team = ref.split("/")[0]
            line = None
            if kr.type in ("stay_above", "stay_below"):
                side = "limit" if kr.type == "stay_below" else "floor"
                line = f"{kr.current:g}, past its {side} of {kr.threshold:g}"
            teams.setdefault(team, TeamDigest(team, team)).newly_off_track.append(
                OffTrack(ref, kr.title, kr.progress, kr.expected, line)
            )
    for update in ws.updates:
        # only an update that counts (not one whose front matter disagrees with its path,
        # E402): silence calls its writer silent, so its wins and blockers are not shown
        if update.week != week or not update.says_something():
            continue
        person = config.people.get(update.person)
        if person is None or not person.team:
            continue
        digest = teams.setdefault(person.team, TeamDigest(person.team, person.team))
        name = names.get(update.person, update.person)
        digest.wins += [Said(update.person, name, text) for text, _ in update.wins]
        digest.help_needed += [Said(update.person, name, text) for text, _ in update.help_needed]
        for block in update.blocks:
            if block.blockers and not block.draft:  # a block with placeholders left counts for nothing
                objective = block.objective if "/" in block.objective else f"{person.team}/{block.objective}"
                digest.blockers.append(Said(update.person, name, block.blockers, f"{objective}/{block.kr_id}"))
    return Digest(week, period_id, week_number(period, week), list(teams.values()))


def _track(ws: Workspace, period_id: str, day: dt.date) -> dict:
    """Every key result's status as of a day, by ref."""
    try:
        report = build_status(ws, period_id, day)
    except StatusError:
        return {}
    return {kr.ref: kr for team in report.teams for o in team.objectives for kr in o.key_results}


def digest_to_json(digest: Digest) -> dict:
    def said(items):
        return [{"person": s.person, "name": s.name, "text": s.text, **({"ref": s.ref} if s.ref else {})} for s in items]

    return {
        "week": digest.week,
        "period": digest.period,
        "week_number": digest.week_number,
        "update_rate": round(digest.rate, 4) if digest.rate is not None else None,
        "teams": [
            {
                "team": t.team,
                "name": t.name,
                "update_rate": round(t.rate, 4) if t.rate is not None else None,
                "posted": t.posted,
                "members": t.members,
                "status_changes": [
                    {"ref": c.ref, "title": c.title, "person": c.person, "before": c.before, "after": c.after}
                    for c in t.status_changes
                ],
                "newly_off_track": [
                    {"ref": o.ref, "title": o.title, "progress": o.progress, "expected": round(o.expected, 4), "line": o.line}
                    for o in t.newly_off_track
                ],
                "not_due": t.not_due,
                "late": t.late,
                "late_people": t.late_people,
                "wins": said(t.wins),
                "blockers": said(t.blockers),
                "help_needed": said(t.help_needed),
                "silent": [{"person": s.person, "name": s.name, "weeks": s.weeks} for s in t.silent],
            }
            for t in digest.teams
        ],
    }
