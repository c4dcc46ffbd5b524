"""History for a terminal and as JSON: sparklines, timelines, goalposts, cadence."""

from __future__ import annotations

from okrfile.cadence import Timeliness
from okrfile.history import GoalpostChange, Point
from okrfile.historyreport import HistoryReport, KeyResultHistory
from okrfile.render.values import number, share

SPARKS = "▁▂▃▄▅▆▇█"
MARKS = {"on_time": ("✓", "green"), "late": ("L", "yellow"), "missing": ("·", "red"), "unknown": ("?", "dim"), "not_due": (" ", "")}


def sparkline(values: list) -> str:
    if not values:
        return ""
    if all(isinstance(v, bool) for v in values):
        return "".join("█" if v else "▁" for v in values)
    low, high = min(values), max(values)
    span = (high - low) or 1
    return "".join(SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)


def _value(value) -> str:
    if isinstance(value, bool):
        return "done" if value else "not done"
    return number(value)


def point_json(point: Point) -> dict:
    return {
        "date": point.date.isoformat(),
        "value": point.value,
        "source": point.source,
        "commit": point.commit,
        "author": point.author,
        "week": point.week or None,  # the update's week; null for `current:` in the OKR file
        "corrects": point.corrects,  # the value an edit of the same update replaced, else null
    }


def goalpost_json(change: GoalpostChange) -> dict:
    return {
        "date": change.date.isoformat(),
        "commit": change.commit,
        "author": change.author,
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "landed": change.landed.isoformat() if change.landed is not None else None,
    }


def timeliness_json(timeliness: Timeliness) -> dict:
    """The marks, the teams' rates, and for each on-time or late mark the commit and date it
    was judged by against the deadline (the end of the check-in day in the person's zone)."""
    judged = {
        person: {week: {"commit": commit, "date": date.isoformat(), "deadline": due.isoformat()} for week, (commit, date, due) in weeks.items()}
        for person, weeks in timeliness.judged.items()
    }
    return {"weeks": timeliness.weeks, "people": timeliness.people, "teams": timeliness.teams, "judged": judged}


def describe_change(change: GoalpostChange) -> str:
    """`target 100 → 120`, `added 'Halve churn'`, `removed 'Ship v2'`."""
    if change.field == "added":
        return f"added {change.new!r}"
    if change.field == "removed":
        return f"removed {change.old!r}"
    if change.field == "renumbered":
        return f"renumbered from {change.old} (its values before are under {change.old})"
    return f"{change.field} {_shown(change.old)} → {_shown(change.new)}"


