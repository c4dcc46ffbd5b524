"""The status report: the model's key results scored, graded and paced for one period.

`build_status` computes; renderers (render/) only lay the result out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from okrfile import scoring
from okrfile.checkins import latest_by_ref, reports_by_ref
from okrfile.model import CheckIn, Config, KeyResult, Objective, Workspace
from okrfile.periods import elapsed_share, period_containing, resolve_period, week_of, weekday_in_week


class StatusError(Exception):
    """A request the workspace cannot answer (unknown period or team): a usage problem."""


@dataclass
class KRStatus:
    ref: str
    title: str
    type: str
    start: float | None
    target: float | None
    current: float | None
    unit: str | None
    progress: float | None
    score: float
    grade: str
    expected: float
    on_track: bool | None
    reported_status: str | None
    stale: bool
    pending: bool
    threshold: float | None = None
    done: bool | None = None
    weight: float = 1
    owner: str | None = None
    last_checkin: str | None = None  # the week of the value shown, when a check-in gave it
    final_score: float | None = None  # a `Score:` the owner gave in that check-in
    goalpost_moved: list[str] = field(default_factory=list)  # fields changed after the period began (git history)


@dataclass
class ObjectiveStatus:
    ref: str
    title: str
    kind: str
    owner: str | None
    score: float | None
    grade: str | None
    key_results: list[KRStatus] = field(default_factory=list)


@dataclass
class TeamStatus:
    team: str
    name: str
    score: float | None
    grade: str | None
    committed: float | None
    aspirational: float | None
    objectives: list[ObjectiveStatus] = field(default_factory=list)


@dataclass
class StatusReport:
    period: str
    start: dt.date
    end: dt.date
    today: dt.date
    expected: float
    score: float | None
    grade: str | None
    committed: float | None
    aspirational: float | None
    teams: list[TeamStatus] = field(default_factory=list)


def teams_with_sets(ws: Workspace) -> list[str]:
    return sorted({s.team for s in ws.okr_sets if s.team})


def periods_with_sets(ws: Workspace, team: str | None = None) -> list[str]:
    return sorted({s.period for s in ws.okr_sets if s.period and (team is None or s.team == team)})


def default_period(ws: Workspace, today: dt.date, team: str | None = None) -> str | None:
    """The period to report when none is asked for: the shortest holding today in which
    the team (or anyone) has an OKR set; when none does (the last one is over, the next
    has not begun), the one that ended last, for its retrospective."""
    candidates = periods_with_sets(ws, team)
    holding = period_containing(ws.config, today, candidates)
    if holding is not None:
        return holding
    ended = [(period.end, -(period.end - period.start).days, period_id) for period_id in candidates
             if (period := resolve_period(ws.config, period_id)) is not None and period.start and period.end and period.end < today]
    return max(ended)[2] if ended else None


@dataclass
class _Scope:
    """What every key result of one report is judged against."""

    config: Config
    today: dt.date
    expected: float
    history: dict[str, list[CheckIn]]  # each key result's check-ins up to today, oldest first
    period: str = ""
    git: Any = None  # history.History when the workspace is in a git repository
    judged: dt.date | None = None  # the day staleness and pace are judged as of: today, or the period's end
    # each key result's reports up to today: a Status given without a valid Current too
    reports: dict[str, list[CheckIn]] = field(default_factory=dict)


def build_status(ws: Workspace, period_id: str, today: dt.date, team: str | None = None, git: Any = None) -> StatusReport:
    """`git`: the repository's history (history.read_history), which dates the OKR files'
    values and shows moved goalposts; without it, neither is judged."""
    config = ws.config or Config("okrfile.yaml")
    period = resolve_period(config, period_id)
    sets = ws.sets_in(period_id)
    if period is None or not sets:
        known = ", ".join(periods_with_sets(ws)) or "none"
        raise StatusError(f"no OKR sets for period {period_id} (periods with OKR sets: {known})")
    if team is not None:
        sets = [s for s in sets if s.team == team]
        if not sets:
            teams = ", ".join(sorted(s.team for s in ws.sets_in(period_id) if s.team))
            raise StatusError(f"team {team} has no OKR set in {period_id} (teams there: {teams})")
    # A period that has ended is judged as of its last day: nobody checks in after it,
    # so its retrospective shows whether each key result was on track when it closed,
    # not that every value has since gone stale. Which values count is still today's.
    judged = min(today, period.end) if period.end else today
    scope = _Scope(
        config, today, elapsed_share(period, judged), latest_by_ref(ws.checkins, period_id, week_of(today)), period_id, git,
        judged, reports_by_ref(ws.checkins, period_id, week_of(today)),
    )
    teams = [_team_status(scope, okr_set.team, okr_set.objectives) for okr_set in _in_team_order(config, sets)]
    all_objectives = [o for t in teams for o in t.objectives]
    score = scoring.mean([o.score for o in all_objectives if o.score is not None])
    return StatusReport(
        period_id,
        period.start,
        period.end,
        today,
        scope.expected,
        score,
        scoring.grade(score, config.green, config.yellow),
        _kind_mean(all_objectives, "committed"),
        _kind_mean(all_objectives, "aspirational"),
        teams,
    )


def _in_team_order(config: Config, sets):
    """Teams from the top of the parent chain down, then by slug."""

    def depth(slug: str) -> int:
        seen, team = 0, config.teams.get(slug)
        while team is not None and team.parent and seen < len(config.teams):
            seen, team = seen + 1, config.teams.get(team.parent)
        return seen

    return sorted(sets, key=lambda s: (depth(s.team), s.team))


def _kind_mean(objectives: list[ObjectiveStatus], kind: str) -> float | None:
    return scoring.mean([o.score for o in objectives if o.kind == kind and o.score is not None])


def _team_status(scope: _Scope, slug: str, objectives: list[Objective]) -> TeamStatus:
    config = scope.config
    statuses = [_objective_status(scope, slug, o) for o in objectives]
    score = scoring.mean([o.score for o in statuses if o.score is not None])
    team = config.teams.get(slug)
    return TeamStatus(
        slug,
        (team.name if team and team.name else slug),
        score,
        scoring.grade(score, config.green, config.yellow),
        _kind_mean(statuses, "committed"),
        _kind_mean(statuses, "aspirational"),
        statuses,
    )


def _objective_status(scope: _Scope, team: str, objective: Objective) -> ObjectiveStatus:
    ref = f"{team}/{objective.id}"
    krs = [_kr_status(scope, ref, kr) for kr in objective.key_results]
    score = scoring.weighted_mean([(kr.score, kr.weight) for kr in krs])
    grade = scoring.grade(score, scope.config.green, scope.config.yellow)
    return ObjectiveStatus(ref, objective.title or "", objective.kind, objective.owner, score, grade, krs)


def _kr_status(scope: _Scope, objective_ref: str, kr: KeyResult) -> KRStatus:
    config = scope.config
    ref = f"{objective_ref}/{kr.id}"
    checkins = scope.history.get(ref, [])
    latest = checkins[-1] if checkins else None
    # the latest check-in's value wins; the OKR file's `current:` is the fallback
    current, done = kr.current, kr.done
    if latest is not None:
        if kr.type == "milestone":
            done = latest.value
        else:
            current = latest.value
    history = [c.value for c in checkins] if kr.type in ("stay_above", "stay_below") and checkins else None
    result = scoring.score_key_result(
        kr.type, start=kr.start, target=kr.target, current=current, done=done, threshold=kr.threshold, history=history
    )
    # A value is dated by its check-in's week (the check-in day of that week); a value
    # only in the OKR file by the commit that last changed it, when there is a history;
    # with neither it is not judged.
    value_date = weekday_in_week(latest.week, config.checkin_day) if latest is not None else None
    moved: list[str] = []
    if scope.git is not None:
        full = f"{scope.period}/{ref}"
        moved = sorted({g.field for g in scope.git.moved(full) if g.in_effect.date() <= scope.today})
        if value_date is None:
            dated = [p.date.date() for p in scope.git.points.get(full, []) if p.source.startswith("okrs/") and p.date.date() <= scope.today]
            value_date = dated[-1] if dated else None
    # a milestone done stays done: its value cannot go out of date
    stale = bool(scoring.is_stale(value_date, scope.judged or scope.today, config.checkin_day)) and not (kr.type == "milestone" and done)
    return KRStatus(
        ref=ref,
        title=kr.title or "",
        type=kr.type,
        start=kr.start,
        target=kr.target,
        current=current,
        unit=kr.unit,
        progress=result.progress,
        score=result.score,
        grade=scoring.grade(result.score, config.green, config.yellow),
        expected=scope.expected,
        on_track=scoring.on_track(
            kr.type, result.progress, result.score, scope.expected, stale=stale, pending=result.pending, holding=result.holding
        ),
        reported_status=reports[-1].status if (reports := scope.reports.get(ref)) else None,
        stale=stale,
        pending=result.pending,
        threshold=kr.threshold,
        done=done,
        weight=kr.weight,
        owner=kr.owner,
        last_checkin=latest.week if latest is not None else None,
        final_score=latest.score if latest is not None else None,
        goalpost_moved=moved,
    )


def json_number(value):
    """Numbers in JSON reports: a score or a progress as kept and graded (scoring.settle);
    never a non-finite float, which is not JSON (a check-in value too large for a float)."""
    if isinstance(value, float):
        return scoring.settle(value) if math.isfinite(value) else None
    return value


def _finite(value):
    """A value as written, unless it is a float JSON cannot hold (a check-in's 1e400)."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def report_to_json(report: StatusReport) -> dict:
    """The JSON contract of DESIGN.md, plus a few extra keys scripts may use."""
    return {
        "period": report.period,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "today": report.today.isoformat(),
        "expected": json_number(report.expected),
        "score": json_number(report.score),
        "grade": report.grade,
        "committed": json_number(report.committed),
        "aspirational": json_number(report.aspirational),
        "teams": [
            {
                "team": t.team,
                "name": t.name,
                "score": json_number(t.score),
                "grade": t.grade,
                "committed": json_number(t.committed),
                "aspirational": json_number(t.aspirational),
                "objectives": [
                    {
                        "ref": o.ref,
                        "title": o.title,
                        "kind": o.kind,
                        "owner": o.owner,
                        "score": json_number(o.score),
                        "grade": o.grade,
                        "key_results": [
                            {
                                "ref": k.ref,
                                "title": k.title,
                                "type": k.type,
                                "start": k.start,
                                "target": k.target,
                                "current": _finite(k.current),
                                "unit": k.unit,
                                "threshold": k.threshold,
                                "done": k.done,
                                "weight": k.weight,
                                "owner": k.owner,
                                "progress": json_number(k.progress),
                                "score": json_number(k.score),
                                "grade": k.grade,
                                "expected": json_number(k.expected),
                                "on_track": k.on_track,
                                "reported_status": k.reported_status,
                                "stale": k.stale,
                                "pending": k.pending,
                                "last_checkin": k.last_checkin,
                                "final_score": k.final_score,
                                "goalpost_moved": k.goalpost_moved,
                            }
                            for k in o.key_results
                        ],
                    }
                    for o in t.objectives
                ],
            }
            for t in report.teams
        ],
    }
