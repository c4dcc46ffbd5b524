"""The validation pipeline: read -> parse -> semantics -> lint -> suppressions, every
problem in one run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from okrfile.checkins import FILE_LEVEL, resolve_checkins
from okrfile.diagnostics import Diagnostic, counts
from okrfile.impactmaps import check_maps
from okrfile.lint import apply_suppressions, run_rules
from okrfile.model import Workspace
from okrfile.periods import week_of
from okrfile.semantics import check_semantics
from okrfile.workspace import Snapshot, load_workspace, read_files, relative, within


@dataclass
class CheckResult:
    workspace: Workspace | None  # None when the result came whole from the cache
    diagnostics: list[Diagnostic]
    strict: bool = False  # okrfile.yaml `lint.strict`
    # what the git history it asked was read from (L012; history.history_key), else None: it
    # changes with commits, not with the files, so a kept result holds only while it is the same
    history_key: str | None = None

    @property
    def errors(self) -> int:
        return counts(self.diagnostics)[0]

    @property
    def warnings(self) -> int:
        return counts(self.diagnostics)[1]


def check_workspace(
    root: Path, only: list[Path] | None = None, *, cache: bool = False, model: bool = True, snapshot: Snapshot | None = None
) -> CheckResult:
    """Validate the whole workspace (references cross files); with `only`, report the
    problems of those files and folders alone.

    `cache`: reuse what the last run computed from unchanged files (cache.py).
    `model=False`: the caller needs only the diagnostics, so an unchanged workspace's
    result may come from the cache without building the model.
    `snapshot`: the files to check, when not the ones on disk (history.Repository.files_at).
    """
    snapshot = snapshot or read_files(root)
    store = None
    if cache:
        from okrfile.cache import Cache

        store = Cache(root)
    result = None
    key = result_key(snapshot)
    if store is not None and not model:
        cached = store.result(key)
        if isinstance(cached, tuple) and len(cached) == 3 and (cached[2] is None or cached[2] == _history_key(snapshot)):
            result = CheckResult(None, list(cached[0]), bool(cached[1]), cached[2])
    if result is None:
        result = _check(snapshot, store)
        if store is not None:
            store.store_result(key, (result.diagnostics, result.strict, result.history_key))
    if only:
        wanted = [within(root, p) or relative(root, p.resolve()) for p in only]
        result.diagnostics = [d for d in result.diagnostics if any(path_within(d.path, w) for w in wanted)]
    return result


def _history_key(snapshot: Snapshot) -> str:
    from okrfile.history import history_key

    return history_key(snapshot.root, snapshot.rev, snapshot.as_of)


def result_key(snapshot: Snapshot) -> bytes:
    """What a cached whole result is valid for: these files, this week (the same files
    can give other warnings next week: L009)."""
    return snapshot.digest() + week_of(snapshot.as_of or dt.date.today()).encode()


def _check(snapshot: Snapshot, store) -> CheckResult:
    workspace, diagnostics = load_workspace(snapshot, store)
    diagnostics += check_semantics(workspace)
    map_problems = list(check_maps(workspace))
    checkins, problems = resolve_checkins(workspace)
    history_key = None
    if any(d.code in ("E405", "E406", "E414") for d in problems) or any(d.code == "E500" for d in map_problems):
        # updates and maps naming what the OKR sets do not hold (or under another title): the git
        # history tells a record of a key result removed (L012) or renumbered mid-period from a
        # mistake, and when it went. Read only then: it costs git calls
        from okrfile.history import membership

        found = membership(snapshot.root, workspace, snapshot.rev, cache=store is not None, day=snapshot.as_of)
        history_key = found.key
        checkins, problems = resolve_checkins(workspace, found)
        map_problems = list(check_maps(workspace, found))
    diagnostics += map_problems + problems
    # an update whose front matter (who, which week) is wrong is left out whole;
    # an error inside one key result's block loses only that block's value
    broken = {d.path for d in diagnostics if d.code in FILE_LEVEL and d.path.startswith("updates/")}
    workspace.checkins = [c for c in checkins if c.path not in broken]
    config = workspace.config
    ignore = set(config.lint_ignore) if config else set()
    diagnostics += run_rules(workspace, ignore)
    # warnings said outside the rules (L012, from the check-ins) are switched off alike
    diagnostics = [d for d in diagnostics if d.is_error or d.code not in ignore]
    diagnostics = apply_suppressions(workspace, diagnostics)
    # a YAML alias repeats its anchor's node, and so its problems: say each once
    diagnostics = list(dict.fromkeys(diagnostics))
    diagnostics.sort(key=Diagnostic.sort_key)
    return CheckResult(workspace, diagnostics, bool(config and config.lint_strict), history_key)


def committed_before(root: Path, diagnostics: list[Diagnostic], cache: bool = True) -> set[Diagnostic]:
    """Those of `diagnostics` that HEAD's files have too: problems already committed, which
    a commit that leaves their files alone did not make. Empty without a git history."""
    from okrfile.history import HistoryError, Repository

    try:
        snapshot = Repository(root).files_at("HEAD")
    except HistoryError:
        return set()
    at_head = set(check_workspace(root, cache=cache, model=False, snapshot=snapshot).diagnostics)
    return {d for d in diagnostics if d in at_head}


def path_within(path: str, wanted: str) -> bool:
    return wanted in (".", "") or path == wanted or path.startswith(wanted.rstrip("/") + "/")
