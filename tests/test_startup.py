"""`okrfile validate` is a pre-commit hook: it must not pay for jinja2 or gitpython."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ACME

PROBE = """
import sys
sys.argv = ["okrfile", *{args!r}]
from okrfile.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("jinja2", "git", "gitdb"))
sys.stderr.write("HEAVY=" + repr(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--help"], ["validate", "-w", str(ACME)], ["validate", "--help"]])
def test_no_heavy_imports(args):
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True)
    line = next(line for line in result.stderr.splitlines() if line.startswith("HEAVY="))
    assert line == "HEAVY=[]"


def test_console_scripts_and_module(tmp_path):
    """`okrfile`, `okr` and `python -m okrfile` are the same command."""
    from pathlib import Path

    bindir = Path(sys.executable).parent
    for command in ([str(bindir / "okrfile")], [str(bindir / "okr")], [sys.executable, "-m", "okrfile"]):
        result = subprocess.run([*command, "validate", "-w", str(ACME), "--format", "json"], capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stderr)
        assert json.loads(result.stdout)["errors"] == 0
    version = subprocess.run([sys.executable, "-m", "okrfile", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("okrfile ")
