"""`okrfile demo`: the example workspace replayed into a new git repository.

Each period's OKR sets are committed before it starts (with no values yet), each
weekly update by its author on its check-in day (a few late), one goalpost moved on
the way, and the OKR files' final values at the end, with backdated author and
committer dates. The result is the example workspace with a history to read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import zoneinfo
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from okrfile.periods import weekday_in_week

# the goalpost the demo moves: platform's decision-latency target, relaxed in week 4
MOVED_FILE = "okrs/2026-Q4/platform.yaml"
MOVED_FROM, MOVED_TO = "target: 10", "target: 12"
MOVED_WEEK = "2026-W44"
SITE = "_site"  # where in the demo repository its status page is built


class DemoError(Exception):
    pass


@dataclass
class DemoResult:
    path: Path
    commits: int


@dataclass
class _Commit:
    when: dt.datetime
    author: str
    email: str
    message: str
    files: dict[str, str]


def example_source() -> Path:
    return Path(str(resources.files("okrfile").joinpath("examples", "acme")))


def build_demo(target: Path, source: Path | None = None) -> DemoResult:
    from okrfile.check import check_workspace
    from okrfile.periods import resolve_period
    from okrfile.status import periods_with_sets

    source = source or example_source()
    if target.exists() and not target.is_dir():
        raise DemoError(f"{target} is a file; pick a new folder (or leave DIR out for a temporary one)")
    if target.exists() and any(target.iterdir()):
        raise DemoError(f"{target} is not empty; pick a new folder (or leave DIR out for a temporary one)")
    ws = check_workspace(source).workspace
    config = ws.config
    people = config.people
    files = {p.relative_to(source).as_posix(): p.read_text(encoding="utf-8") for p in sorted(source.rglob("*")) if p.is_file()}
    commits: list[_Commit] = []
    lead = config.teams.get("company").lead if "company" in config.teams else next(iter(people))

    def who(slug: str) -> tuple[str, str]:
        person = people.get(slug)
        return (person.name or slug, person.email or f"{slug}@example.invalid") if person else (slug, f"{slug}@example.invalid")

    def at(day: dt.date, hour: int, person: str | None) -> dt.datetime:
        tz_name = people[person].tz if person in people and people[person].tz else "UTC"
        return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=zoneinfo.ZoneInfo(tz_name))

    others = {k: v for k, v in files.items() if not k.startswith(("okrs/", "updates/", "maps/"))}
    map_periods = {m.path: m.period for m in ws.maps}
    for period_id in periods_with_sets(ws):
        period = resolve_period(config, period_id)
        sets = {k: v for k, v in files.items() if k.startswith(f"okrs/{period_id}/")}
        opening = {k: _without_values(v) for k, v in sets.items()}
        # a period's impact maps name its key results: they come with its OKR sets
        opening.update({k: files[k] for k, p in map_periods.items() if p == period_id and k in files})
        if MOVED_FILE in opening:
            opening[MOVED_FILE] = opening[MOVED_FILE].replace(MOVED_TO, MOVED_FROM, 1)
        name, email = who(lead)
        kickoff = at(period.start - dt.timedelta(days=3), 10, lead)
        commits.append(_Commit(kickoff, name, email, f"OKRs for {period_id}", {**others, **opening} if not commits else opening))
        updates = sorted(
            (k for k in files if k.startswith("updates/")), key=lambda k: (k.split("/")[1], k)
        )
        for path in updates:
            week, person = path.split("/")[1], Path(path).stem
            if period.start > weekday_in_week(week, "sunday") or weekday_in_week(week, "monday") > period.end:
                continue
            late = _late(person, week)
            day = weekday_in_week(week, config.checkin_day) + dt.timedelta(days=1 if late else 0)
            name, email = who(person)
            commits.append(_Commit(at(day, 11 if late else 9, person), name, email, f"{person}: update {week}", {path: files[path]}))
            if path.endswith(f"{MOVED_WEEK}/alice.md") and MOVED_FILE in sets:
                moved = opening[MOVED_FILE].replace(MOVED_FROM, MOVED_TO, 1)
                commits.append(
                    _Commit(at(day, 15, person), name, email, "Relax the decision-latency target to 12 h", {MOVED_FILE: moved})
                )
        last = max((c.when for c in commits), default=kickoff)
        name, email = who(lead)
        commits.append(_Commit(last + dt.timedelta(hours=2), name, email, f"Record {period_id} values in the OKR files", sets))
    _replay(target, commits)
    return DemoResult(target, len(commits))


def _without_values(text: str) -> str:
    """An OKR set as planned: no `current:` yet, milestones not done."""
    text = re.sub(r"^\s*current:.*\n", "", text, flags=re.MULTILINE)
    text = re.sub(r",\s*current:\s*[^,}]+", "", text)
    return re.sub(r"done:\s*true", "done: false", text)


def _late(person: str, week: str) -> bool:
    """A few updates land a day late, always the same ones."""
    return sum(map(ord, person + week)) % 7 == 0


def _replay(target: Path, commits: list[_Commit]) -> None:
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DemoError(f"cannot create {target}: {exc.strerror or exc}") from None
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
    }

    def git(*args, extra=None):
        done = subprocess.run(["git", *args], cwd=target, env={**env, **(extra or {})}, capture_output=True, text=True)
        if done.returncode != 0:
            raise DemoError(f"git {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    git("init", "-q", "-b", "main")
    # the status page the demo builds is output, not the workspace: git status stays clean
    exclude = Path(git("rev-parse", "--git-path", "info/exclude").strip())
    exclude = exclude if exclude.is_absolute() else target / exclude
    exclude.parent.mkdir(parents=True, exist_ok=True)
    with open(exclude, "a", encoding="utf-8") as handle:
        handle.write(f"/{SITE}/\n")
    for commit in sorted(commits, key=lambda c: c.when):
        for path, text in commit.files.items():
            file = target / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
        git("add", "-A")
        stamp = commit.when.isoformat()
        identity = {
            "GIT_AUTHOR_NAME": commit.author,
            "GIT_AUTHOR_EMAIL": commit.email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": commit.author,
            "GIT_COMMITTER_EMAIL": commit.email,
            "GIT_COMMITTER_DATE": stamp,
        }
        git("commit", "-q", "--allow-empty", "-m", commit.message, extra=identity)
