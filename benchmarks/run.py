"""okrfile against what a user would otherwise run, measured side by side.

    python benchmarks/run.py [--repeat 5] [--teams 1000] [--quick]

Every case runs whole processes, after a warm-up run, alternating okrfile and the
baseline so both see the same machine, and prints medians, their ratio against the
target the benchmark issue names, and each process's peak RSS:

  (a) okrfile validate on 1000 teams vs check-jsonschema with okrfile's own schema,
      cold (no parse cache) and warm (files unchanged since the last run)
  (b) the same pair on a one-team workspace (the pre-commit case)
  (c) okrfile status --format json on 1000 teams, against (a)'s cold validate
  (d) scaling: cold validate on 250, 500, 1000, 2000 teams, as time per team
  (e) history: `okrfile history --format json` over a 500-commit history, cold and warm,
      against the raw plumbing for the same blobs (git log --raw + git cat-file --batch)
      and against a naive gitpython walk that diffs every commit with its parent; beside
      them the floor (history_floor.py): Python, gitpython and the same plumbing, no parsing;
      then, for information, the same history cloned (packed, as users have it)

Needs check-jsonschema (pip install -e '.[bench]'). Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import add_history, generate  # noqa: E402

OKRFILE = [sys.executable, "-m", "okrfile"]


@dataclass
class Timing:
    median: float
    peak_rss_mb: float


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def commit_one_more(workspace: Path) -> None:
    """A new commit on top: one weekly update edited."""
    update = sorted((workspace / "updates").rglob("*.md"))[-1]
    update.write_text(update.read_text() + "\nOne more thought.\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
    env.update(GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")
    subprocess.run(["git", "commit", "-qam", "one more"], cwd=workspace, env=env, check=True)


def measure(cases: dict[str, tuple[list[str], dict, callable]], repeat: int) -> dict[str, Timing]:
    """Run each case once to warm up, then `repeat` rounds alternating the cases."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    rss: dict[str, float] = {name: 0.0 for name in cases}
    for name, (command, env, before) in cases.items():
        before()
        run_once(command, env)
    for _ in range(repeat):
        for name, (command, env, before) in cases.items():
            before()
            elapsed, peak = run_once(command, env)
            times[name].append(elapsed)
            rss[name] = max(rss[name], peak)
    return {name: Timing(statistics.median(values), rss[name]) for name, values in times.items()}


