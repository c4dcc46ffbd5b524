from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okrfile.cli import app

REPO = Path(__file__).resolve().parent.parent
ACME = REPO / "examples" / "acme"

CONFIG = """\
okrfile: 1
org: Test Org
teams:
  company: {name: Company, lead: dana}
  platform: {name: Platform, lead: alice, parent: company}
people:
  alice: {name: Alice, team: platform, tz: Europe/Berlin}
  bob: {name: Bob, team: platform, tz: Asia/Tokyo}
  dana: {name: Dana, team: company, tz: America/New_York}
"""

COMPANY = """\
period: 2026-Q4
team: company
objectives:
  - id: O1
    title: Grow
    owner: dana
    key_results:
      - id: KR1
        title: Revenue
        start: 0
        target: 100
        current: 50
"""


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own parse cache folder, never the user's."""
    monkeypatch.setenv("OKRFILE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def acme() -> Path:
    return ACME


@pytest.fixture
def acme_copy(tmp_path) -> Path:
    target = tmp_path / "acme"
    shutil.copytree(ACME, target)
    return target


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def make_ws(tmp_path):
    """A workspace from {relative path: text}; okrfile.yaml defaults to CONFIG."""

    def make(files: dict[str, str | bytes], config: str | None = CONFIG) -> Path:
        root = tmp_path / "ws"
        root.mkdir(exist_ok=True)
        if config is not None:
            write(root, {"okrfile.yaml": config})
        return write(root, files)

    return make


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return invoke


def run_okrfile(*args, cwd=None, env=None, timeout=60) -> subprocess.CompletedProcess:
    """The real command as a subprocess (python -m okrfile, same interpreter)."""
    return subprocess.run(
        [sys.executable, "-m", "okrfile", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
