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