def check_jsonschema() -> str:
    found = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    if not Path(found).exists():
        raise SystemExit("check-jsonschema is not installed: pip install -e '.[bench]'")
    return found


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="measured runs per case (after one warm-up)")
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="3 runs, and scaling up to 1000 teams only")
    parser.add_argument("--only", default="abcde", help="the cases to run, e.g. --only e (b runs with d, for its start-up figure)")
    args = parser.parse_args()
    repeat = 3 if args.quick else args.repeat
    work = Path(tempfile.mkdtemp(prefix="okrfile-bench-"))
    cache = work / "cache"
    env = {**os.environ, "OKRFILE_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    cjs = check_jsonschema()
    # as an installed package has it (pip compiles on install): with PYTHONDONTWRITEBYTECODE
    # set, an edited checkout would otherwise be compiled again in every measured run
    import compileall
    import okrfile

    compileall.compile_dir(Path(okrfile.__file__).parent, quiet=1)
    subprocess.run([*OKRFILE, "schema", "--out", str(work / "schema")], check=True, capture_output=True, env=env)
    schema = str(work / "schema" / "okr-set.schema.json")

    def cold():
        shutil.rmtree(cache, ignore_errors=True)

    def nothing():
        pass

    results: list[tuple[str, float, float, str]] = []  # label, measured, target, unit
    print(f"machine: {machine()}")
    print(f"runs: 1 warm-up + {repeat} measured per case, medians\n")

    if "a" in args.only or "c" in args.only:
        big = generate(work / f"ws-{args.teams}", teams=args.teams)
        big_files = sorted(str(p) for p in (big / "okrs").rglob("*.yaml"))
        validate_big = [*OKRFILE, "validate", "-w", str(big)]
        t = measure(
            {
                "okrfile validate, cold": (validate_big, env, cold),
                "okrfile validate, warm": (validate_big, env, nothing),
                "check-jsonschema": ([cjs, "--schemafile", schema, *big_files], env, nothing),
                "okrfile status --format json, cold": ([*OKRFILE, "status", "-w", str(big), "--format", "json"], env, cold),
            },
            repeat,
        )
        print(f"(a) {args.teams} teams")
        for name, timing in t.items():
            print(f"    {name:38} {timing.median:7.3f} s   peak RSS {timing.peak_rss_mb:6.1f} MiB")
        base = t["check-jsonschema"].median
        results.append(("(a) validate cold / check-jsonschema", t["okrfile validate, cold"].median / base, 0.8, "x"))
        results.append(("(a) validate warm / check-jsonschema", t["okrfile validate, warm"].median / base, 0.15, "x"))
        results.append(
            ("(c) status json / validate cold", t["okrfile status --format json, cold"].median / t["okrfile validate, cold"].median, 1.5, "x")
        )

    if "b" in args.only or "d" in args.only:
        one = generate(work / "ws-1", teams=1)
        t1 = measure(
            {
                "okrfile validate, cold": ([*OKRFILE, "validate", "-w", str(one)], env, cold),
                "okrfile validate, warm": ([*OKRFILE, "validate", "-w", str(one)], env, nothing),
            "the pre-commit hook's command": (
                [*OKRFILE, "validate", "--all", "-w", str(one), str(one / "okrs" / "2026-Q4" / "company.yaml")], env, cold
            ),
                "check-jsonschema": ([cjs, "--schemafile", schema, *map(str, (one / "okrs").rglob("*.yaml"))], env, nothing),
            },
            repeat,
        )
        print("\n(b) one team (the pre-commit case)")
        for name, timing in t1.items():
            print(f"    {name:38} {timing.median:7.3f} s   peak RSS {timing.peak_rss_mb:6.1f} MiB")
        results.append(("(b) one team, validate cold / check-jsonschema", t1["okrfile validate, cold"].median / t1["check-jsonschema"].median, 0.6, "x"))
        results.append(("(b) the hook, cold / check-jsonschema", t1["the pre-commit hook's command"].median / t1["check-jsonschema"].median, 0.6, "x"))

    if "d" in args.only:
        sizes = [250, 500, 1000] if args.quick else [250, 500, 1000, 2000]
        print("\n(d) scaling, cold validate (sizes alternate within each round)")
        spaces = {size: generate(work / f"scale-{size}", teams=size) for size in sizes}
        scaling = measure({size: ([*OKRFILE, "validate", "-w", str(ws)], env, cold) for size, ws in spaces.items()}, repeat)
        per_team = {size: timing.median / size for size, timing in scaling.items()}
        peak = max(timing.peak_rss_mb for timing in scaling.values())
        for size, timing in scaling.items():
            print(f"    {size:5} teams   {timing.median:7.3f} s   {per_team[size] * 1000:6.2f} ms/team   peak RSS {timing.peak_rss_mb:6.1f} MiB")
        # the marginal cost of a team: start-up (the one-team run of (b)) is paid once, not per team
        startup = t1["okrfile validate, cold"].median
        marginal = {size: (timing.median - startup) / size for size, timing in scaling.items()}
        print("    marginal ms/team (start-up of %.3f s taken out): %s" % (startup, ", ".join(f"{s}: {m * 1000:.2f}" for s, m in marginal.items())))
        spread = max(marginal.values()) / min(marginal.values()) - 1
        results.append((f"(d) marginal time per team, spread {sizes[0]}..{sizes[-1]}", spread, 0.2, ""))
        results.append((f"(d) peak RSS at {sizes[-1]} teams", peak, 300, " MiB"))

    if "e" in args.only:
        history_ws = generate(work / "history", teams=100)
        add_history(history_ws, 500, 100, 300)
        plumbing = (
            "git log --raw --no-abbrev --format= -- okrfile.yaml okrs updates | awk '{print $4}' "
            "| grep -v '^0000' | sort -u | git cat-file --batch > /dev/null"
        )

        def history_cases(repository: Path) -> dict:
            """okrfile history cold, and the three baselines, on one repository."""
            here = Path(__file__).parent
            return {
                "okrfile history, cold": ([*OKRFILE, "history", "-w", str(repository), "--format", "json"], env, cold),
                "git log --raw + cat-file --batch": (["sh", "-c", f"cd {repository} && {plumbing}"], env, nothing),
                "naive gitpython walk": ([sys.executable, str(here / "naive_history.py"), str(repository)], env, nothing),
                "floor: Python + gitpython + plumbing": ([sys.executable, str(here / "history_floor.py"), str(repository)], env, nothing),
            }

        def show(title: str, timings: dict) -> None:
            print(title)
            for name, timing in timings.items():
                print(f"    {name:38} {timing.median:7.3f} s   peak RSS {timing.peak_rss_mb:6.1f} MiB")

        history_cmd = [*OKRFILE, "history", "-w", str(history_ws), "--format", "json"]
        th = measure(
            {
                **history_cases(history_ws),
                "okrfile history, warm": (history_cmd, env, nothing),
                # the everyday case: someone committed since the last run (the cache holds the run before)
                "okrfile history, after a new commit": (history_cmd, env, lambda: commit_one_more(history_ws)),
            },
            repeat,
        )
        show("\n(e) history of 500 commits (100 teams)", th)
        raw = th["git log --raw + cat-file --batch"].median
        results.append(("(e) history cold / plumbing", th["okrfile history, cold"].median / raw, 6, "x"))
        results.append(("(e) history warm / plumbing", th["okrfile history, warm"].median / raw, 2, "x"))
        print(f"    after a new commit, only it is read: {th['okrfile history, after a new commit'].median / raw:.2f}x plumbing (no target)")
        results.append(("(e) history cold / naive walk", th["okrfile history, cold"].median / th["naive gitpython walk"].median, 0.1, "x"))
        floor = th["floor: Python + gitpython + plumbing"].median / th["naive gitpython walk"].median
        print(f"    the floor alone, parsing nothing, is {floor:.2f}x the naive walk")

        # The generator leaves every object loose, as `git commit` does; a clone (a developer's,
        # CI's) has them in one pack, where `git log` is several times faster and the naive walk is
        # not (its cost is a process per commit). Shown, not judged: the targets are set on the
        # generated repository, and the two readings pull the targets in opposite directions.
        cloned = work / "history-cloned"
        subprocess.run(["git", "clone", "-q", "--no-local", str(history_ws), str(cloned)], check=True)
        tc = measure(history_cases(cloned), repeat)
        show("\n(e') the same history as a clone has it (objects packed); no targets", tc)
        naive = tc["naive gitpython walk"].median
        print(
            f"    cold / plumbing {tc['okrfile history, cold'].median / tc['git log --raw + cat-file --batch'].median:.2f}x, "
            f"cold / naive walk {tc['okrfile history, cold'].median / naive:.2f}, "
            f"floor / plumbing {tc['floor: Python + gitpython + plumbing'].median / tc['git log --raw + cat-file --batch'].median:.2f}x, "
            f"floor / naive walk {tc['floor: Python + gitpython + plumbing'].median / naive:.2f}"
        )

    print("\nresult                                              measured   target")
    failed = False
    for label, value, target, unit in results:
        ok = value <= target
        failed |= not ok
        shown = f"{value:.2f}{unit}" if unit != " MiB" else f"{value:.0f}{unit}"
        print(f"    {label:46} {shown:>10}   <= {target}{unit}   {'ok' if ok else 'MISSED'}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
