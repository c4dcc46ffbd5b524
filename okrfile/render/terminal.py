"""The status report for a terminal: a rich table per team, or a list when narrow."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from okrfile.render.values import goalposts_note, kr_values, pace_word, percent, reported, score_text
from okrfile.status import KRStatus, StatusReport, TeamStatus

GRADE_STYLE = {"green": "bold green", "yellow": "bold yellow", "red": "bold red", None: "dim"}
PACE_STYLE = {"on track": "green", "off track": "red", "stale": "yellow"}
BAR_WIDTH = 12
TABLE_MIN_WIDTH = 72  # below this the columns crush the titles; lay key results out as a list


def progress_bar(score: float, expected: float, width: int = BAR_WIDTH) -> Text:
    """A bar filled to the score (progress clamped to 0..1), with `│` at the expected pace."""
    filled = round(score * width)
    marker = min(width - 1, round(expected * width))
    bar = Text()
    for i in range(width):
        if i == marker:
            bar.append("│", style="bold magenta")
        elif i < filled:
            bar.append("█", style="cyan")
        else:
            bar.append("░", style="grey50")
    return bar


def grade_text(grade: str | None) -> Text:
    return Text(grade or "–", style=GRADE_STYLE.get(grade, ""))


def _score(score: float | None, grade: str | None) -> Text:
    return Text.assemble((score_text(score), "bold"), " ", grade_text(grade))


def _pace(kr: KRStatus) -> Text:
    word = pace_word(kr)
    return Text(word, style=PACE_STYLE.get(word, "dim"))


def _bar(kr: KRStatus) -> Text:
    return Text.assemble(progress_bar(kr.score, kr.expected), f" {percent(kr.progress):>4}")


def _said(kr: KRStatus) -> Text:
    out = Text()
    text = reported(kr)
    if text:
        out.append(" · ")
        out.append(text, style=GRADE_STYLE.get(kr.reported_status, "dim").replace("bold ", ""))
    if kr.goalpost_moved:
        out.append(f" · {goalposts_note(kr.goalpost_moved)}", style="bold magenta")
    return out


def _short_id(ref: str) -> str:
    return ref.rsplit("/", 1)[1]


def render_status(report: StatusReport, width: int = 80) -> Group:
    parts: list = [
        Text.assemble(("Period ", "bold"), (report.period, "bold cyan"), f"  {report.start} → {report.end}"),
        Text.assemble(
            f"today {report.today} · {percent(report.expected)} elapsed · score ", _score(report.score, report.grade)
        ),
    ]
    for team in report.teams:
        parts.append(Text())
        parts.append(_team_title(team))
        parts.append(_team_table(team) if width >= TABLE_MIN_WIDTH else _team_list(team))
    return Group(*parts)


def _team_title(team: TeamStatus) -> Text:
    kinds = []
    if team.committed is not None:
        kinds.append(f"committed {score_text(team.committed)}")
    if team.aspirational is not None:
        kinds.append(f"aspirational {score_text(team.aspirational)}")
    return Text.assemble(
        (team.name, "bold underline"), "  score ", _score(team.score, team.grade), (f"  ({', '.join(kinds)})" if kinds else "")
    )


def _team_table(team: TeamStatus) -> Table:
    # The id has a column of its own so wrapped titles stay aligned; the title cell
    # holds the values beneath it, so the table fits 80 columns.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("objective / key result", ratio=1, overflow="fold")
    table.add_column("progress  │ expected", no_wrap=True)
    table.add_column("score", no_wrap=True)
    table.add_column("pace", no_wrap=True)
    for objective in team.objectives:
        table.add_row(
            Text(_short_id(objective.ref), style="bold"),
            Text.assemble((objective.title, "bold"), (f"  {objective.kind}", "dim")),
            "",
            _score(objective.score, objective.grade),
            "",
        )
        for kr in objective.key_results:
            table.add_row(
                Text(" " + _short_id(kr.ref)),
                Text.assemble(kr.title, "\n", (kr_values(kr), "cyan"), _said(kr)),
                _bar(kr),
                _score(kr.score, kr.grade),
                _pace(kr),
            )
    return table


def _team_list(team: TeamStatus) -> Group:
    lines: list = []
    for objective in team.objectives:
        lines.append(Text.assemble((_short_id(objective.ref) + " ", "bold"), (objective.title, "bold")))
        lines.append(Padding(Text.assemble(_score(objective.score, objective.grade), (f" · {objective.kind}", "dim")), (0, 0, 0, 3)))
        for kr in objective.key_results:
            lines.append(Padding(Text.assemble((_short_id(kr.ref) + " ", "bold"), kr.title), (0, 0, 0, 2)))
            lines.append(Padding(Text.assemble((kr_values(kr), "cyan"), _said(kr)), (0, 0, 0, 6)))
            lines.append(Padding(Text.assemble(_bar(kr), "  ", _score(kr.score, kr.grade), "  ", _pace(kr)), (0, 0, 0, 6)))
    return Group(*lines)
