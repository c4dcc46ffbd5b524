"""Diagnostic values and their text, json and github formats.

A Diagnostic is a plain value: where (path relative to the workspace, 1-based line and
column), what (a registered code) and a message. Formatting returns strings; printing is
the CLI's job.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from okrfile.codes import severity_of


class Loc(NamedTuple):
    """Where a value sits. A tuple, not a dataclass: a big workspace holds hundreds of
    thousands, and tuples are what the parse cache unpickles fastest."""

    path: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    severity: str
    message: str

    @classmethod
    def at(cls, loc: Loc, code: str, message: str) -> "Diagnostic":
        return cls(loc.path, loc.line, loc.col, code, severity_of(code), message)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.code)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


_BOLD, _RED, _YELLOW, _RESET = "\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[0m"


def format_text(d: Diagnostic, path: str, color: bool = False) -> str:
    """`path:line:col: CODE message`, the code red (error) or yellow (warning) in colour."""
    if not color:
        return f"{path}:{d.line}:{d.col}: {d.code} {d.message}"
    tint = _RED if d.is_error else _YELLOW
    return f"{_BOLD}{path}:{d.line}:{d.col}:{_RESET} {tint}{d.code}{_RESET} {d.message}"


def display_path(root: Path, path: str, cwd: Path) -> str:
    """The path a person at `cwd` can open: relative to cwd when the workspace is under it
    or holds it (`../okrfile.yaml`), else as the workspace names it."""
    full = root / path
    if full.is_relative_to(cwd):
        return full.relative_to(cwd).as_posix()
    if cwd.is_relative_to(root):
        return Path(os.path.relpath(full, cwd)).as_posix()
    return path


def counts(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    errors = sum(1 for d in diagnostics if d.is_error)
    return errors, len(diagnostics) - errors


def to_json_document(diagnostics: list[Diagnostic]) -> dict:
    errors, warnings = counts(diagnostics)
    return {
        "diagnostics": [d.to_json() for d in diagnostics],
        "errors": errors,
        "warnings": warnings,
    }


def _escape_data(text: str) -> str:
    # GitHub workflow commands: https://github.com/actions/toolkit (command.ts escapeData)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(diagnostic: Diagnostic, path: str | None = None) -> str:
    """One `::error`/`::warning` workflow command; `path` overrides the file shown."""
    kind = "error" if diagnostic.is_error else "warning"
    props = ",".join(
        [
            f"file={_escape_property(path or diagnostic.path)}",
            f"line={diagnostic.line}",
            f"col={diagnostic.col}",
            f"title={_escape_property(diagnostic.code)}",
        ]
    )
    return f"::{kind} {props}::{_escape_data(diagnostic.code + ' ' + diagnostic.message)}"
