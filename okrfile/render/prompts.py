"""`okrfile checkin --interactive`: ask for each key result's value and status."""

from __future__ import annotations

from okrfile.checkin import Draft


def fill_draft(draft: Draft, console) -> None:
    """Ask for every value; the draft is complete when this returns. Enter takes the
    shown default where there is one, and asks again where an answer is needed; input
    that ends early (Ctrl-D, a short pipe) raises EOFError, which the command line
    reports as aborted, and nothing is written."""
    try:
        _fill(draft, console)
    except EOFError:
        console.print("\ninput ended before the update was complete; nothing was written")
        raise


def _fill(draft: Draft, console) -> None:
    from rich.prompt import Prompt

    console.print(f"{draft.name} · week {draft.week_number} of {draft.period} ({draft.week})")
    for objective in draft.objectives:
        console.print(f"\n{objective.label} {objective.title}")
        for kr in objective.krs:
            console.print(f"  {kr.id} {kr.title}")
            last = kr.current if kr.current is not None else "none yet"
            if kr.type == "milestone":
                kr.current = _done(console, last)
            else:
                kr.current = _number(console, kr, last)
            # Enter keeps last week's status; with none, there is nothing to keep: ask again
            last_status = {"default": kr.last_status} if kr.last_status else {}
            kr.status = Prompt.ask(
                "    Status" + (f" (last {kr.last_status.capitalize()})" if kr.last_status else ""),
                choices=["green", "yellow", "red"],
                case_sensitive=False,
                console=console,
                **last_status,
            ).strip().lower()
            kr.progress = _required(console, "    Progress (what happened this week)")
            kr.plan = _required(console, "    Plan (next steps)")
            kr.blockers = Prompt.ask("    Blockers", default="None", console=console)
            if draft.last_week:
                kr.score = _score(console)
    draft.wins = _items("Wins", console)
    draft.help_needed = _items("Help needed", console)
    draft.asked = True  # a section nobody had anything for stays empty (nor a `- None` item)


def _done(console, last: str) -> str:
    """`done` or `not done`, as the update file has it; y / yes and n / no too. Enter keeps
    the last (none yet: not done)."""
    from rich.prompt import Prompt

    from okrfile.checkins import _DONE

    answers = {**_DONE, "y": True, "n": False}
    default = last if last in ("done", "not done") else "not done"
    while True:
        answer = Prompt.ask(f"    Done? (last: {last}) \\[done/not done, y/n]", default=default, console=console)
        done = answers.get(" ".join(answer.lower().split()))
        if done is not None:
            return "done" if done else "not done"
        console.print("    done or not done (y or n), please")


def _number(console, kr, last) -> str:
    """A number, as the update file takes it: `30`, `30 h`, `52%`, `1,200`."""
    from rich.prompt import Prompt

    from okrfile.checkins import _NUMBER

    unit = "" if not kr.unit else kr.unit if kr.unit == "%" else f" {kr.unit}"  # 85%, 12 h, as status writes them
    # a stay key result's line is a threshold to stay above or below, not a target to reach
    goal = {"stay_above": "threshold: stay above", "stay_below": "threshold: stay below"}.get(kr.type, "target")
    while True:
        # Enter keeps the last value; with none yet, it is an empty answer, asked again
        answer = Prompt.ask(
            f"    Current ({'no value yet' if last == 'none yet' else f'last {last}'}, {goal} {kr.target}{unit})",
            default=kr.current if kr.current is not None else "",
            show_default=kr.current is not None,
            console=console,
        ).strip()
        match = _NUMBER.match(answer)
        if match and match.group("unit").strip() in ("", kr.unit or "", "%"):
            return answer
        console.print(f"    a number{', in ' + kr.unit if kr.unit else ''}, please")


def _required(console, label: str) -> str:
    from rich.prompt import Prompt

    while True:
        answer = Prompt.ask(label, default="", show_default=False, console=console).strip()
        if answer:
            return answer
        console.print("    a few words, please: this is what your team reads")


def _score(console) -> float | None:
    from rich.prompt import Prompt

    while True:
        answer = Prompt.ask("    Final score, 0 to 1 (empty: none)", default="", show_default=False, console=console).strip()
        if not answer:
            return None
        try:
            score = float(answer)
        except ValueError:
            score = -1
        if 0 <= score <= 1:
            return score
        console.print("    a score is a number between 0 and 1")


def _items(label: str, console) -> list[str]:
    from rich.prompt import Prompt

    console.print(f"\n{label}: one per line, an empty line to finish")
    items = []
    while True:
        item = Prompt.ask("  -", default="", show_default=False, console=console).strip()
        if not item:
            return items
        items.append(item)
