"""Writing new files: `okrfile init` and `okrfile schema --out`.

Writes are atomic (a temporary file, then a link or rename), and a person's existing
file is never replaced unless asked.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import shlex
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from okrfile.periods import calendar_quarter, quarter_of
from okrfile.schema.config import SLUG


class ScaffoldError(Exception):
    pass


HOOKS_CONFIG = ".pre-commit-config.yaml"  # pre-commit reads this one, at the repository's root


@dataclass(frozen=True)
class HooksToAdd:
    """okrfile's hooks for a `.pre-commit-config.yaml` that init leaves alone, the person's
    own: `config`, that file (named as the workspace folder was), and `snippet`, the entry
    to paste under its `repos:`, indented as its entries are."""

    config: Path
    snippet: str


class WorkspacePlan(dict):
    """The files of a new workspace, by path (what write_new_files takes), and `hooks`:
    what to add to the repository's own `.pre-commit-config.yaml`, which init does not write
    (None when init writes one, or the one there runs okrfile's hooks already)."""

    def __init__(self, files: dict[Path, str], hooks: HooksToAdd | None = None):
        super().__init__(files)
        self.hooks = hooks


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_") or "lead"


def plan_workspace(
    directory: Path, *, org: str | None, team: str, period: str | None, lead: str | None, today: dt.date
) -> WorkspacePlan:
    """The files of a new workspace, by path; nothing is written here. A
    `.pre-commit-config.yaml` already in the repository is the person's: it is not among
    the files, and the plan's `hooks` says what to add to it."""
    import jinja2

    period = period or quarter_of(today)
    if not re.match(SLUG, team):
        raise ScaffoldError(f"--team {team!r} is not a slug (lowercase letters, digits, - and _)")
    quarter = calendar_quarter(period)
    if quarter is None:
        raise ScaffoldError(
            f"--period {period!r} is not a calendar quarter like 2026-Q4; for other periods, "
            "init with a quarter, then declare yours under `periods:` in okrfile.yaml"
        )
    if lead is None:
        try:
            lead = _slugify(getpass.getuser())
        except Exception:  # no user name in containers without /etc/passwd entries
            lead = "lead"
    if not re.match(SLUG, lead):
        raise ScaffoldError(f"--lead {lead!r} is not a slug (lowercase letters, digits, - and _)")
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("okrfile", "templates/init"),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    from okrfile.workspace import repository_top

    top = repository_top(directory)  # None outside a repository
    inside = _in_repository(directory, top)
    values = {
        "org": _yaml_text(org or directory.resolve().name or "My org"),
        "team": team,
        "team_name": _yaml_text(team.replace("-", " ").replace("_", " ").title()),
        "lead": lead,
        "lead_name": _yaml_text(lead.replace("-", " ").title()),
        "tz": "UTC",
        "period": period,
        "start": quarter.start,
        "end": quarter.end,
        "prefix": re.escape(inside + "/") if inside else "",
        # run from the repository's root, a hook with no file to name finds the workspace by -w
        "workspace_arg": f" -w {shlex.quote(inside)}" if inside else "",
    }
    from okrfile.schema.export import KINDS, shipped

    files = {
        directory / "okrfile.yaml": env.get_template("okrfile.yaml.j2").render(values),
        directory / "okrs" / period / f"{team}.yaml": env.get_template("okr-set.yaml.j2").render(values),
    }
    # the hooks: one `- repo: local` entry, with the files: anchoring and -w computed above
    entry = env.get_template("pre-commit-repo.yaml.j2").render(values)
    hooks = None
    theirs = _hooks_config_there(directory, top)
    if theirs is None:
        files[directory / HOOKS_CONFIG] = env.get_template("pre-commit-config.yaml.j2").render(
            values, repo_entry=textwrap.indent(entry, "  ")
        )
    else:
        text = _read(theirs) if theirs.is_file() else None
        if text is None or not _runs_okrfile_hooks(text):
            hooks = HooksToAdd(_as_named(theirs, directory), _entry_for(text or "", entry))
    # the schemas the `# yaml-language-server: $schema=…` lines point editors at
    for filename, _ in KINDS.values():
        files[directory / ".okrfile" / "schema" / filename] = shipped(filename)
    return WorkspacePlan(files, hooks)


def _hooks_config_there(directory: Path, top: Path | None) -> Path | None:
    """The `.pre-commit-config.yaml` the repository has already: at its root `top`, where
    pre-commit reads it, or in the workspace's folder (outside a repository, only there)."""
    for folder in (top, directory.resolve()) if top is not None else (directory.resolve(),):
        if (folder / HOOKS_CONFIG).exists() or (folder / HOOKS_CONFIG).is_symlink():
            return folder / HOOKS_CONFIG
    return None


def _runs_okrfile_hooks(text: str) -> bool:
    """Whether a pre-commit config has okrfile's validate hook already: init's own
    (`entry: okrfile validate`) or the hook repository's (`id: okrfile-validate`), not in a comment."""
    return any(re.search(r"okrfile[ -]validate", line.split("#", 1)[0]) for line in text.splitlines())


def _entry_for(text: str, entry: str) -> str:
    """init's `- repo: local` entry, to paste under the `repos:` of the config `text`: at the
    column its entries start at (`- repo:` at 0, as `pre-commit sample-config` writes, or at
    2), as a YAML list's items must all be; with a `repos:` line when it has none."""
    if not re.search(r"^repos[ \t]*:", text, re.M):
        return "repos:\n" + textwrap.indent(entry, "  ")
    first = re.search(r"^repos[ \t]*:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)- ", text, re.M)
    return textwrap.indent(entry, " " * (len(first.group(1)) if first else 2))


def _as_named(path: Path, directory: Path) -> Path:
    """`path` as the person would name it, given the workspace folder as they named it:
    relative to the current folder when that was relative (`.pre-commit-config.yaml`,
    `../.pre-commit-config.yaml`), else absolute."""
    if directory.is_absolute():
        return path
    return Path(os.path.relpath(path))


def _yaml_text(text: str) -> str:
    """Quote a value for YAML when plain text would change its meaning."""
    if re.match(r"^[A-Za-z][\w .'-]*$", text) and text.lower() not in ("yes", "no", "true", "false", "null", "on", "off"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _in_repository(directory: Path, top: Path | None) -> str:
    """The workspace's folder as pre-commit names its files (from the repository's root `top`;
    "" at the root): the hooks then take its files only, not a `docs/okrs/notes.yaml` elsewhere.
    Outside a repository, the one `git init` will make there."""
    here = directory.resolve()
    inside = here.relative_to(top or here).as_posix()
    return "" if inside == "." else inside


def in_git_repository(directory: Path) -> bool:
    """Whether `directory` is inside a git working tree (a `.git` in it or above it)."""
    from okrfile.workspace import repository_top

    return repository_top(directory) is not None


def write_new_files(files: dict[Path, str]) -> list[Path]:
    """Write every file, or none if any already exists; returns the ones in the way."""
    existing = [path for path in files if path.exists() or path.is_symlink()]
    if existing:
        return existing
    for path, text in files.items():
        atomic_write(path, text, overwrite=False)
    return []


def write_files(files: dict[Path, str], *, force: bool) -> tuple[list[Path], list[Path]]:
    """Write the files that are new, and those that differ only with force; a file
    already as it should be is left alone. Returns (written, refused); nothing is
    written if any is refused."""
    current = {path: _read(path) if path.exists() else None for path in files}
    refused = [path for path, text in files.items() if current[path] not in (None, text) and not force]
    if refused:
        return [], refused
    written = [path for path, text in files.items() if current[path] != text]
    for path in written:
        atomic_write(path, files[path], overwrite=True)
    return written, []


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def mode_for(path: Path) -> int:
    """A replaced file keeps its mode; a new one gets what the umask allows (0644 usually)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_temporary(path: Path, text: str, mode: int) -> str:
    """`text` in a new temporary file beside `path`, on disk and with `mode`, to be renamed
    onto `path`; its name. Nothing is left behind when writing fails."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            # mkstemp makes the file private (0600); the user's files get the mode they expect
            os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def atomic_write(path: Path, text: str, *, overwrite: bool) -> None:
    """Write `text` to `path` whole or not at all. Replacing a symlink's file writes
    through to the file it points at (the temporary file next to that one, so the
    rename stays on its file system), and the link stays a link."""
    if overwrite and path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = write_temporary(path, text, mode_for(path))
    try:
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the path appeared meanwhile: never clobber
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
