"""Find a workspace, list its files, load them into the model.

This is the one place that reads users' files. Loading never stops at the first
problem: every file is read, and each problem is a Diagnostic beside the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from okrfile.diagnostics import Diagnostic, Loc
from okrfile.model import Suppression, Workspace

CONFIG_NAME = "okrfile.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
_IGNORE_COMMENT = re.compile(r"(^|\s)#\s*okrfile:\s*ignore\[([^\]]*)\]")


class WorkspaceNotFound(Exception):
    """No okrfile.yaml here or above: a usage problem, not a problem in a file."""


def find_root(start: Path) -> Path:
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).exists():
            return folder
    raise WorkspaceNotFound(f"no {CONFIG_NAME} in {here} or any folder above it; run `okrfile init` to create one, or pass --workspace DIR")


@dataclass
class WorkspaceFiles:
    root: Path
    config: Path
    okr_sets: list[Path] = field(default_factory=list)


def list_files(root: Path) -> WorkspaceFiles:
    files = WorkspaceFiles(root, root / CONFIG_NAME)
    okrs = root / "okrs"
    if okrs.is_dir():
        files.okr_sets = sorted(p for p in okrs.rglob("*") if p.suffix in YAML_SUFFIXES and not p.name.startswith("."))
    return files


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_workspace(root: Path) -> tuple[Workspace, list[Diagnostic]]:
    from okrfile.schema.config import CONFIG, build_config
    from okrfile.schema.okrset import OKR_SET, build_okr_set

    files = list_files(root)
    diagnostics: list[Diagnostic] = []
    workspace = Workspace(root, None)

    located, problems = _load_yaml(root, files.config, CONFIG, workspace)
    diagnostics += problems
    workspace.config = build_config(located, relative(root, files.config))

    for path in files.okr_sets:
        display = relative(root, path)
        parts = path.relative_to(root / "okrs").parts
        if len(parts) != 2:
            diagnostics.append(
                Diagnostic.at(Loc(display, 1, 1), "E311", "an OKR set lives at okrs/<period>/<team>.yaml")
            )
            continue
        located, problems = _load_yaml(root, path, OKR_SET, workspace)
        diagnostics += problems
        workspace.okr_sets.append(build_okr_set(located, display, parts[0], path.stem))
    return workspace, diagnostics


def _load_yaml(root: Path, path: Path, record, workspace: Workspace):
    from okrfile.schema.types import check_document
    from okrfile.source import read_source
    from okrfile.yamlnodes import parse_yaml

    display = relative(root, path)
    source, diagnostics = read_source(path, display)
    if source is None:
        return None, diagnostics
    if "okrfile:" in source.text:
        suppressions = _suppressions(source.text)
        if suppressions:
            workspace.suppressions[display] = suppressions
    node, diagnostics = parse_yaml(source)
    if node is None:
        return None, diagnostics
    located, problems = check_document(node, record, display)
    return located, diagnostics + problems


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
        found.append(Suppression(number, match.start(2) + 1, target, codes))
    return found
