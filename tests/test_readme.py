"""README is the manual: every command, option and diagnostic code must be in it."""

import re

import typer.main

from okrfile.cli import app
from okrfile.codes import CODES
from okrfile.lint import RULES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands():
    group = typer.main.get_command(app)
    return group.commands


def test_every_command_is_documented():
    for name in commands():
        assert f"### okrfile {name}" in README, f"README has no section for `okrfile {name}`"
        assert re.search(rf"okrfile {name}\b[^\n]*", README.split("## Commands")[1]), name


def test_every_option_is_documented():
    for name, command in commands().items():
        for param in command.params:
            for option in getattr(param, "opts", []):
                if option.startswith("--") and option != "--help":
                    assert option in README, f"`okrfile {name} {option}` is not in README"


def test_help_names_what_each_option_takes(cli):
    """A flag takes no value, so its help shows none (not `<bool>`, which reads as
    `--strict true`); an option that takes one names it (REV, YYYY-MM-DD), not `<str>`."""
    for name in commands():
        options = [line for line in cli(name, "--help").output.splitlines() if line.lstrip("│ ").startswith("-")]
        typed = [line for line in options if "<str>" in line or "<int>" in line]
        assert not typed, f"`okrfile {name} --help` names a value by its Python type: {typed}"
        flags = [line for line in options if "<bool>" in line and "--help" not in line]
        assert not flags, f"`okrfile {name} --help` shows a type for a flag: {flags}"
    assert "--at                 REV" in cli("status", "--help").output


def test_every_code_is_documented():
    for code, entry in CODES.items():
        assert f"| `{code}` | {entry.name} | {entry.severity} |" in README, code


def test_every_lint_rule_is_registered():
    from okrfile.checkins import WARNINGS

    assert set(RULES) | set(WARNINGS) == {c for c in CODES if c.startswith("L")}
    assert not set(RULES) & set(WARNINGS)


def test_quickstart_is_two_commands():
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quickstart, re.S)
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)
    assert blocks[0].strip().endswith("okrfile demo")
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command():
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    test_command = re.findall(r"```sh\n(.*?)```", quickstart, re.S)[1].strip()
    assert test_command in (REPO / ".ci" / "run").read_text()


def test_the_file_examples_are_laid_out_as_fmt_lays_them_out(tmp_path, cli):
    """What README shows is what `okrfile fmt` would leave: a copied example passes `fmt --check`."""
    examples = {
        "okrfile.yaml": "### okrfile.yaml",
        "okrs/2026-Q4/platform.yaml": "### An OKR set: okrs/2026-Q4/platform.yaml",
        "maps/async-adoption.yaml": "### An impact map: maps/async-adoption.yaml",
    }
    for path, heading in examples.items():
        after = README.split(heading + "\n", 1)[1]
        text = re.search(r"```yaml\n(.*?)```", after, re.S).group(1)
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    result = cli("fmt", "--check", "-w", tmp_path)
    assert result.exit_code == 0, result.output
