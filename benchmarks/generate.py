"""Generate a synthetic okrfile workspace in the DESIGN.md formats, for benchmarks.

    python benchmarks/generate.py OUT [--teams 1000] [--people N] [--period 2026-Q4] [--seed 1]

N teams in a parent tree (team i's parent is team (i-1)//4, so every team sits in a
chain up to the company), each with 3 objectives of 4 key results of every type,
aligned to the parent's objectives. Deterministic for a seed. Later benchmarks add
weekly updates and a dated git history by adding steps to `generate()`.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

OBJECTIVES = 3
KEY_RESULTS = 4
FANOUT = 4


def team_slug(i: int) -> str:
    return "company" if i == 0 else f"team-{i:05d}"


def config_text(teams: int, people: int, period: str) -> str:
    lines = ["okrfile: 1", "org: Synthetic Corp", "teams:"]
    for i in range(teams):
        parent = "" if i == 0 else f", parent: {team_slug((i - 1) // FANOUT)}"
        lines.append(f"  {team_slug(i)}: {{name: Team {i}, lead: p{i % people:05d}{parent}}}")
    lines.append("people:")
    zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo"]
    for p in range(people):
        team = team_slug(p % teams)
        lines.append(f"  p{p:05d}: {{name: Person {p}, team: {team}, tz: {zones[p % len(zones)]}, email: p{p}@synthetic.example}}")
    lines += ["checkin:", "  day: monday", "scoring:", "  green: 0.7", "  yellow: 0.4", "lint:", "  ignore: []"]
    return "\n".join(lines) + "\n"


def okr_set_text(i: int, people: int, period: str, rng: random.Random) -> str:
    slug = team_slug(i)
    owner = lambda: f"p{rng.randrange(people):05d}"  # noqa: E731
    lines = [f"# OKRs of {slug} for {period}", f"period: {period}", f"team: {slug}", "objectives:"]
    for o in range(1, OBJECTIVES + 1):
        lines += [
            f"  - id: O{o}",
            f"    title: Objective {o} of team {i} - make something measurably better",
            "    why: Because the customers asked for it in the last survey.",
            f"    owner: {owner()}",
            f"    kind: {'committed' if o == 1 else 'aspirational'}",
        ]
        if i:
            lines.append(f"    aligns_to: {team_slug((i - 1) // FANOUT)}/O{rng.randint(1, OBJECTIVES)}")
        lines.append("    key_results:")
        for k in range(1, KEY_RESULTS + 1):
            lines += [f"      - id: KR{k}", f"        title: Key result {k} of objective {o}"]
            kind = ("metric", "metric", "milestone", "stay_below")[k - 1]
            if kind == "metric":
                start = rng.randint(0, 100)
                target = start + rng.choice((-1, 1)) * rng.randint(10, 60)
                current = start + (target - start) * rng.random()
                lines += [f"        start: {start}", f"        target: {target}", f"        current: {current:.1f}", "        unit: '%'"]
            elif kind == "milestone":
                lines += ["        type: milestone", f"        done: {str(rng.random() < 0.4).lower()}"]
            else:
                lines += ["        type: stay_below", "        threshold: 1.5", f"        current: {rng.uniform(0.8, 1.8):.2f}", "        unit: s"]
            lines += [f"        owner: {owner()}", f"        weight: {rng.choice((1, 1, 2))}"]
        lines += [
            "    initiatives:",
            f"      - title: Initiative for objective {o}",
            f"        owner: {owner()}",
            "        status: in_progress",
            "        due: 2026-11-30",
            "        supports: [KR1, KR2]",
        ]
    lines += ["deprioritized:", "  - Something that matters, but not now"]
    return "\n".join(lines) + "\n"


def update_text(person: str, team: int, week: str, value: float) -> str:
    return (
        f"---\nperson: {person}\nweek: {week}\n---\n## {person} - Update\n"
        f"### OKR: O1 Objective 1 of team {team} - make something measurably better\n"
        f"**KR1: Key result 1 of objective 1**\n- Current: {value:.1f} / Target: 0\n- Status: Green\n"
        "- Progress: Moved it.\n- Plan: Move it more.\n- Blockers: None\n### Wins\n- A win.\n### Help Needed\n- None\n"
    )


def add_history(out: Path, commits: int, teams: int, people: int, seed: int = 1) -> None:
    """A git history of `commits` commits over the period: the workspace first, then
    mostly weekly updates (as teams work) and some edits of OKR files' values."""
    import datetime as dt
    import os
    import re
    import subprocess

    rng = random.Random(seed)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args, when=None, who="p00000"):
        extra = {"GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": f"{who}@synthetic.example",
                 "GIT_COMMITTER_NAME": who, "GIT_COMMITTER_EMAIL": f"{who}@synthetic.example"}
        if when:
            extra.update(GIT_AUTHOR_DATE=when.isoformat(), GIT_COMMITTER_DATE=when.isoformat())
        subprocess.run(["git", *args], cwd=out, env={**env, **extra}, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    start = dt.datetime(2026, 10, 2, 9, tzinfo=dt.timezone.utc)
    git("add", "-A")
    git("commit", "-q", "-m", "OKRs", when=start)
    step = dt.timedelta(days=80) / max(1, commits - 1)
    for n in range(1, commits):
        when = start + step * n
        team = rng.randrange(teams)
        person = f"p{team % people:05d}"
        if rng.random() < 0.8:  # a weekly update
            year, week, _ = when.isocalendar()
            path = out / "updates" / f"{year}-W{week:02d}" / f"{person}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(update_text(person, team, f"{year}-W{week:02d}", rng.uniform(0, 100)))
        else:  # a value edited in an OKR file
            path = out / "okrs" / "2026-Q4" / f"{team_slug(team)}.yaml"
            text = path.read_text()
            path.write_text(re.sub(r"current: [0-9.]+", f"current: {rng.uniform(0, 100):.1f}", text, count=1))
        git("add", "-A")
        git("commit", "-q", "-m", f"change {n}", when=when, who=person)


def generate(out: Path, teams: int = 1000, people: int | None = None, period: str = "2026-Q4", seed: int = 1) -> Path:
    people = people or max(3, teams * 3)
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "okrs" / period).mkdir(parents=True)
    (out / "okrfile.yaml").write_text(config_text(teams, people, period))
    for i in range(teams):
        (out / "okrs" / period / f"{team_slug(i)}.yaml").write_text(okr_set_text(i, people, period, rng))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--people", type=int, default=None, help="default: 3 per team")
    parser.add_argument("--period", default="2026-Q4")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commits", type=int, default=0, help="also make a git history of this many commits")
    args = parser.parse_args()
    generate(args.out, args.teams, args.people, args.period, args.seed)
    if args.commits:
        add_history(args.out, args.commits, args.teams, args.people or max(3, args.teams * 3), args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
