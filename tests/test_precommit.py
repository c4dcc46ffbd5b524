"""The pre-commit hooks, through the real `pre-commit try-repo` against this repository."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import COMPANY, CONFIG, REPO

PRE_COMMIT = str(Path(sys.executable).parent / "pre-commit")


def git(root, *args):
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def try_repo(workspace, hook, home):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(REPO), hook, "--all-files", "--verbose"],
        cwd=workspace, env=env, capture_output=True, text=True, timeout=600,
    )


def test_hooks_on_a_clean_and_a_broken_workspace(tmp_path):
    workspace = tmp_path / "team-okrs"
    (workspace / "okrs/2026-Q4").mkdir(parents=True)
    (workspace / "okrfile.yaml").write_text(CONFIG)
    (workspace / "okrs/2026-Q4/company.yaml").write_text(COMPANY)
    git(workspace, "init", "-q")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "okrs")
    home = tmp_path / "pre-commit-home"

    clean = try_repo(workspace, "okrfile-validate", home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "okrfile validate" in clean.stdout and "Passed" in clean.stdout

    (workspace / "okrs/2026-Q4/company.yaml").write_text(COMPANY.replace("target: 100", "target: 0"))
    git(workspace, "add", "-A")
    broken = try_repo(workspace, "okrfile-validate", home)
    assert broken.returncode == 1
    assert "okrs/2026-Q4/company.yaml:11:17: E308" in broken.stdout

    (workspace / "okrs/2026-Q4/company.yaml").write_text("team: company\nperiod: 2026-Q4\n" + COMPANY.split("\n", 2)[2])
    git(workspace, "add", "-A")
    fmt = try_repo(workspace, "okrfile-fmt", home)
    assert fmt.returncode == 1  # pre-commit fails a hook that changed files
    assert (workspace / "okrs/2026-Q4/company.yaml").read_text() == COMPANY


def test_the_hooks_init_gives_for_a_config_of_ones_own_run_in_it(tmp_path):
    """A repository with a .pre-commit-config.yaml of its own and a workspace in a subfolder:
    init leaves the file alone; with the entry it gives pasted in, pre-commit runs okrfile's
    hooks, from the repository's root, alongside the repository's own."""
    import datetime as dt

    from okrfile.scaffold import plan_workspace

    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", str(repo))
    theirs = "repos:\n-   repo: local\n    hooks:\n    -   id: no-tabs\n        name: no tabs\n        entry: '\\t'\n        language: pygrep\n"
    (repo / ".pre-commit-config.yaml").write_text(theirs)
    workspace = repo / "team okrs"
    init = subprocess.run([sys.executable, "-m", "okrfile", "init", str(workspace), "--period", "2026-Q4", "--lead", "ana"],
                          capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    assert (repo / ".pre-commit-config.yaml").read_text() == theirs and not (workspace / ".pre-commit-config.yaml").exists()
    hooks = plan_workspace(workspace, org=None, team="core", period="2026-Q4", lead="ana", today=dt.date(2026, 11, 1)).hooks
    (repo / ".pre-commit-config.yaml").write_text(theirs + hooks.snippet)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "okrs")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_CONFIG_GLOBAL": os.devnull,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}  # the okrfile under test

    def run():
        return subprocess.run([PRE_COMMIT, "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert all(f"{name}." in clean.stdout for name in ("no tabs", "okrfile validate", "okrfile fmt"))
    okr_set = workspace / "okrs/2026-Q4/core.yaml"
    okr_set.write_text(okr_set.read_text().replace("target: 85", "target: 40"))  # start 40: E308
    git(repo, "add", "-A")
    broken = run()
    assert broken.returncode == 1 and "team okrs/okrs/2026-Q4/core.yaml:" in broken.stdout and " E308 " in broken.stdout
