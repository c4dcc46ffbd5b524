"""The validation pipeline: load -> semantics -> lint -> suppressions, all problems at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from okrfile.diagnostics import Diagnostic, counts
from okrfile.lint import apply_suppressions, run_rules
from okrfile.model import Workspace
from okrfile.semantics import check_semantics
from okrfile.workspace import load_workspace, relative


@dataclass
class CheckResult:
    workspace: Workspace
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> int:
        return counts(self.diagnostics)[0]

    @property
    def warnings(self) -> int:
        return counts(self.diagnostics)[1]


def check_workspace(root: Path, only: list[Path] | None = None) -> CheckResult:
    """Validate the whole workspace (references cross files); with `only`, report the
    problems of those files and folders alone."""
    workspace, diagnostics = load_workspace(root)
    diagnostics += check_semantics(workspace)
    ignore = set(workspace.config.lint_ignore) if workspace.config else set()
    diagnostics += run_rules(workspace, ignore)
    diagnostics = apply_suppressions(workspace, diagnostics)
    if only:
        wanted = [relative(root, p.resolve()) for p in only]
        diagnostics = [d for d in diagnostics if any(_within(d.path, w) for w in wanted)]
    diagnostics.sort(key=Diagnostic.sort_key)
    return CheckResult(workspace, diagnostics)


def _within(path: str, wanted: str) -> bool:
    return wanted in (".", "") or path == wanted or path.startswith(wanted.rstrip("/") + "/")
