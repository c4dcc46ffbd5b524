"""The status report as Markdown, for pull requests, wikis and chat."""

from __future__ import annotations

from okrfile.render.values import goalposts_note, kr_values, pace_word, percent, reported, score_text
from okrfile.status import StatusReport


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_status_markdown(report: StatusReport) -> str:
    lines = [
        f"# OKR status {report.period}",
        "",
        f"{report.start} → {report.end} · today {report.today} · {percent(report.expected)} elapsed · "
        f"score **{score_text(report.score)}** ({report.grade or '–'})",
    ]
    for team in report.teams:
        lines += [
            "",
            f"## {_cell(team.name)} · {score_text(team.score)} ({team.grade or '–'})",
            "",
            "| | key result | start → current → target | progress | expected | score | grade | pace | check-in |",
            "|---|---|---|---:|---:|---:|---|---|---|",
        ]
        for objective in team.objectives:
            oid = objective.ref.split("/", 1)[1]
            lines.append(
                f"| **{oid}** | **{_cell(objective.title)}** ({objective.kind}) | | | | "
                f"**{score_text(objective.score)}** | {objective.grade or '–'} | | |"
            )
            for kr in objective.key_results:
                kid = kr.ref.rsplit("/", 1)[1]
                lines.append(
                    f"| {kid} | {_cell(kr.title)} | {_cell(kr_values(kr))} | {percent(kr.progress)} | "
                    f"{percent(kr.expected)} | {score_text(kr.score)} | {kr.grade} | {pace_word(kr)} | {reported(kr) or '–'}"
                    + (f" · {goalposts_note(kr.goalpost_moved)}" if kr.goalpost_moved else "")
                    + " |"
                )
    return "\n".join(lines) + "\n"