def _shown(value) -> str:
    """A field's value in a change: numbers as everywhere, text quoted, absence a dash."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return repr(value)
    return _value(value)


def _change_line(change: GoalpostChange, ref: str = "") -> str:
    # dated by its author; committed or merged on a later day, that day is said too
    landed = f", landed {change.landed.date()}" if change.landed is not None and change.landed.date() > change.date.date() else ""
    return f"  {change.date.date()} {ref + ': ' if ref else ''}{describe_change(change)} by {change.author} ({change.commit[:10]}{landed})"


def _since_renumbered(kr: KeyResultHistory) -> list:
    """The values its sparkline draws: those since it was last renumbered (the ones before are
    another key result's, listed, but in its own unit and range)."""
    cut = max((g.in_effect for g in kr.moved if g.field == "renumbered"), default=None)
    return [p.value for p in kr.points if cut is None or p.date >= cut]


def render_key_result(kr: KeyResultHistory):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    gone = ("  (removed)", "yellow") if kr.removed else ""
    parts = [Text.assemble((kr.ref, "bold"), f" {kr.title}", gone, "  ", (sparkline(_since_renumbered(kr)), "cyan"))]
    if kr.points:
        table = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
        for column in ("date", "week", "value", "source", "author", "commit"):
            table.add_column(column)
        for p in kr.points:  # a week's value sits in its week, so a late one is out of date order: the week says why
            value = _value(p.value) + (f" (was {_value(p.corrects)})" if p.corrects is not None else "")
            table.add_row(p.date.date().isoformat(), p.week, value, p.source, p.author, p.commit[:10])
        parts.append(table)
    elif kr.counted is not None:
        # a shallow clone: the updates from before its cut count, but when they were posted is beyond it
        parts.append(Text(f"  last value {_value(kr.counted)}, not dated: the history holds no commit that set it", style="dim"))
    else:
        parts.append(Text("  no values in the history yet", style="dim"))
    if kr.moved:
        parts.append(Text("goalposts moved after the period began", style="bold"))
        parts.extend(Text(_change_line(change), style="yellow") for change in kr.moved)
    return Group(*parts)


def render_overview(report: HistoryReport):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, title="values over time", title_justify="left")
    table.add_column("key result", overflow="fold")
    table.add_column("values", no_wrap=True)
    table.add_column("last value", no_wrap=True)
    table.add_column("goalpost changes", no_wrap=True)
    for kr in report.key_results:
        last = _value(kr.counted) if kr.counted is not None else "–"
        name = Text.assemble(f"{kr.ref} {kr.title}", ("  (removed)", "yellow") if kr.removed else "")
        # changes, not commits: one commit moving the target and the title is two lines in the list below
        moved = Text(str(len(kr.moved)) if kr.moved else "", style="yellow")
        table.add_row(name, Text(sparkline(_since_renumbered(kr)), style="cyan"), last, moved)
    parts = [table]
    if report.goalposts:
        parts.append(Text("\nmoved goalposts (changes after the period began)", style="bold"))
        parts.extend(Text(_change_line(change, change.ref), style="yellow") for change in report.goalposts)
    if report.cadence is not None:
        parts.append(render_timeliness(report.cadence))
    return Group(*parts)


def render_timeliness(timeliness: Timeliness):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    legend = "✓ on time, L late, · missing"
    if any(mark == "unknown" for marks in timeliness.people.values() for mark in marks.values()):
        legend += ", ? unknown (posted before a shallow clone's cut)"
    if any(mark == "not_due" for marks in timeliness.people.values() for mark in marks.values()):
        legend += ", blank: not due yet"
    table = Table(box=None, pad_edge=False)
    table.add_column("person")
    for week in timeliness.weeks:
        table.add_column(week[-2:], justify="center")
    for person, marks in timeliness.people.items():
        table.add_row(person, *(Text(*MARKS[marks[w]]) for w in timeliness.weeks))
    for team, rates in timeliness.teams.items():
        partial = timeliness.partial.get(team, set())
        table.add_row(
            Text(f"{team} % on time", style="dim"),
            *(Text(_rate(rates[w], w in partial), style="dim") for w in timeliness.weeks),
        )
    if timeliness.partial:
        legend += "; a rate with ? is of those known only"
    return Group(Text("\nupdate cadence", style="bold"), Text(legend, style="dim"), table)


def _rate(rate: float | None, partial: bool) -> str:
    return "" if rate is None else share(rate).rstrip("%") + ("?" if partial else "")


def history_to_json(report: HistoryReport) -> dict:
    """One key result: `{"ref", "removed", "last_value", "points", "goalpost_changes"}`; else
    the scope's key results like that, every goalpost change in it (with its ref) and the cadence."""

    def key_result(kr: KeyResultHistory) -> dict:
        return {
            "ref": kr.ref,
            "removed": kr.removed,
            "last_value": kr.counted,  # as status counts it, which no point may give (a merge's, a shallow cut's)
            "points": [point_json(p) for p in kr.points],
            "goalpost_changes": [goalpost_json(g) for g in kr.moved],
        }

    if report.single is not None:
        return key_result(report.single)
    return {
        "period": report.period,
        "scope": report.scope or None,
        "today": report.today.isoformat(),
        "commits": report.commits,
        "key_results": [key_result(kr) for kr in report.key_results],
        "goalpost_changes": [{"ref": g.ref, **goalpost_json(g)} for g in report.goalposts],
        "cadence": timeliness_json(report.cadence) if report.cadence is not None else None,
    }


def render_history(report: HistoryReport):
    if report.single is not None:
        return render_key_result(report.single)
    return render_overview(report)
