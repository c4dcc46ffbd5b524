"""Who has gone silent: a terminal table and Markdown (also the Slack text)."""

from __future__ import annotations

from okrfile.cadence import TeamCadence
from okrfile.render.values import share


def _weeks(n: int) -> str:
    # the week asked about, which need not be this one (--week, --at)
    return "1 week" if n == 1 else f"{n} weeks in a row"


def _names(team: TeamCadence, people: list[str]) -> list[str]:
    return [team.names.get(p, p) for p in people]


def _count(team: TeamCadence) -> str:
    """`1/2`: who posted of those due, the people the rate is of, so the two agree; with
    nobody due (no rate), of the whole team."""
    return f"{len(team.posted)}/{team.due if team.due else len(team.members)}"


def _rate(team: TeamCadence) -> str:
    """`50%`, `50%; 1 not due yet` when some are not due, `none due`."""
    if team.rate is None:
        return "none due"
    return share(team.rate) + (f"; {len(team.not_due)} {team.not_due_label}" if team.not_due else "")


def render_silence_markdown(week: str, teams: list[TeamCadence]) -> str:
    lines = [f"# Who has not posted · {week}", ""]
    for team in teams:
        lines.append(f"**{team.name}** · {_count(team)} posted ({_rate(team)})")
        lines += [f"- {s.name}: {_weeks(s.weeks)}" for s in team.silent]
        if team.not_due:
            lines.append(f"- {team.not_due_label}: {', '.join(_names(team, team.not_due))}")
        if not team.silent and not team.not_due:
            lines.append("- everyone posted")
        if team.late:
            lines.append(f"- posted late: {', '.join(name for _, name in team.late)}")
        lines.append("")
    return "\n".join(lines)


def render_silence_table(week: str, teams: list[TeamCadence]):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Who has not posted · {week}", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("team")
    table.add_column("posted", justify="right")
    table.add_column("not posted · late · not due")
    for team in teams:
        silent = Text()
        for i, s in enumerate(team.silent):
            style = "bold red" if s.weeks >= 3 else "yellow" if s.weeks == 2 else ""
            silent.append(("" if i == 0 else ", ") + f"{s.name} ({_weeks(s.weeks)})", style=style)
        if team.not_due:
            silent.append(("; " if silent else "") + f"{team.not_due_label}: " + ", ".join(_names(team, team.not_due)), style="dim")
        if team.late:
            silent.append(("; " if silent else "") + "late: " + ", ".join(name for _, name in team.late), style="dim")
        rate = share(team.rate) if team.rate is not None else "none due"  # who is not due is named beside it
        table.add_row(team.name, f"{_count(team)} {rate}", silent or Text("–", style="green"))
    return table


def render_silence_slack(week: str, teams: list[TeamCadence]) -> str:
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    lines = [f"*Who has not posted · {week}*"]
    for team in teams:
        lines.append(f"*{esc(team.name)}* · {_count(team)} posted ({_rate(team)})")
        lines += [f"• {esc(s.name)}: {_weeks(s.weeks)}" for s in team.silent]
        if team.not_due:
            lines.append(f"• {team.not_due_label}: {esc(', '.join(_names(team, team.not_due)))}")
        if not team.silent and not team.not_due:
            lines.append("• everyone posted")
        if team.late:
            lines.append(f"• posted late: {esc(', '.join(name for _, name in team.late))}")
    return "\n".join(lines) + "\n"
