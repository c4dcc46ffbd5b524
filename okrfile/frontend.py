"""What both command-line front ends share: finding the workspace, colour, and
`okrfile validate` from arguments to exit code.

`okrfile validate` runs as a pre-commit hook, so entry.py serves it without loading
typer (and the pydantic it brings, ~150 ms); cli.py serves it with typer for --help.
Both call run_validate, so they cannot drift apart. Nothing here imports rich.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from pathlib import Path
from typing import TextIO

VALIDATE_FORMATS = ("text", "json", "github")


class UsageError(Exception):
    """Bad options or a missing workspace: one line on stderr, exit 2."""


def resolve_workspace(workspace: Path | None, near: Path | None = None) -> Path:
    from okrfile.workspace import CONFIG_NAME, WorkspaceNotFound, find_root

    if workspace is not None:
        if not workspace.exists():
            raise UsageError(f"--workspace {workspace}: no such folder")
        if not (workspace / CONFIG_NAME).exists():
            try:
                enclosing = find_root(workspace)
            except WorkspaceNotFound:
                raise UsageError(f"{workspace} holds no {CONFIG_NAME}; run `okrfile init {workspace}` to create one") from None
            raise UsageError(f"{workspace} holds no {CONFIG_NAME}; it is inside the workspace {enclosing}: pass -w {enclosing}")
        return workspace.resolve()
    try:
        return find_root(near if near is not None else Path.cwd())
    except WorkspaceNotFound as exc:
        if near is not None:
            # a path in no workspace, named from inside one: it is outside that one
            try:
                around = find_root(Path.cwd())
            except WorkspaceNotFound:
                pass
            else:
                raise UsageError(f"{near} is outside the workspace {around}, and in no workspace of its own") from None
        raise UsageError(str(exc)) from None


@contextlib.contextmanager
def batch_gc():
    """For a command process that loads a workspace once: loading allocates hundreds
    of thousands of small, acyclic objects, and the cyclic collector's passes over them
    made time per team grow with the workspace (30% from 250 to 2000 teams). Reference
    counting frees them all the same. Afterwards the loaded model is frozen out of the
    collector's sight, so scoring it (status) does not pay for those passes either.
    Not for long-lived processes: that is why the core does not do it itself."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def use_color(stream: TextIO) -> bool:
    """no-color.org and force-color.org, else colour on a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def parse_today(today: str | None):
    """--today: the day to report as of, else today."""
    import datetime as dt

    if today is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(today)
    except ValueError:
        raise UsageError(f"--today {today!r} is not a date; write YYYY-MM-DD") from None
    if day == dt.date.max:  # its end is the midnight after it, which no date reaches
        raise UsageError(f"--today {today} is beyond the dates okrfile can reckon with")
    return day


def snapshot_at(root: Path, at: str | None):
    """The workspace's files at a revision (--at), or None for the files on disk."""
    if at is None:
        return None
    from okrfile.history import HistoryError, Repository

    try:
        repo = Repository(root)
        if repo.shallow():
            sys.stderr.write(SHALLOW_WARNING)
        return repo.files_at(at)
    except HistoryError as exc:
        raise UsageError(f"--at {at}: {exc}") from None


SHALLOW_WARNING = (
    "! this is a shallow clone: older commits are missing, so history is incomplete. Fetch it all: "
    "`git fetch --unshallow`, or in CI `fetch-depth: 0` (GitHub actions/checkout) or `GIT_DEPTH: 0` (GitLab)\n"
)


def run_validate(
    paths: list[Path],
    workspace: Path | None,
    format: str,
    strict: bool,
    no_cache: bool,
    stdout: TextIO,
    stderr: TextIO,
    at: str | None = None,
    all_files: bool = False,
    today: str | None = None,
) -> int:
    from okrfile.check import check_workspace, committed_before, path_within
    from okrfile.diagnostics import display_path, to_github, to_json_document
    from okrfile.workspace import repository_top, within

    try:
        for path in paths:
            if at is None and not path.exists():
                raise UsageError(f"{path}: no such file or folder")
        root = resolve_workspace(workspace, paths[0] if paths else None)
        for path in paths:
            if within(root, path) is None:
                raise UsageError(f"{path} is outside the workspace {root}")
        day = parse_today(today) if today is not None else None
        snapshot = snapshot_at(root, at)
        if day is not None:  # the day lint judges by (L009), whichever files are read
            from okrfile.workspace import read_files

            snapshot = snapshot or read_files(root)
            snapshot.as_of = day
        if snapshot is not None and at is not None:
            held = [f.display for f in snapshot.files]
            for path in paths:
                wanted = within(root, path)
                if not any(path_within(name, wanted) for name in held):
                    raise UsageError(f"{path}: no such file or folder at {at}")
    except UsageError as exc:
        stderr.write(f"okrfile: error: {exc}\n")
        return 2
    with batch_gc():
        result = check_workspace(root, None if all_files else paths, cache=not no_cache, model=False, snapshot=snapshot)
    errors = result.errors
    excused = 0
    if all_files:
        # the pre-commit hook: the committed files' problems first, then the rest. With no PATH
        # (a commit that only deletes files, or touches none of the workspace's) every error is
        # in a file the commit leaves alone: only those it makes (HEAD has none of them) stop it
        wanted = {within(root, p) for p in paths}
        result.diagnostics.sort(key=lambda d: (d.path not in wanted, d.sort_key()))
        # errors in files this commit leaves alone that HEAD has too were committed before:
        # shown, but they do not stop one person's commit for another's file
        elsewhere = [d for d in result.diagnostics if d.is_error and d.path not in wanted]
        if elsewhere and at is None:
            excused = len(committed_before(root, elsewhere, cache=not no_cache))
            errors -= excused
    cwd = Path.cwd().resolve()
    if format == "json":
        write_json(stdout, to_json_document(result.diagnostics))
    elif format == "github":
        # GitHub reads `file=` from the repository's root, whatever folder the step ran in
        top = repository_top(root) or cwd
        for d in result.diagnostics:
            stdout.write(to_github(d, display_path(root, d.path, top)) + "\n")
    else:
        write_diagnostics(result.diagnostics, root, stdout)
        summary = f"{result.errors} error{'s' * (result.errors != 1)}, {result.warnings} warning{'s' * (result.warnings != 1)}"
        scope = root if all_files or not paths else ", ".join(str(p) for p in paths)
        failing = errors > 0 or ((strict or result.strict) and result.warnings > 0)
        stderr.write(("✗ " if failing else "✓ ") + summary + (" (strict: warnings fail)" if failing and not errors else "") + f" in {scope}\n")
        if excused:
            stderr.write(f"! {excused} of the errors are in files this commit leaves alone, and HEAD has them too: they do not stop it\n")
    failed = errors > 0 or ((strict or result.strict) and result.warnings > 0)
    return 1 if failed else 0


