"""The status report as rich tables, one per team."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from okrfile.render.values import kr_values, pace_word, percent, score_text
from okrfile.status import KRStatus, StatusReport

GRADE_STYLE = {"green": "bold green", "yellow": "bold yellow", "red": "bold red", None: "dim"}
BAR_WIDTH = 12


def progress_bar(progress: float | None, expected: float, width: int = BAR_WIDTH) -> Text:
    """A bar filled to the clamped progress, with `│` where the expected pace is."""
    filled = round(min(1.0, max(0.0, progress or 0.0)) * width)
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


def _pace(kr: KRStatus) -> Text:
    word = pace_word(kr)
    style = {"on track": "green", "off track": "red", "stale": "yellow"}.get(word, "dim")
    return Text(word, style=style)


def render_status(report: StatusReport) -> Group:
    header = Text.assemble(
        ("Period ", "bold"),
        (report.period, "bold cyan"),
        f"  {report.start} → {report.end}  ·  today {report.today}  ·  {percent(report.expected)} elapsed  ·  score ",
        (score_text(report.score), "bold"),
        " ",
        grade_text(report.grade),
    )
    parts: list = [header]
    for team in report.teams:
        # The key result cell holds its title and, beneath it, its values, so the table
        # stays readable in an 80-column terminal; the other columns never wrap.
        table = Table(
            title=Text.assemble((team.name, "bold"), f"  score {score_text(team.score)} ", grade_text(team.grade), _kinds(team)),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        table.add_column("objective / key result", ratio=1, min_width=24, overflow="fold")
        table.add_column("progress  │ expected", no_wrap=True)
        table.add_column("score", no_wrap=True)
        table.add_column("pace", no_wrap=True)
        for objective in team.objectives:
            table.add_row(
                Text.assemble(
                    (objective.ref.split("/", 1)[1] + " ", "bold"), (objective.title, "bold"), (f"  {objective.kind}", "dim")
                ),
                "",
                _score(objective.score, objective.grade),
                "",
            )
            for kr in objective.key_results:
                table.add_row(
                    Text.assemble(
                        ("  " + kr.ref.rsplit("/", 1)[1] + " ", "bold"), kr.title, "\n", ("     " + kr_values(kr), "cyan")
                    ),
                    Text.assemble(progress_bar(kr.progress, kr.expected), f" {percent(kr.progress):>4}"),
                    _score(kr.score, kr.grade),
                    _pace(kr),
                )
        parts.append(table)
    return Group(*parts)


def _score(score: float | None, grade: str | None) -> Text:
    return Text.assemble((score_text(score), "bold"), " ", grade_text(grade))


def _kinds(team) -> str:
    bits = []
    if team.committed is not None:
        bits.append(f"committed {score_text(team.committed)}")
    if team.aspirational is not None:
        bits.append(f"aspirational {score_text(team.aspirational)}")
    return ("  (" + ", ".join(bits) + ")") if bits else ""
