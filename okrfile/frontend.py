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
) -> int:
    from okrfile.check import check_workspace
    from okrfile.diagnostics import display_path, format_text, to_github, to_json_document

    try:
        for path in paths:
            if not path.exists():
                raise UsageError(f"{path}: no such file or folder")
        root = resolve_workspace(workspace, paths[0] if paths else None)
        for path in paths:
            if not path.resolve().is_relative_to(root):
                raise UsageError(f"{path} is outside the workspace {root}")
        snapshot = snapshot_at(root, at)
    except UsageError as exc:
        stderr.write(f"okrfile: error: {exc}\n")
        return 2
    with batch_gc():
        result = check_workspace(root, paths, cache=not no_cache, model=False, snapshot=snapshot)
    cwd = Path.cwd().resolve()
    if format == "json":
        stdout.write(json.dumps(to_json_document(result.diagnostics), indent=2, ensure_ascii=False) + "\n")
    elif format == "github":
        for d in result.diagnostics:
            stdout.write(to_github(d, display_path(root, d.path, cwd)) + "\n")
    else:
        color = use_color(stdout)
        for d in result.diagnostics:
            stdout.write(format_text(d, display_path(root, d.path, cwd), color) + "\n")
        summary = f"{result.errors} error{'s' * (result.errors != 1)}, {result.warnings} warning{'s' * (result.warnings != 1)}"
        stderr.write(("✗ " if result.errors else "✓ ") + summary + f" in {root}\n")
    failed = result.errors > 0 or ((strict or result.strict) and result.warnings > 0)
    return 1 if failed else 0


def write_error(message: str) -> None:
    sys.stderr.write(f"okrfile: error: {message}\n")
