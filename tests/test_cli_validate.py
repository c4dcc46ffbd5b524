import json
import os

import pytest

from okrfile.diagnostics import Diagnostic, to_github
from tests.conftest import COMPANY, run_okrfile

C = "okrs/2026-Q4/company.yaml"
BAD_KEY = COMPANY.replace("        current: 50\n", "        current: 50\n        tagret: 3\n")
NO_OWNER = COMPANY.replace("    owner: dana\n", "")


def test_clean_workspace_exits_0(cli, acme):
    result = cli("validate", "-w", acme)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_found_from_a_subfolder(make_ws):
    """Paths are shown relative to where you stand, so you can open them."""
    root = make_ws({C: BAD_KEY, "okrs/2026-Q4/platform.yaml": "team: [\n"})
    result = run_okrfile("validate", cwd=root / "okrs" / "2026-Q4")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("company.yaml:13:9: E200 ")
    root_level = run_okrfile("validate", "-w", root, "--format", "json", cwd=root / "okrs")
    assert json.loads(root_level.stdout)["diagnostics"][0]["path"] == C  # JSON: relative to the workspace


def test_path_argument_finds_its_workspace(make_ws, tmp_path):
    root = make_ws({C: BAD_KEY})
    result = run_okrfile("validate", root / C, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(f"ws/{C}:13:9: E200 ")


def test_warnings_exit_0_unless_strict(make_ws, cli):
    root = make_ws({C: NO_OWNER})
    assert cli("validate", "-w", root).exit_code == 0
    assert cli("validate", "-w", root, "--strict").exit_code == 1


def test_strict_from_config(make_ws, cli):
    from tests.conftest import CONFIG

    root = make_ws({C: NO_OWNER}, config=CONFIG + "lint:\n  strict: true\n")
    assert cli("validate", "-w", root).exit_code == 1


def test_json_contract(make_ws, cli):
    root = make_ws({C: BAD_KEY.replace("    owner: dana\n", "")})
    result = cli("validate", "-w", root, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["errors"] == 1 and document["warnings"] == 1
    assert [(d["path"], d["line"], d["col"], d["code"], d["severity"]) for d in document["diagnostics"]] == [
        (C, 4, 5, "L004", "warning"),
        (C, 12, 9, "E200", "error"),
    ]


def test_github_format(make_ws, cli):
    root = make_ws({C: BAD_KEY})
    result = cli("validate", "-w", root, "--format", "github")
    assert result.exit_code == 1
    line = result.stdout.strip()
    assert line.startswith(f"::error file={C},line=13,col=9,title=E200::E200 unknown key `tagret`")


def test_github_escaping():
    d = Diagnostic("a,b:c%.yaml", 3, 4, "E200", "error", "100% sure\r\nreally: yes, twice")
    assert to_github(d) == (
        "::error file=a%2Cb%3Ac%25.yaml,line=3,col=4,title=E200::E200 100%25 sure%0D%0Areally: yes, twice"
    )
    warning = Diagnostic("x.yaml", 1, 1, "L004", "warning", "m")
    assert to_github(warning).startswith("::warning file=x.yaml,")


def test_github_paths_are_relative_to_the_current_folder(make_ws):
    """Annotations need repo-relative paths; a workspace in a subfolder gets its prefix."""
    root = make_ws({C: BAD_KEY})
    result = run_okrfile("validate", "-w", "ws", "--format", "github", cwd=root.parent)
    assert result.stdout.startswith(f"::error file=ws/{C},line=13,col=9,")


def test_text_colour_follows_no_color(make_ws):
    import os

    root = make_ws({C: BAD_KEY})
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    coloured = run_okrfile("validate", "-w", root, env=env)
    assert "\x1b[" in coloured.stdout
    plain = run_okrfile("validate", "-w", root, env={**env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    assert plain.stdout.startswith(f"{C}:13:9: E200 ")


@pytest.mark.parametrize(
    "args, message",
    [
        (["validate", "-w", "{tmp}"], "holds no okrfile.yaml"),
        (["validate", "{tmp}/missing.yaml"], "no such file"),
        (["validate", "--format", "xml"], "xml"),
        (["status", "-w", "{acme}", "--today", "soon"], "not a date"),
        (["status", "-w", "{acme}", "--period", "1999-Q1"], "no OKR sets for period 1999-Q1"),
        (["status", "-w", "{acme}", "--team", "nobody", "--period", "2026-Q4"], "team nobody"),
        (["schema", "nope"], "unknown schema"),
        (["init", "{tmp}/x", "--team", "Not A Slug"], "not a slug"),
    ],
)
def test_usage_errors_exit_2(cli, tmp_path, acme, args, message):
    args = [a.format(tmp=tmp_path, acme=acme) for a in args]
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_no_workspace_anywhere(tmp_path):
    result = run_okrfile("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "okrfile init" in result.stderr
    assert "Traceback" not in result.stderr


def test_internal_error_is_not_a_traceback(make_ws, tmp_path):
    """A bug inside okrfile still reaches the user as one line and exit 2."""
    import os
    import sys

    root = make_ws({C: COMPANY})
    boom = tmp_path / "sitecustomize.py"
    boom.write_text(
        "import okrfile.check\n"
        "def broken(*a, **k):\n    raise RuntimeError('boom')\n"
        "okrfile.check.check_workspace = broken\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", "import okrfile.check, okrfile.cli; okrfile.cli.main()", "validate", "-w", str(root)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 2
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_symlinked_okr_set_whose_file_lives_elsewhere_is_the_workspaces(make_ws, cli, tmp_path):
    """Named by its link (okrs/…), it is in the workspace, as fmt and a bare validate have it."""
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY.replace("target: 100", "target: 100\n        bogus: 1")})
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((root / "okrs/2026-Q4/company.yaml").read_text())
    link = root / "okrs/2026-Q4/company.yaml"
    link.unlink()
    link.symlink_to(outside)
    result = cli("validate", "-w", root, link, "--format", "json")
    assert result.exit_code == 1, result.output
    assert [(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]] == [("okrs/2026-Q4/company.yaml", "E200")]


def test_github_annotations_name_files_from_the_repository_root(make_ws):
    """GitHub resolves `file=` against the repository's root, whatever folder the step ran in."""
    import subprocess

    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY.replace("team: company", "team: [company")})
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    shown = run_okrfile("validate", "--format", "github", cwd=root / "okrs").stdout
    assert "file=okrs/2026-Q4/company.yaml," in shown, shown


def test_the_hook_with_no_file_to_name_fails_only_on_errors_the_commit_makes(make_ws, cli):
    """A commit that only deletes files runs `validate --all` with no PATH: an error HEAD has
    too does not stop it; one the deletion makes (a reference to what it removed) does."""
    import subprocess

    platform = "period: 2026-Q4\nteam: platform\nobjectives:\n  - id: O1\n    title: Ship\n    owner: alice\n    aligns_to: company/O1\n    key_results:\n      - id: KR1\n        title: Deploys\n        start: 0\n        target: 10\n"
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY, "okrs/2026-Q4/platform.yaml": platform, "okrs/2026-Q4/broken.yaml": "team: [\n"})
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "okrs"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    assert cli("validate", "-w", root, "--all").exit_code == 0  # broken.yaml's error was committed before
    subprocess.run(["git", "rm", "-q", "okrs/2026-Q4/company.yaml"], cwd=root, env=env, check=True)
    result = cli("validate", "-w", root, "--all", "--format", "json")
    assert result.exit_code == 1 and "E301" in [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
