import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from okrfile.schema.export import KINDS, dumps, generate, shipped
from tests.conftest import run_okrfile


def test_init_creates_a_workspace_that_validates_clean(cli, tmp_path):
    target = tmp_path / "okrs-repo"
    result = cli("init", target, "--org", "Acme Labs", "--team", "platform", "--period", "2026-Q4", "--lead", "alice")
    assert result.exit_code == 0, result.output
    assert (target / "okrfile.yaml").is_file()
    okr_set = target / "okrs" / "2026-Q4" / "platform.yaml"
    assert "# " in okr_set.read_text()  # the example is commented
    check = cli("validate", "-w", target, "--strict", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["diagnostics"] == []
    status = cli("status", "-w", target, "--period", "2026-Q4", "--today", "2026-11-01", "--format", "json")
    assert json.loads(status.stdout)["teams"][0]["team"] == "platform"


def test_init_says_to_keep_the_workspace_in_git_until_it_is(cli, tmp_path):
    import subprocess

    outside = cli("init", tmp_path / "a", "--period", "2026-Q4")
    assert outside.exit_code == 0 and "git init" in outside.output
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    inside = cli("init", tmp_path / "repo" / "okrs-here", "--period", "2026-Q4")
    assert inside.exit_code == 0 and "git init" not in inside.output


def test_the_first_check_in_does_not_make_the_example_warn(cli, tmp_path):
    """The example OKR set leaves `current:` to the updates: the first one written from the
    template, filled in, is clean under --strict (L007 would fire on a second source)."""
    cli("init", tmp_path, "--team", "core", "--period", "2026-Q4", "--lead", "alice")
    assert cli("checkin", "-w", tmp_path, "--person", "alice", "--week", "2026-W47").exit_code == 0
    written = tmp_path / "updates/2026-W47/alice.md"
    text = written.read_text().replace("Current: X", "Current: 55").replace("Current: not done", "Current: done")
    text = text.replace("[Green/Yellow/Red]", "Green").replace("[None, or what stands in the way]", "None")
    text = "\n".join(line for line in text.splitlines() if "[" not in line) + "\n"
    written.write_text(text)
    check = cli("validate", "-w", tmp_path, "--strict", "--today", "2026-11-23", "--format", "json")
    assert check.exit_code == 0, check.stdout


def test_init_defaults(tmp_path):
    result = run_okrfile("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files[:5] == [
        ".okrfile/schema/impact-map.schema.json",  # for the maps you add later
        ".okrfile/schema/okr-set.schema.json",
        ".okrfile/schema/okrfile.schema.json",
        ".pre-commit-config.yaml",
        "okrfile.yaml",
    ]
    assert files[5].startswith("okrs/20") and files[5].endswith("/core.yaml") and len(files) == 6
    okr_set = (tmp_path / files[5]).read_text()
    assert okr_set.startswith("# yaml-language-server: $schema=../../.okrfile/schema/okr-set.schema.json\n")
    assert (tmp_path / "okrfile.yaml").read_text().startswith("# yaml-language-server: $schema=.okrfile/schema/okrfile.schema.json\n")
    assert run_okrfile("fmt", "--check", cwd=tmp_path).returncode == 0  # init writes the canonical layout
    assert run_okrfile("validate", "--strict", cwd=tmp_path).returncode == 0


def test_init_org_that_needs_quoting(cli, tmp_path):
    result = cli("init", tmp_path, "--org", "Acme: the #1 \"team\"", "--period", "2027-Q1")
    assert result.exit_code == 0
    assert cli("validate", "-w", tmp_path, "--strict").exit_code == 0
    assert "Acme: the #1" in (tmp_path / "okrfile.yaml").read_text()


def test_init_never_overwrites(cli, tmp_path):
    (tmp_path / "okrfile.yaml").write_text("my own settings\n")
    result = cli("init", tmp_path, "--team", "platform", "--period", "2026-Q4")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert (tmp_path / "okrfile.yaml").read_text() == "my own settings\n"
    assert not (tmp_path / "okrs").exists()  # nothing written at all


def test_init_refuses_when_only_the_okr_set_exists(cli, tmp_path):
    okr_set = tmp_path / "okrs" / "2026-Q4" / "platform.yaml"
    okr_set.parent.mkdir(parents=True)
    okr_set.write_text("mine\n")
    assert cli("init", tmp_path, "--team", "platform", "--period", "2026-Q4").exit_code == 1
    assert not (tmp_path / "okrfile.yaml").exists()
    assert okr_set.read_text() == "mine\n"


# a repository's own pre-commit config, as `pre-commit sample-config` writes it (entries at column 0)
SAMPLE_CONFIG = """\
# See https://pre-commit.com for more information
repos:
-   repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v3.2.0
    hooks:
    -   id: trailing-whitespace
"""
# and one with its entries at column 2, as init writes them
INDENTED_CONFIG = """\
repos:
  # formatting
  - repo: https://github.com/psf/black
    rev: 24.8.0
    hooks:
      - id: black
"""


def _plan(directory):
    import datetime as dt

    from okrfile.scaffold import plan_workspace

    return plan_workspace(directory, org=None, team="core", period="2026-Q4", lead="ana", today=dt.date(2026, 11, 1))


def _hooks_init_writes(cli, tmp_path, folder):
    """The `repos:` entry init writes for a workspace at `folder` of a repository with no config."""
    from ruamel.yaml import YAML

    twin = tmp_path / "twin"
    subprocess.run(["git", "init", "-q", str(twin)], check=True)
    assert cli("init", twin / folder, "--period", "2026-Q4", "--lead", "ana").exit_code == 0
    return YAML(typ="safe").load((twin / folder / ".pre-commit-config.yaml").read_text())["repos"]


@pytest.mark.parametrize("theirs", [SAMPLE_CONFIG, INDENTED_CONFIG], ids=["column-0", "column-2"])
@pytest.mark.parametrize("folder", ["", "team okrs"], ids=["at-root", "in-subfolder"])
def test_init_leaves_a_pre_commit_config_alone_and_gives_the_hooks_to_add(cli, tmp_path, folder, theirs):
    """A repository with a .pre-commit-config.yaml of its own (at its root, where pre-commit reads
    it): init writes the workspace but not the hooks' file, and plans the `repos:` entry to add,
    the one it would have written, at the column the file's entries are at."""
    from ruamel.yaml import YAML

    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    config = repo / ".pre-commit-config.yaml"
    config.write_text(theirs)
    workspace = repo / folder
    result = cli("init", workspace, "--period", "2026-Q4", "--lead", "ana")
    assert result.exit_code == 0, result.output
    assert config.read_text() == theirs
    assert list(repo.rglob(".pre-commit-config.yaml")) == [config]  # no second one, that pre-commit would not read
    assert (workspace / "okrs/2026-Q4/core.yaml").is_file()
    assert cli("validate", "-w", workspace, "--strict").exit_code == 0

    hooks = _plan(workspace).hooks
    assert hooks.config == config
    pasted = repo / "pasted.yaml"
    pasted.write_text(theirs + hooks.snippet)  # under `repos:`, its last key
    repos = YAML(typ="safe").load(pasted.read_text())["repos"]
    assert repos[0] == YAML(typ="safe").load(theirs)["repos"][0]  # theirs, still with its own hooks
    assert repos[1:] == _hooks_init_writes(cli, tmp_path, folder)  # files: anchoring, always_run, -w
    pre_commit = Path(sys.executable).parent / "pre-commit"
    checked = subprocess.run([str(pre_commit), "validate-config", str(pasted)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_init_names_the_config_as_the_workspace_was_named(tmp_path, monkeypatch):
    """From the repository's root, `okrfile init sub`: the config to add to is
    .pre-commit-config.yaml, as the person sees it; a config without `repos:` gets the line too."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".pre-commit-config.yaml").write_text("default_stages: [pre-commit]\n")
    monkeypatch.chdir(tmp_path)
    hooks = _plan(Path("sub")).hooks
    assert hooks.config == Path(".pre-commit-config.yaml")
    assert hooks.snippet.startswith("repos:\n  - repo: local\n")
    assert "entry: okrfile validate --all -w sub\n" in hooks.snippet


@pytest.mark.parametrize(
    "theirs, said",
    [
        (INDENTED_CONFIG + "  - repo: local\n    hooks:\n      - id: okrs\n        entry: okrfile validate --all\n", False),
        (SAMPLE_CONFIG + "-   repo: https://example.com/okrfile\n    rev: v1\n    hooks:\n    -   id: okrfile-validate\n", False),
        (INDENTED_CONFIG + "  # okrfile validate: some day\n", True),  # a comment runs nothing
    ],
    ids=["init's", "the-hook-repository's", "in-a-comment"],
)
def test_init_says_nothing_of_a_config_that_runs_okrfile_already(cli, tmp_path, theirs, said):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".pre-commit-config.yaml").write_text(theirs)
    result = cli("init", tmp_path, "--period", "2026-Q4", "--lead", "ana")
    assert result.exit_code == 0 and (tmp_path / ".pre-commit-config.yaml").read_text() == theirs
    assert (_plan(tmp_path).hooks is not None) == said


def test_init_prints_the_hooks_to_add(cli, tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".pre-commit-config.yaml").write_text(SAMPLE_CONFIG)
    result = cli("init", tmp_path, "--period", "2026-Q4", "--lead", "ana")
    assert result.exit_code == 0
    hooks = _plan(tmp_path).hooks
    assert str(hooks.config) in result.output and hooks.snippet in result.output
    pasted = tmp_path / "pasted"  # a repository whose config has the snippet in it: nothing to say
    subprocess.run(["git", "init", "-q", str(pasted)], check=True)
    (pasted / ".pre-commit-config.yaml").write_text(SAMPLE_CONFIG + hooks.snippet)
    again = cli("init", pasted, "--period", "2026-Q4", "--lead", "ana")
    assert again.exit_code == 0 and "repo: local" not in again.output


def test_shipped_schemas_are_generated_from_the_validator():
    for name, schema in generate().items():
        assert shipped(name) == dumps(schema), f"run `python -m okrfile.schema.export` to refresh {name}"


def test_schema_lists_and_prints(cli):
    listing = cli("schema")
    assert listing.exit_code == 0
    assert "okr-set" in listing.stdout and "okrfile" in listing.stdout
    printed = cli("schema", "okr-set")
    schema = json.loads(printed.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["period", "team", "objectives"]


def test_schema_out_writes_and_protects(cli, tmp_path):
    out = tmp_path / "schemas"
    assert cli("schema", "--out", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f for f, _ in KINDS.values())
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = cli("schema", "--out", out)
    assert again.exit_code == 0 and "up to date" in again.output  # unchanged files: fine, and left alone
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    (out / "okr-set.schema.json").write_text("{}")
    refused = cli("schema", "--out", out)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert (out / "okr-set.schema.json").read_text() == "{}"
    assert cli("schema", "--out", out, "--force").exit_code == 0
    assert json.loads((out / "okr-set.schema.json").read_text())["title"].startswith("okrs/")


def _check_jsonschema() -> str:
    found = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    assert Path(found).exists(), "check-jsonschema is a test dependency: pip install -e '.[test]'"
    return found


def test_examples_validate_against_the_schemas_with_check_jsonschema(cli, acme, tmp_path):
    cli("schema", "--out", tmp_path)
    tool = _check_jsonschema()
    sets = sorted(str(p) for p in (acme / "okrs").rglob("*.yaml"))
    maps = sorted(str(p) for p in (acme / "maps").glob("*.yaml"))
    assert len(sets) >= 8 and maps
    for schema, files in (
        ("okr-set.schema.json", sets),
        ("okrfile.schema.json", [str(acme / "okrfile.yaml")]),
        ("impact-map.schema.json", maps),
    ):
        result = subprocess.run([tool, "--schemafile", str(tmp_path / schema), *files], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def _schema_errors(schema: Path, path: Path) -> list[str]:
    """Where check-jsonschema finds `path` against `schema` wrong: the JSON path of each error
    (the innermost, under an anyOf such as a field's `or null`); [] when it passes."""
    result = subprocess.run(
        [_check_jsonschema(), "--output-format", "json", "--schemafile", str(schema), str(path)], capture_output=True, text=True
    )
    report = json.loads(result.stdout)
    assert result.returncode == (1 if report["errors"] else 0) and not report.get("parse_errors"), result.stdout + result.stderr
    return [error.get("best_deep_match", error)["path"] for error in report["errors"]]


KR = "$.objectives[0].key_results[0]"


@pytest.mark.parametrize(
    "snippet, code, where",
    [
        ("tagret: 12", "E200", KR),  # unknown key
        ("type: stay_sideways", "E203", KR + ".type"),  # bad enum
        ("weight: 0", "E207", KR + ".weight"),  # out of range
        ("done: true", "E208", KR),  # a metric's done
        # numbers beyond okrfile's limit (1e15 either way), and YAML's .inf and .nan, which
        # a YAML reader (check-jsonschema, an editor's language server) takes for numbers
        ("target: 1e16", "E207", KR + ".target"),
        ("start: -1e16", "E207", KR + ".start"),
        ("current: 1000000000000001", "E207", KR + ".current"),
        ("current: 1e400", "E207", KR + ".current"),
        ("weight: 1e16", "E207", KR + ".weight"),
        ("target: .inf", "E202", KR + ".target"),
        ("start: -.Inf", "E202", KR + ".start"),
        ("target: .nan", "E202", KR + ".target"),
        ("current: .NaN", "E202", KR + ".current"),
    ],
)
def test_schema_rejects_what_validate_rejects(cli, make_ws, tmp_path, snippet, code, where):
    from tests.conftest import COMPANY

    key = snippet.split(":")[0]
    line = next((line for line in COMPANY.splitlines() if line.strip().startswith(f"{key}:")), None)
    # a key the key result has already gets the new value; another is added after current:
    text = COMPANY.replace(line, f"        {snippet}") if line else COMPANY.replace("        current: 50\n", f"        current: 50\n        {snippet}\n")
    root = make_ws({"okrs/2026-Q4/company.yaml": text})
    found = json.loads(cli("validate", "-w", root, "--format", "json").stdout)["diagnostics"]
    assert [(d["path"], d["line"], d["code"]) for d in found] == [("okrs/2026-Q4/company.yaml", text.splitlines().index(f"        {snippet}") + 1, code)]
    cli("schema", "--out", tmp_path / "s")
    assert _schema_errors(tmp_path / "s" / "okr-set.schema.json", root / "okrs/2026-Q4/company.yaml") == [where], snippet


def test_schema_takes_the_numbers_validate_takes(cli, make_ws, tmp_path):
    """The schema is no stricter than okrfile: its limit, 1e15 either way, is okrfile's."""
    from tests.conftest import COMPANY

    text = COMPANY.replace("start: 0", "start: -1e15").replace("target: 100", "target: 1000000000000000").replace("current: 50", "current: -2.5")
    text = text.replace("        current: -2.5\n", "        current: -2.5\n        weight: 1e15\n")
    root = make_ws({"okrs/2026-Q4/company.yaml": text})
    assert json.loads(cli("validate", "-w", root, "--format", "json").stdout)["diagnostics"] == []
    cli("schema", "--out", tmp_path / "s")
    assert _schema_errors(tmp_path / "s" / "okr-set.schema.json", root / "okrs/2026-Q4/company.yaml") == []


@pytest.mark.parametrize(
    "old, new, code, where",
    [
        ("okrfile: 1", "okrfile: 2", "E206", "$.okrfile"),
        ("org: Test Org", "org: Test Org\nscoring: {green: .nan}", "E202", "$.scoring.green"),
    ],
)
def test_schema_rejects_settings_validate_rejects(cli, make_ws, tmp_path, old, new, code, where):
    from tests.conftest import CONFIG

    root = make_ws({"okrfile.yaml": CONFIG.replace(old, new)})
    found = json.loads(cli("validate", "-w", root, "--format", "json").stdout)["diagnostics"]
    assert [(d["path"], d["code"]) for d in found] == [("okrfile.yaml", code)]
    cli("schema", "--out", tmp_path / "s")
    assert _schema_errors(tmp_path / "s" / "okrfile.schema.json", root / "okrfile.yaml") == [where]


def test_written_files_get_the_umask_mode_and_fmt_keeps_a_files_mode(cli, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        target = tmp_path / "ws"
        assert cli("init", target, "--team", "core", "--period", "2026-Q4").exit_code == 0
        written = [p for p in target.rglob("*") if p.is_file()]
        assert written and {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}
        okr_set = target / "okrs" / "2026-Q4" / "core.yaml"
        messy = okr_set.read_text().replace("title:", "title:  ", 1)
        okr_set.write_text(messy)
        okr_set.chmod(0o640)
        assert cli("fmt", "-w", target).exit_code == 0
        assert okr_set.read_text() != messy  # rewritten, and
        assert stat.S_IMODE(okr_set.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_the_hooks_take_the_workspaces_files_only(cli, tmp_path):
    """A workspace in a subfolder of a repository: its hooks match its own files, named from
    the repository's root as pre-commit names them, not an `okrs/` folder elsewhere."""
    import re

    from ruamel.yaml import YAML

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert cli("init", tmp_path / "team okrs", "--lead", "ana").exit_code == 0
    hooks = YAML(typ="safe").load((tmp_path / "team okrs/.pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "okrfile validate --all -w 'team okrs'" and hooks[0]["always_run"]  # run from the repository's root
    for hook in hooks:
        assert re.search(hook["files"], "team okrs/okrs/2026-Q4/core.yaml")
        assert not re.search(hook["files"], "docs/okrs/notes.yaml")
        assert not re.search(hook["files"], "okrs/2026-Q4/core.yaml")
