"""`okrfile checkin --interactive`: ask for each key result's value and status."""

from __future__ import annotations

from okrfile.checkin import Draft


def fill_draft(draft: Draft, console) -> None:
    from rich.prompt import Confirm, FloatPrompt, Prompt

    console.print(f"{draft.name} · week {draft.week_number} of {draft.period} ({draft.week})")
    for objective in draft.objectives:
        console.print(f"\n{objective.label} {objective.title}")
        for kr in objective.krs:
            console.print(f"  {kr.id} {kr.title}")
            last = kr.current if kr.current is not None else "none yet"
            if kr.type == "milestone":
                done = Confirm.ask(f"    Done? (last: {last})", default=kr.current == "done", console=console)
                kr.current = "done" if done else "not done"
            else:
                unit = f" {kr.unit}" if kr.unit else ""
                default = float(kr.current) if kr.current is not None else None
                value = FloatPrompt.ask(f"    Current (last {last}, target {kr.target}{unit})", default=default, console=console)
                kr.current = f"{value:g}"
            kr.status = Prompt.ask(
                "    Status", choices=["green", "yellow", "red"], case_sensitive=False, default="green", console=console
            ).lower()
            kr.progress = Prompt.ask("    Progress", default="None", console=console)
            kr.plan = Prompt.ask("    Plan", default="None", console=console)
            kr.blockers = Prompt.ask("    Blockers", default="None", console=console)
            if draft.last_week:
                kr.score = _score(console)
    draft.wins = _items("Wins", console)
    draft.help_needed = _items("Help needed", console)


def _score(console) -> float:
    from rich.prompt import FloatPrompt

    while True:
        score = FloatPrompt.ask("    Final score (0 to 1)", console=console)
        if 0 <= score <= 1:
            return score
        console.print("    a score is between 0 and 1")


def _items(label: str, console) -> list[str]:
    from rich.prompt import Prompt

    console.print(f"\n{label}: one per line, an empty line to finish")
    items = []
    while True:
        item = Prompt.ask("  -", default="", show_default=False, console=console).strip()
        if not item:
            return items or ["None"]
        items.append(item)
