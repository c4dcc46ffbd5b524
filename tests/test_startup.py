"""`okrfile validate` is a pre-commit hook: it must not pay for jinja2 or gitpython."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ACME

PROBE = """
import sys
sys.argv = ["okrfile", *{args!r}]
from okrfile.entry import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] in {heavy!r}}})
sys.stderr.write("HEAVY=" + repr(heavy) + "\\n")
"""


@pytest.mark.parametrize(
    "args, heavy",
    [
        (["--help"], ("jinja2", "git", "gitdb")),
        (["validate", "--help"], ("jinja2", "git", "gitdb")),
        # the pre-commit hook's path loads no CLI framework and no rich either
        (["validate", "-w", str(ACME)], ("jinja2", "git", "gitdb", "typer", "click", "pydantic", "rich")),
        (["validate", "-w", str(ACME), "--format", "json", "--no-cache"], ("jinja2", "git", "typer", "rich")),
    ],
)
def test_no_heavy_imports(args, heavy):
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=heavy)], capture_output=True, text=True)
    line = next(line for line in result.stderr.splitlines() if line.startswith("HEAVY="))
    assert line == "HEAVY=[]"


@pytest.mark.parametrize("name", ["validate", "history"])
def test_both_parsers_take_the_same_options(name):
    """entry.py's argparse parsers and the typer commands must not drift apart."""
    import typer.main

    from okrfile import entry
    from okrfile.cli import app
    from okrfile.frontend import VALIDATE_FORMATS

    command = typer.main.get_command(app).commands[name]
    typer_options = {o for p in command.params for o in getattr(p, "opts", []) if o.startswith("-")} - {"--help", "-h"}
    parser = getattr(entry, f"{name}_parser")()
    argparse_options = {o for a in parser._actions for o in a.option_strings}
    assert typer_options == argparse_options
    assert set(entry.FAST) == {"validate", "history"}
    from okrfile.cli import ValidateFormat

    assert tuple(f.value for f in ValidateFormat) == VALIDATE_FORMATS


def test_fast_path_usage_errors(tmp_path):
    bad_option = subprocess.run([sys.executable, "-m", "okrfile", "validate", "--frobnicate"], capture_output=True, text=True)
    assert bad_option.returncode == 2 and "--frobnicate" in bad_option.stderr
    bad_format = subprocess.run([sys.executable, "-m", "okrfile", "validate", "-f", "xml"], capture_output=True, text=True)
    assert bad_format.returncode == 2 and "xml" in bad_format.stderr
    # said as every other command says it (typer's usage line and error), not argparse's
    for command in ("validate", "history"):
        bad = subprocess.run([sys.executable, "-m", "okrfile", command, "--frobnicate"], capture_output=True, text=True)
        assert bad.returncode == 2 and f"Usage: okrfile {command}" in bad.stderr and "No such option" in bad.stderr
        assert "unrecognized arguments" not in bad.stderr
        abbreviated = subprocess.run([sys.executable, "-m", "okrfile", command, "--form", "json"], capture_output=True, text=True)
        assert abbreviated.returncode == 2 and "--format" in abbreviated.stderr  # typer takes no abbreviations either
    nowhere = subprocess.run([sys.executable, "-m", "okrfile", "validate"], capture_output=True, text=True, cwd=tmp_path)
    assert nowhere.returncode == 2 and "okrfile init" in nowhere.stderr


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
