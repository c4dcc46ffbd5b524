"""Find a workspace, list its files, load them into the model.

This is the one place that reads users' files. Loading never stops at the first
problem: every file is read, and each problem is a Diagnostic beside the model.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from okrfile.cache import Cache, content_digest
from okrfile.diagnostics import Diagnostic, Loc
from okrfile.model import Suppression, Workspace

CONFIG_NAME = "okrfile.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
_IGNORE_COMMENT = re.compile(r"(^|\s)#\s*okrfile:\s*ignore\[([^\]]*)\]")


class WorkspaceNotFound(Exception):
    """No okrfile.yaml here or above: a usage problem, not a problem in a file."""


def find_root(start: Path) -> Path:
    """The workspace holding `start`: where it is, else where a symlink to it is (an OKR
    set linked in from elsewhere is the workspace's all the same)."""
    import os

    for at in dict.fromkeys((start.resolve(), Path(os.path.abspath(start)))):
        here = at if at.is_dir() else at.parent
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).exists():
                return folder.resolve()
    here = start.resolve() if start.resolve().is_dir() else start.resolve().parent
    raise WorkspaceNotFound(f"no {CONFIG_NAME} in {here} or any folder above it; run `okrfile init` to create one, or pass --workspace DIR")


@dataclass
class FileData:
    """One file of the workspace as read from disk: its bytes, or why there are none."""

    display: str  # relative to the workspace, posix
    kind: str  # "config" | "okr-set" | "update" | "map" | "stray" (a file where okrfile expects none)
    data: bytes | None
    problems: list[Diagnostic]
    digest: bytes = b""

    @classmethod
    def from_bytes(cls, display: str, kind: str, data: bytes | None) -> "FileData":
        """A file read from somewhere else than the disk (a git blob), or a stray one."""
        if kind == "stray-update":
            problem = Diagnostic.at(Loc(display, 1, 1), "E413", "a weekly update lives at updates/<week>/<person>.md")
            return cls(display, "stray", None, [problem])
        if kind == "stray-okr-set":
            problem = Diagnostic.at(Loc(display, 1, 1), "E311", "an OKR set lives at okrs/<period>/<team>.yaml")
            return cls(display, "stray", None, [problem])
        if kind == "stray-map":
            problem = Diagnostic.at(Loc(display, 1, 1), "E502", "an impact map lives at maps/<id>.yaml")
            return cls(display, "stray", None, [problem])
        if data is None:  # a blob a damaged or partial clone lacks
            problem = Diagnostic.at(Loc(display, 1, 1), "E109", "this file's blob is missing from the git repository")
            return cls(display, kind, None, [problem])
        return cls(display, kind, data, [], content_digest(data))


@dataclass
class Snapshot:
    """Every file of a workspace, each read once."""

    root: Path
    files: list[FileData]
    as_of: "dt.date | None" = None  # the day it was read as of (--at), else None
    moment: "dt.datetime | None" = None  # the instant: the commit's time, or the end of the day asked for
    rev: str | None = None  # the commit it was read from (--at), else None: the files on disk

    def digest(self) -> bytes:
        """Changes when any file is added, removed or edited."""
        import hashlib

        whole = hashlib.blake2b(digest_size=20)
        for f in self.files:
            whole.update(f"{f.display}\0{f.kind}\0".encode() + f.digest + b"\0")
        return whole.digest()


def classify(path: str) -> str | None:
    """What a workspace-relative path holds: config, okr-set, update, map, a stray file
    where okrfile expects none, or None for anything okrfile does not read."""
    # split by hand: history classifies every path of every commit, and PurePosixPath
    # costs ten times as much (the parts are the same for the paths git and os give)
    parts = [part for part in path.split("/") if part and part != "."]
    name = parts[-1] if parts else ""
    if not name or name.startswith("."):
        return None
    dot = name.rfind(".")
    suffix = name[dot:] if 0 < dot < len(name) - 1 else ""
    if len(parts) == 1 and name == CONFIG_NAME:
        return "config"
    if parts[0] == "okrs" and suffix in YAML_SUFFIXES:
        return "okr-set" if len(parts) == 3 else "stray-okr-set"
    if parts[0] == "updates" and name.endswith(".md"):
        return "update" if len(parts) == 3 else "stray-update"
    if parts[0] == "maps" and suffix in YAML_SUFFIXES:
        return "map" if len(parts) == 2 else "stray-map"
    return None


