"""Golden diagnostics: a workspace with planted problems, each at its exact path:line:col."""

import json
import shutil
from pathlib import Path

import pytest

from okrfile.check import check_workspace

BROKEN = Path(__file__).parent / "data" / "broken"

EXPECTED = [
    ("okrfile.yaml", 4, 12, "E310"),  # 2026-H2 ends before it starts
    ("okrfile.yaml", 7, 36, "E302"),  # lead zoe is nobody
    ("okrfile.yaml", 8, 46, "E303"),  # parent marketing is no team
    ("okrfile.yaml", 9, 28, "E304"),  # ops -> infra -> ops
    ("okrfile.yaml", 13, 30, "E303"),  # alice's team platfrom
    ("okrfile.yaml", 15, 10, "E313"),  # green below yellow
    ("okrfile.yaml", 18, 12, "E312"),  # lint.ignore names L999
    ("okrs/2026-Q3/company.yaml", 1, 1, "E106"),  # a folder
    ("okrs/2026-Q3/growth.yaml", 3, 33, "E100"),  # latin-1 é
    ("okrs/2026-Q3/infra.yaml", 3, 1, "E108"),  # conflict markers
    ("okrs/2026-Q3/infra.yaml", 5, 1, "E108"),
    ("okrs/2026-Q3/infra.yaml", 7, 1, "E108"),
    ("okrs/2026-Q3/nobody.yaml", 1, 9, "E307"),  # period 2099-X9 in folder 2026-Q3
    ("okrs/2026-Q3/nobody.yaml", 1, 9, "E309"),  # and no such period
    ("okrs/2026-Q3/nobody.yaml", 2, 7, "E303"),  # team nobody
    ("okrs/2026-Q3/nobody.yaml", 4, 5, "L004"),  # no owner
    ("okrs/2026-Q3/ops.yaml", 4, 1, "E107"),  # tab indentation
    ("okrs/2026-Q3/platform.yaml", 1, 1, "E102"),  # empty
    ("okrs/2026-Q4/company.yaml", 9, 49, "E308"),  # start == target
    ("okrs/2026-Q4/company.yaml", 10, 64, "E207"),  # weight 0
    ("okrs/2026-Q4/company.yaml", 11, 5, "L004"),  # O2 has no owner; O3's is silenced inline
    # L001 (5 objectives) is silenced by the comment on the line above O4
    ("okrs/2026-Q4/company.yaml", 29, 9, "L002"),  # O4 has 6 key results
    ("okrs/2026-Q4/company.yaml", 34, 7, "L003"),  # O5 all milestones
    ("okrs/2026-Q4/growth.yaml", 3, 1, "E110"),  # team: twice
    ("okrs/2026-Q4/growth.yaml", 8, 16, "E301"),  # aligns_to company/O7
    ("okrs/2026-Q4/platform.yaml", 1, 9, "E307"),
    ("okrs/2026-Q4/platform.yaml", 7, 11, "E203"),  # kind: bold
    # aligns_to company/O9 is not judged: 2026-Q3's company.yaml failed to load
    ("okrs/2026-Q4/platform.yaml", 10, 9, "E201"),  # metric without target
    ("okrs/2026-Q4/platform.yaml", 13, 9, "E200"),  # tagret
    ("okrs/2026-Q4/platform.yaml", 14, 13, "E300"),  # KR1 twice
    ("okrs/2026-Q4/platform.yaml", 15, 16, "E202"),  # title: 12
    ("okrs/2026-Q4/platform.yaml", 17, 15, "E202"),  # done: maybe
    ("okrs/2026-Q4/platform.yaml", 18, 20, "E208"),  # threshold on a milestone
    ("okrs/2026-Q4/platform.yaml", 19, 9, "E201"),  # stay_below without threshold
    ("okrs/2026-Q4/platform.yaml", 26, 14, "E205"),  # 2026-02-30
    ("okrs/2026-Q4/platform.yaml", 27, 20, "E305"),  # supports [KR7]: at the item
    ("okrs/2026-Q4/platform.yaml", 28, 9, "E300"),  # O1 twice
    ("okrs/2026-Q4/platform.yaml", 30, 12, "L006"),  # owner ghost
    ("okrs/2026-Q4/platform.yaml", 32, 7, "L003"),
    ("okrs/stray.yaml", 1, 1, "E311"),  # not okrs/<period>/<team>.yaml
]


@pytest.fixture
def broken(tmp_path) -> Path:
    root = tmp_path / "broken"
    shutil.copytree(BROKEN, root)
    (root / "okrs" / "2026-Q3" / "company.yaml").mkdir()  # git keeps no empty folder
    return root


def test_every_planted_problem_at_its_place(broken):
    result = check_workspace(broken)
    assert [(d.path, d.line, d.col, d.code) for d in result.diagnostics] == EXPECTED


def test_severities_and_counts(broken):
    result = check_workspace(broken)
    assert {d.code for d in result.diagnostics if d.severity == "warning"} == {"L002", "L003", "L004", "L006"}
    assert result.warnings == 6
    assert result.errors == len(EXPECTED) - 6


def test_cli_json_matches_and_exits_1(broken, cli):
    result = cli("validate", "-w", broken, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [(d["path"], d["line"], d["col"], d["code"]) for d in document["diagnostics"]] == EXPECTED
    assert document["errors"] + document["warnings"] == len(EXPECTED)
    assert set(document["diagnostics"][0]) == {"path", "line", "col", "code", "severity", "message"}


def test_cli_text_lines(broken, cli):
    result = cli("validate", "-w", broken)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line]
    assert [tuple(line.split(" ", 2)[:2]) for line in lines] == [(f"{p}:{ln}:{c}:", code) for p, ln, c, code in EXPECTED]


def test_paths_narrow_the_report(broken, cli):
    result = cli("validate", "-w", broken, broken / "okrs" / "2026-Q4" / "growth.yaml", "--format", "json")
    codes = [(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert codes == [("okrs/2026-Q4/growth.yaml", "E110"), ("okrs/2026-Q4/growth.yaml", "E301")]
    assert result.exit_code == 1
    folder = cli("validate", "-w", broken, broken / "okrs" / "2026-Q3", "--format", "json")
    paths = {d["path"] for d in json.loads(folder.stdout)["diagnostics"]}
    assert paths and all(p.startswith("okrs/2026-Q3/") for p in paths)
