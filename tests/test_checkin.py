"""okrfile checkin: a pre-filled weekly update, never overwriting one."""

import os
import subprocess
import sys

import pytest

from okrfile.periods import week_of
from tests.conftest import run_okrfile

W = "2026-W47"


def test_prefilled_with_the_persons_key_results(cli, acme_copy):
    result = cli("checkin", "-w", acme_copy, "--person", "bob", "--week", "2026-W48")
    assert result.exit_code == 0, result.output
    text = (acme_copy / "updates/2026-W48/bob.md").read_text()
    lines = text.splitlines()
    assert lines[:4] == ["---", "person: bob", "week: 2026-W48", "---"]
    assert lines[4] == "## Bob Ito - Week 8 Update"
    headings = [line for line in lines if line.startswith("### ")]
    # his own team's objectives first, another team's with its team
    assert headings == [
        "### OKR: O1 Make async check-ins effortless for remote teams",
        "### OKR: O2 Keep the platform fast and boring",
        "### OKR: engineering/O2 Decide and deliver across time zones without waiting on each other",
        "### Wins",
        "### Help Needed",
    ]
    kr1 = lines.index("**KR1: Cut median decision latency from 48 h to 12 h**")
    assert lines[kr1 + 1] == "- Current: 30 / Target: 12"  # his W47 value
    assert "- Current: not done / Target: done" in lines
    assert "- Status: [Green/Yellow/Red]" in lines
    assert "wrote updates/2026-W48/bob.md (week 8 of 12 in 2026-Q4)" in result.output


def test_the_draft_validates_once_placeholders_are_filled(cli, acme_copy):
    assert cli("checkin", "-w", acme_copy, "--person", "hana", "--week", "2026-W48").exit_code == 0
    path = acme_copy / "updates/2026-W48/hana.md"
    result = cli("validate", "-w", acme_copy, "--format", "json")
    assert result.exit_code == 1
    import json

    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert codes == {"E409"}
    filled = path.read_text()
    for placeholder, text in (
        ("[Green/Yellow/Red]", "Green"),
        ("[What happened this week]", "Sharding v2 rolled out."),
        ("[Next steps]", "Watch the flaky rate."),
        ("[None, or what stands in the way]", "None"),
        ("[A win worth sharing]", "CI under ten minutes."),
        ("[What you need, and from whom]", "None"),
    ):
        filled = filled.replace(placeholder, text)
    path.write_text(filled)
    assert cli("validate", "-w", acme_copy).exit_code == 0


def test_never_overwrites(cli, acme_copy):
    path = acme_copy / f"updates/{W}/bob.md"
    before = path.read_text()
    result = cli("checkin", "-w", acme_copy, "--person", "bob", "--week", W)
    assert result.exit_code == 1 and "--force" in result.output
    assert path.read_text() == before
    forced = cli("checkin", "-w", acme_copy, "--person", "bob", "--week", W, "--force")
    assert forced.exit_code == 0 and path.read_text() != before


def test_person_from_git_email_and_this_week(acme_copy):
    subprocess.run(["git", "init", "-q"], cwd=acme_copy, check=True)
    subprocess.run(["git", "config", "user.email", "Hana@Acme.example"], cwd=acme_copy, check=True)
    result = run_okrfile("checkin", cwd=acme_copy)
    # this week may fall outside the example's periods on the day the suite runs
    import datetime as dt

    week = week_of(dt.date.today())
    if result.returncode == 0:
        assert (acme_copy / f"updates/{week}/hana.md").is_file()
    else:
        assert result.returncode in (1, 2) and ("no period" in result.stderr or "already exists" in result.stderr)
    other = "2026-W50" if week != "2026-W50" else "2026-W51"
    pinned = run_okrfile("checkin", "--week", other, cwd=acme_copy)
    assert pinned.returncode == 0, pinned.stderr
    assert (acme_copy / f"updates/{other}/hana.md").read_text().startswith("---\nperson: hana\n")


def test_unknown_email_asks_for_person(acme_copy):
    subprocess.run(["git", "init", "-q"], cwd=acme_copy, check=True)
    subprocess.run(["git", "config", "user.email", "stranger@example.com"], cwd=acme_copy, check=True)
    result = run_okrfile("checkin", "--week", "2026-W48", cwd=acme_copy)
    assert result.returncode == 2 and "--person" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--person", "zed", "--week", "2026-W48"], "not in okrfile.yaml people"),
        (["--person", "bob", "--week", "2026-W99"], "not an ISO week"),
        (["--person", "bob", "--week", "2031-W05"], "no period"),
    ],
)
def test_usage_errors(cli, acme_copy, args, message):
    result = cli("checkin", "-w", acme_copy, *args)
    assert result.exit_code == 2 and message in result.output


def test_workspace_template_overrides(cli, acme_copy):
    (acme_copy / "templates").mkdir()
    (acme_copy / "templates/update.md.j2").write_text(
        "---\nperson: {{ draft.person }}\nweek: {{ draft.week }}\n---\n# Our own format for {{ draft.name }}\n"
    )
    assert cli("checkin", "-w", acme_copy, "--person", "bob", "--week", "2026-W48").exit_code == 0
    assert (acme_copy / "updates/2026-W48/bob.md").read_text().endswith("# Our own format for Bob Ito\n")


def test_interactive_writes_a_complete_update(cli, acme_copy):
    answers = "\n".join(
        [
            "25", "yellow", "Latency down again.", "Roll out to support.", "None",  # KR1 metric
            "n", "yellow", "Security review booked.", "Ship it.", "Waiting on security review",  # KR2 milestone
            "", "green", "Steady.", "None", "None",  # KR3 stay_below: keep the last value
            "255", "green", "Fine.", "None", "None",  # O2 KR1
            "70", "green", "Up.", "More.", "None",  # engineering/O2 KR1
            "Digest drafted", "",  # wins
            "",  # help needed
        ]
    ) + "\n"
    result = cli("checkin", "-w", acme_copy, "--person", "bob", "--week", "2026-W48", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    text = (acme_copy / "updates/2026-W48/bob.md").read_text()
    assert "- Current: 25 / Target: 12\n- Status: Yellow\n- Progress: Latency down again." in text
    assert "- Blockers: Waiting on security review" in text
    assert "- Win" not in text and "- Digest drafted" in text
    assert "[" not in text  # no placeholder left
    assert cli("validate", "-w", acme_copy, "--format", "json").exit_code == 0


def test_edit_opens_the_editor(acme_copy, tmp_path):
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('<!-- edited -->\\n')\n")
    env = {**os.environ, "EDITOR": f"{sys.executable} {editor}"}
    env.pop("VISUAL", None)
    result = run_okrfile("checkin", "-w", acme_copy, "--person", "bob", "--week", "2026-W48", "--edit", env=env)
    assert result.returncode == 0, result.stderr
    assert (acme_copy / "updates/2026-W48/bob.md").read_text().endswith("<!-- edited -->\n")


def test_failing_editor_is_reported(acme_copy):
    env = {**os.environ, "EDITOR": "false"}
    env.pop("VISUAL", None)
    result = run_okrfile("checkin", "-w", acme_copy, "--person", "bob", "--week", "2026-W48", "--edit", env=env)
    assert result.returncode == 1 and "the editor exited with 1" in result.stderr
    assert (acme_copy / "updates/2026-W48/bob.md").is_file()  # the update is kept