def read_files(root: Path) -> Snapshot:
    from okrfile.source import read_bytes

    paths = [root / CONFIG_NAME]
    for folder, pattern in (("okrs", "*"), ("updates", "*.md"), ("maps", "*")):
        if (root / folder).is_dir():
            paths += sorted((root / folder).rglob(pattern))
    files = []
    for path in paths:
        display = relative(root, path)
        kind = classify(display)
        if kind is None:
            continue
        if kind.startswith("stray"):
            files.append(FileData.from_bytes(display, kind, None))
            continue
        data, problems = read_bytes(path, display)
        files.append(FileData(display, kind, data, problems, content_digest(data) if data is not None else b""))
    return Snapshot(root, files)


def repository_top(folder: Path) -> Path | None:
    """The git working tree holding `folder` (a `.git` in it or above it), without running git."""
    here = folder.resolve()
    return next((above for above in (here, *here.parents) if (above / ".git").exists()), None)


def within(root: Path, path: Path) -> str | None:
    """A path given on the command line as the workspace names it (posix, from its root), or
    None when it is outside: by where it is, else by where its link is (an OKR set linked in
    from elsewhere is named okrs/…)."""
    import os

    for candidate in (path.resolve(), Path(os.path.abspath(path)).parent.resolve() / Path(os.path.abspath(path)).name):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_workspace(snapshot: Snapshot, cache: Cache | None = None) -> tuple[Workspace, list[Diagnostic]]:
    """The model of every file; with a cache, files whose bytes are unchanged since the
    last run are not parsed again."""
    workspace = Workspace(snapshot.root, None, as_of=snapshot.as_of, moment=snapshot.moment)
    diagnostics: list[Diagnostic] = []
    for f in snapshot.files:
        diagnostics += f.problems
        if f.kind == "stray":
            continue
        loaded, problems, suppressions = _load_file(f, cache)
        diagnostics += problems
        if suppressions:
            workspace.suppressions[f.display] = suppressions
        if f.kind == "config":
            workspace.config = loaded
        elif f.kind == "update":
            workspace.updates.append(loaded)
        elif f.kind == "map":
            workspace.maps.append(loaded)
        else:
            workspace.okr_sets.append(loaded)
    if cache is not None:
        cache.save_parses()
    return workspace, diagnostics


def _load_file(f: FileData, cache: Cache | None):
    """(model object, diagnostics, suppressions) for one file."""
    if f.data is None:
        return _build(None, f.display, f.kind), [], []
    if cache is not None:
        cached = cache.parse(f.display, f.digest)
        if cached is not None:
            return cached
    result = parse_file(f.data, f.display, f.kind)
    if cache is not None:
        cache.store_parse(f.display, f.digest, result)
    return result


def parse_file(data: bytes, display: str, kind: str):
    """(model object, diagnostics, suppressions) from a file's bytes."""
    from okrfile.schema.types import check_document
    from okrfile.source import decode_source
    from okrfile.yamlnodes import parse_yaml

    source, diagnostics = decode_source(data, display)
    if source is None:
        return _build(None, display, kind), diagnostics, []
    if kind == "update":
        from okrfile.schema.update import parse_update

        path = PurePosixPath(display)
        update, problems = parse_update(source, path.parts[-2], path.stem)
        return update, diagnostics + problems, []
    suppressions = _suppressions(source.text) if "okrfile:" in source.text else []
    node, problems = parse_yaml(source)
    diagnostics += problems
    located = None
    if node is not None:
        located, problems = check_document(node, _record(kind), display)
        diagnostics += problems
    return _build(located, display, kind), diagnostics, suppressions


def _record(kind: str):
    if kind == "config":
        from okrfile.schema.config import CONFIG

        return CONFIG
    if kind == "map":
        from okrfile.schema.impactmap import IMPACT_MAP

        return IMPACT_MAP
    from okrfile.schema.okrset import OKR_SET

    return OKR_SET


def _build(located, display: str, kind: str):
    from okrfile.schema.config import build_config
    from okrfile.schema.okrset import build_okr_set

    if kind == "config":
        return build_config(located, display)
    path = PurePosixPath(display)
    if kind == "update":
        from okrfile.model import Update

        return Update(display, path_week=path.parts[-2], path_person=path.stem)
    if kind == "map":
        from okrfile.schema.impactmap import build_map

        return build_map(located, display, path.stem)
    return build_okr_set(located, display, path.parts[-2], path.stem)


def _suppressions(text: str) -> list[Suppression]:
    """`# okrfile: ignore[L001, L002]` silences those codes on its line, or, on a line
    of its own, on the next line."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _IGNORE_COMMENT.search(line)
        if not match:
            continue
        codes = frozenset(c.strip() for c in match.group(2).split(",") if c.strip())
        target = number + 1 if line.lstrip().startswith("#") else number
        cols = tuple((m.group(), match.start(2) + m.start() + 1) for m in re.finditer(r"[^,\s]+", match.group(2)))
        found.append(Suppression(number, match.start(2) + 1, target, codes, cols))
    return found
