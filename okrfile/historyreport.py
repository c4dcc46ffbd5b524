"""What `okrfile history` reports, from the history git gave (history.py): per key result
its timeline and moved goalposts, every goalpost change, and who posted on time; for a
period, a team, an objective or one key result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from okrfile.cadence import Timeliness, due_weeks, team_members, timeliness
from okrfile.history import MAYBE_BEFORE_THE_CUT, GoalpostChange, History, Point, comings_and_goings
from okrfile.periods import resolve_period, week_of
from okrfile.status import default_period, periods_with_sets
from okrfile.suggest import did_you_mean


class HistoryReportError(Exception):
    """Nothing to report for what was asked: a period without OKR sets, an unknown reference."""


@dataclass
class KeyResultHistory:
    ref: str  # period/team/O1/KR1
    title: str
    points: list[Point]  # oldest first
    moved: list[GoalpostChange]
    removed: bool  # taken out of its OKR set after the period began; its timeline stays
    # the value that counts as of the report's day, as status counts it: the latest week's
    # check-in (a week still to come does not count yet), else the OKR file's `current:`
    counted: Any = None


@dataclass
class HistoryReport:
    period: str
    today: dt.date
    commits: int
    scope: str  # what was asked for: "" (the period), a team, team/O1, or team/O1/KR1
    key_results: list[KeyResultHistory]
    goalposts: list[GoalpostChange]  # every change within the scope, by date: objectives' too
    cadence: Timeliness | None  # None for one key result

    @property
    def single(self) -> KeyResultHistory | None:
        """The key result, when one was asked for."""
        return self.key_results[0] if self.scope.count("/") == 2 and self.key_results else None


def history_report(
    found: History, ref: str | None, period: str | None, today: dt.date, now: dt.datetime | None = None, reach: dt.datetime | None = None
) -> HistoryReport:
    """`ref`: a team, team/O1, team/O1/KR1, or any of them after a period (2026-Q4/team...).
    Cadence counts the weeks from the first commit to `today`. With `now` (--today's
    end), the report is as of then: values, goalposts and posts committed later are left out.
    `reach` (--at's revision, whose files hold a commit dated after it): what is dated up to
    then is in too, while `now` still judges which check-in days are over."""
    ws = found.workspace
    periods = periods_with_sets(ws)
    if not periods:
        raise HistoryReportError("no OKR set of this workspace is committed yet; history reads what is committed")
    scope = (ref or "").strip("/")
    first = scope.split("/", 1)[0]
    if first and (first in periods or resolve_period(ws.config, first) is not None):
        period, scope = first, scope[len(first) + 1 :]
    period = period or default_period(ws, today)
    if period is None:
        raise HistoryReportError(f"no committed OKR set covers {today}; pick one with --period (periods with OKR sets: {', '.join(periods)})")
    if period not in periods:
        raise HistoryReportError(f"no committed OKR sets for period {period} (periods with OKR sets: {', '.join(periods)})")
    titles = {f"{s.team}/{o.id}/{k.id}": k.title or "" for s in ws.sets_in(period) for o in s.objectives for k in o.key_results}
    # key results removed from the period keep their timelines, and their removal shows
    membership = {  # the period's key results' comings and goings, by team/O1/KR1
        ref.split("/", 1)[1]: events
        for ref, events in comings_and_goings(found.goalposts).items()
        if ref.startswith(f"{period}/") and ref.count("/") == 3
    }
    removed = {  # gone from the OKR sets now, with the title they went with
        r: next(e.old or "" for e in reversed(events) if e.field == "removed")
        for r, events in membership.items()
        if r not in titles and any(e.field == "removed" for e in events)
    }
    known = {**titles, **removed}
    inside = [r for r in known if not scope or r == scope or r.startswith(scope + "/")]
    if not inside:
        teams = {r.split("/")[0] for r in known}
        objectives = {r.rsplit("/", 1)[0] for r in known}
        cut = f"; {MAYBE_BEFORE_THE_CUT}" if found.shallow else ""
        raise HistoryReportError(
            f"{scope} is not a team, objective or key result in {period}" + did_you_mean(scope, [*known, *objectives, *teams]) + cut
        )

    last = max(now, reach) if now is not None and reach is not None else now
    moved: dict[str, list[GoalpostChange]] = {}  # the goalpost changes by key result, once (not a scan per key result)
    for change in found.goalposts:
        moved.setdefault(change.ref, []).append(change)

    def until_now(items: list) -> list:
        """As of `now`: what was committed later is left out (the key results are those committed now)."""
        # a goalpost change by when it took effect on HEAD's line, if later than its author date
        return items if last is None else [item for item in items if (item.in_effect if isinstance(item, GoalpostChange) else item.date) <= last]

    this_week = week_of(today)
    # the OKR files' values as HEAD (or --at's commit) has them: a merge may have settled a
    # value neither branch's commit gave, and status counts that one
    in_files = {
        f"{s.team}/{o.id}/{k.id}": k.done if k.type == "milestone" else k.current
        for s in ws.sets_in(period)
        for o in s.objectives
        for k in o.key_results
    }

    milestones = {f"{s.team}/{o.id}/{k.id}": k.type == "milestone" for s in ws.sets_in(period) for o in s.objectives for k in o.key_results}

    def counted(ref: str, points: list[Point]) -> Any:
        # a value of another kind than the key result's now (a number for a milestone: it was
        # renumbered, or its type changed) is one status does not count (E407)
        fits = [p for p in points if ref not in milestones or isinstance(p.value, bool) == milestones[ref]]
        # and a value from before the key result was renumbered is about the one now under another id
        renumbered = max((g.in_effect for g in moved.get(f"{period}/{ref}", ()) if g.field == "renumbered"), default=None)
        fits = [p for p in fits if renumbered is None or p.date >= renumbered]
        checkins = [(p.week, p.value) for p in fits if p.week and p.week <= this_week]
        # a shallow clone's updates from before the cut have no points, but status counts them
        # (the latest week's; the owner's when two report it)
        undated = [cut for cut in found.at_the_cut.get(f"{period}/{ref}", []) if cut[0] <= this_week]
        latest = max(undated, key=lambda cut: cut[:2]) if undated else None
        if latest is not None and (not checkins or latest[0] > checkins[-1][0]):
            return latest[2]
        if checkins:
            return checkins[-1][1]
        if now is None and in_files.get(ref) is not None:
            return in_files[ref]
        return next((p.value for p in reversed(fits) if not p.week), None)

    def standing(points: list[Point]) -> list[Point]:
        """As of `now`: a value an edit replaced later (a typo fixed) still stands then. An
        update HEAD holds broken counts nowhere until fixed (status leaves it out too)."""
        return [
            p for p in until_now(points)
            if (p.replaced is None or (last is not None and p.replaced > last)) and p.source not in found.unreadable
        ]

    key_results = []
    for r in inside:
        points = standing(found.points.get(f"{period}/{r}", []))
        # out of its OKR set as of --today's end (or now): its last coming or going by then was a going
        events = [e for e in membership.get(r, []) if last is None or e.in_effect <= last]
        gone = bool(events) and events[-1].field == "removed"
        key_results.append(KeyResultHistory(f"{period}/{r}", known[r], points, until_now(moved.get(f"{period}/{r}", [])), gone, counted(r, points)))
    prefix = f"{period}/{scope}" if scope else f"{period}/"
    goalposts = until_now([g for g in found.goalposts if g.ref == prefix or g.ref.startswith(prefix.rstrip("/") + "/")])
    cadence = None
    if scope.count("/") < 2:
        first_week = week_of(found.started.date()) if found.started else ""
        weeks = [w for w in due_weeks(ws.config, resolve_period(ws.config, period)) if first_week <= w <= week_of(today)]
        first_posted = {key: post for key, post in found.first_posted.items() if last is None or post.date <= last}
        posted = {key for key in found.posted if key not in found.first_posted or key in first_posted}
        # a --today still to come: the check-in days between now and then have not come either
        clock = dt.datetime.now(dt.timezone.utc)
        cadence = timeliness(ws, first_posted, weeks, now=min(now, clock) if now is not None else None, posted=posted)
        if scope:
            team = scope.split("/", 1)[0]
            members = set(team_members(ws).get(team, []))
            cadence = Timeliness(
                cadence.weeks,
                {p: marks for p, marks in cadence.people.items() if p in members},
                {t: rates for t, rates in cadence.teams.items() if t == team},
                {p: posts for p, posts in cadence.judged.items() if p in members},
                {t: weeks for t, weeks in cadence.partial.items() if t == team},
            )
    return HistoryReport(period, today, found.commits, scope, key_results, goalposts, cadence)