def write_error(message: str) -> None:
    sys.stderr.write(f"okrfile: error: {message}\n")


HISTORY_FORMATS = ("table", "json")


def load_history(root: Path, no_cache: bool, stderr: TextIO, at: str | None = None, say_shallow: bool = True, say_skipped: bool = True):
    """The repository's history (up to `at`), with its warnings written; UsageError when there is none.
    `say_skipped`: whether to say that old file versions did not parse (`history` does; the
    commands that only date values with it would say it on every run, about the past)."""
    from okrfile.history import HistoryError, read_history

    try:
        found = read_history(root, cache=not no_cache, at=at)
    except HistoryError as exc:
        raise UsageError(f"--at {at}: {exc}" if at is not None else str(exc)) from None
    if found.shallow and say_shallow:
        stderr.write(SHALLOW_WARNING)
    if found.skipped and say_skipped:
        stderr.write(f"! {len(found.skipped)} committed file version(s) did not parse and were skipped, e.g. {found.skipped[0]}\n")
    return found


def run_history(
    ref: str | None,
    workspace: Path | None,
    period: str | None,
    format: str,
    no_cache: bool,
    stdout: TextIO,
    stderr: TextIO,
    today: str | None = None,
    at: str | None = None,
) -> int:
    """`okrfile history` from arguments to exit code. It reads what is committed, so it
    needs no check of the working tree: the history's last state is its model."""
    from okrfile.historyreport import HistoryReportError, history_report
    from okrfile.periods import end_of_day

    try:
        day = parse_today(today)
        root = resolve_workspace(workspace)
        found = load_history(root, no_cache, stderr, at)
        # as of the end of --today's day (local time); else when --at's revision stood; else now
        try:
            now = end_of_day(day) if today is not None else found.as_of
        except (OverflowError, ValueError):
            raise UsageError(f"--today {today} is beyond the dates okrfile can reckon with") from None
        if today is None and found.as_of_day is not None:
            day = found.as_of_day
        report = history_report(found, ref, period, day, now, reach=found.reach if today is None else None)
    except (UsageError, HistoryReportError) as exc:
        stderr.write(f"okrfile: error: {exc}\n")
        return 2
    from okrfile.render.history import history_to_json, render_history

    if format == "json":
        write_json(stdout, history_to_json(report))
    else:
        console(stdout).print(render_history(report))
    return 0


def write_json(stream: TextIO, document) -> None:
    """Indented for a person at a terminal; compact for pipes and files (json's indenting
    encoder is pure Python and slow on big documents)."""
    stream.write(json.dumps(document, indent=2 if stream.isatty() else None, ensure_ascii=False) + "\n")


def console(stream: TextIO | None = None, *, stderr: bool = False, wrap: bool = True):
    """A rich console for tables and prompts. NO_COLOR (no-color.org): no escapes at all;
    markup off, because users' paths and titles may hold [brackets]. wrap=False keeps
    one line per line, whatever the width."""
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(
        file=stream, stderr=stderr, highlight=False, markup=False, soft_wrap=not wrap, color_system=None if plain else "auto"
    )


def write_diagnostics(diagnostics, root: Path, stream: TextIO) -> None:
    """`path:line:col: CODE message`, paths as the person at the current folder opens them."""
    from okrfile.diagnostics import display_path, format_text

    cwd, color = Path.cwd().resolve(), use_color(stream)
    for d in diagnostics:
        stream.write(format_text(d, display_path(root, d.path, cwd), color) + "\n")
