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
        (["--person", "bob", "--week", "2026-W99"], "not an ISO week: 2026 has 53 weeks"),
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


@pytest.mark.parametrize("answer, written", [("done", "done"), ("Not  Done", "not done"), ("y", "done"), ("no", "not done")])
def test_interactive_milestone_takes_done_and_not_done_as_the_file_has_them(cli, acme_copy, answer, written):
    # Carlos: O1 KR3 (stay above 99.9%), KR4 (stay below 3), O2 KR2 (a milestone, not done yet)
    answers = "\n".join(
        [
            "", "green", "Steady.", "More of it.", "",  # KR3: keep the last value
            "", "green", "Two closed.", "Close the last.", "",  # KR4
            "maybe", answer, "yellow", "Runbook drafted.", "Roll it out.", "",  # KR2: `maybe` is asked again
            "", "",  # no wins, no help needed
        ]
    ) + "\n"
    result = cli("checkin", "-w", acme_copy, "--person", "carlos", "--week", "2026-W48", "-i", input=answers)
    assert result.exit_code == 0, result.output
    assert "done or not done (y or n), please" in result.output and "Please enter Y or N" not in result.output
    text = (acme_copy / "updates/2026-W48/carlos.md").read_text()
    assert f"- Current: {written} / Target: done\n- Status: Yellow\n" in text


def test_interactive_says_a_stay_key_results_line_is_a_threshold(cli, acme_copy):
    answers = "\n".join(["", "green", "a", "b", "", "", "green", "c", "d", "", "", "yellow", "e", "f", "", "", ""]) + "\n"
    result = cli("checkin", "-w", acme_copy, "--person", "carlos", "--week", "2026-W48", "-i", input=answers)
    assert result.exit_code == 0, result.output
    assert "Current (last 99.93, threshold: stay above 99.9%)" in result.output
    assert "Current (last 1, threshold: stay below 3 incidents)" in result.output
    assert "target 99.9" not in result.output and "target 3" not in result.output


def test_interactive_with_no_wins_and_no_help_writes_no_item_and_validates_clean(cli, acme_copy):
    import json

    answers = "\n".join(["", "green", "a", "b", "", "", "green", "c", "d", "", "", "yellow", "e", "f", "", "", ""]) + "\n"
    result = cli("checkin", "-w", acme_copy, "--person", "carlos", "--week", "2026-W48", "-i", input=answers)
    assert result.exit_code == 0, result.output
    text = (acme_copy / "updates/2026-W48/carlos.md").read_text()
    assert text.endswith("- Blockers: None\n### Wins\n### Help Needed\n")  # no `- None`, no placeholder
    checked = cli("validate", "-w", acme_copy, "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert [d for d in json.loads(checked.stdout)["diagnostics"] if d["path"] == "updates/2026-W48/carlos.md"] == []
    # a win given is written as one; the plain draft keeps its placeholders to fill in
    (acme_copy / "updates/2026-W48/carlos.md").unlink()
    answers = answers[: -len("\n\n")] + "Runbook adopted by two teams\n\n\n"  # a win, then no more; no help
    assert cli("checkin", "-w", acme_copy, "--person", "carlos", "--week", "2026-W48", "-i", input=answers).exit_code == 0
    text = (acme_copy / "updates/2026-W48/carlos.md").read_text()
    assert text.endswith("### Wins\n- Runbook adopted by two teams\n### Help Needed\n")
    assert cli("checkin", "-w", acme_copy, "--person", "carlos", "--week", "2026-W49").exit_code == 0
    assert "### Wins\n- [A win worth sharing]\n" in (acme_copy / "updates/2026-W49/carlos.md").read_text()


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


def _init(cli, tmp_path):
    root = tmp_path / "c1"
    result = cli("init", root, "--org", "Acme", "--team", "platform", "--period", "2026-Q4", "--lead", "alice")
    assert result.exit_code == 0, result.output
    return root


def _said(result) -> str:
    """The output with rich's panel borders and line wrapping taken out."""
    return " ".join(result.output.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


def test_interactive_enter_where_there_is_nothing_to_keep_asks_again(cli, tmp_path):
    # a new workspace: KR1 (a metric in %) has no value and nobody gave it a status yet
    root = _init(cli, tmp_path)
    answers = "\n".join(
        [
            "", "55", "", "GREEN", "Two teams post on Mondays.", "Onboard support.", "",  # KR1: Enter at Current and at Status
            "", "", "yellow", "Drafted.", "Ship it.", "",  # KR2 (milestone): Enter keeps not done; Enter at Status again
            "", "",  # no wins, no help needed
        ]
    ) + "\n"
    result = cli("checkin", "-w", root, "--person", "alice", "--week", W, "-i", input=answers)
    assert result.exit_code == 0, result.output
    assert "a number, in %, please" in result.output and "Please select one of the available options" in result.output
    text = (root / f"updates/{W}/alice.md").read_text()
    assert "- Current: 55 / Target: 85\n- Status: Green\n" in text
    assert "- Current: not done / Target: done\n- Status: Yellow\n" in text
    assert cli("validate", "-w", root).exit_code == 0


def test_interactive_input_that_ends_early_writes_nothing(cli, tmp_path):
    root = _init(cli, tmp_path)
    for answers in ("55\n", "", "55\n\n"):  # Ctrl-D at Status, at once, after an empty Status
        result = cli("checkin", "-w", root, "--person", "alice", "--week", W, "-i", input=answers)
        assert isinstance(result.exception, SystemExit), result.exception  # no traceback
        assert result.exit_code == 1 and "nothing was written" in result.output
        assert not (root / "updates").exists()
    # the real command, stdin at its end
    real = subprocess.run(
        [sys.executable, "-m", "okrfile", "checkin", "-w", root, "--person", "alice", "--week", W, "-i"],
        input="55\n", capture_output=True, text=True, timeout=60,
    )
    assert real.returncode == 1 and "Traceback" not in real.stderr and "internal error" not in real.stderr
    assert not (root / "updates").exists()


@pytest.mark.parametrize(
    "template, where, problem",
    [
        ("{{ person.name }} {% for x in %}\n", "templates/update.md.j2:1:", "template syntax error"),
        ("---\n{{ nonexistent.attr }}\n", "templates/update.md.j2:2:", "'nonexistent' is undefined; this template is given draft"),
        ("{{ draft.name | nofilter }}\n", "templates/update.md.j2:1:", "No filter named 'nofilter'"),
        ("# {{ draft.name }}\n{% include 'missing.j2' %}\n", "templates/update.md.j2:2:", "no template 'missing.j2'"),
    ],
)
def test_a_mistake_in_the_workspaces_template_is_named_with_its_line(cli, tmp_path, template, where, problem):
    root = _init(cli, tmp_path)
    (root / "templates").mkdir()
    (root / "templates/update.md.j2").write_text(template)
    result = cli("checkin", "-w", root, "--person", "alice", "--week", W)
    assert isinstance(result.exception, SystemExit), result.exception  # a user's error, not a crash
    assert result.exit_code == 1, result.output
    assert where in _said(result) and problem in _said(result)
    assert not (root / "updates").exists()  # nothing written


def test_a_template_mistake_stops_interactive_checkin_before_any_question(cli, tmp_path):
    root = _init(cli, tmp_path)
    (root / "templates").mkdir()
    (root / "templates/update.md.j2").write_text("{{ person.name }} {% for x in %}\n")
    result = cli("checkin", "-w", root, "--person", "alice", "--week", W, "-i", input="55\n\n")
    assert result.exit_code == 1 and "templates/update.md.j2:1:" in result.output
    assert "Current" not in result.output and not (root / "updates").exists()  # nobody was asked anything


def test_a_template_mistake_through_the_real_command(cli, tmp_path):
    root = _init(cli, tmp_path)
    (root / "templates").mkdir()
    (root / "templates/update.md.j2").write_text("{{ person.name }} {% for x in %}\n")
    result = run_okrfile("checkin", "--person", "alice", "--week", W, cwd=root)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr and "templates/update.md.j2:1:" in result.stderr
    assert not (root / "updates").exists()


def test_a_week_its_year_does_not_have_is_named_as_such(cli, tmp_path):
    root = _init(cli, tmp_path)
    for command in ("checkin", "digest", "silence"):
        args = ("--person", "alice") if command == "checkin" else ()
        result = cli(command, "-w", root, *args, "--week", "2025-W53")
        assert result.exit_code == 2, (command, result.output)
        assert "2025 has 52 weeks" in _said(result), command
    # 2026 has 53: its last week exists, and falls in 2026-Q4 (its Thursday is 31 December)
    result = cli("checkin", "-w", root, "--person", "alice", "--week", "2026-W53")
    assert result.exit_code == 0, result.output
    assert (root / "updates/2026-W53/alice.md").is_file()


def test_bad_arguments_are_refused_before_the_workspaces_errors_are_noted(cli, tmp_path):
    root = _init(cli, tmp_path)
    assert cli("checkin", "-w", root, "--person", "alice", "--week", "2026-W46").exit_code == 0  # a draft: in error
    for args in (["--person", "alice", "--week", "2025-W53"], ["--person", "zed", "--week", W], ["--person", "alice", "--week", "2031-W05"]):
        result = cli("checkin", "-w", root, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "error(s) in" not in result.output, args
        assert not (root / f"updates/{W}").exists()


def test_the_draft_checkin_writes_or_replaces_is_not_counted_as_an_error(cli, tmp_path):
    root = _init(cli, tmp_path)
    first = cli("checkin", "-w", root, "--person", "alice", "--week", W)
    assert first.exit_code == 0 and "error(s) in" not in first.output
    replaced = cli("checkin", "-w", root, "--person", "alice", "--week", W, "--force")
    assert replaced.exit_code == 0 and "error(s) in" not in replaced.output  # the draft it replaces is no news
    # another week's draft is still noted, and only that one
    other = cli("checkin", "-w", root, "--person", "alice", "--week", "2026-W48")
    assert other.exit_code == 0 and "in 1 weekly update(s)" in _said(other)


@pytest.mark.parametrize("in_the_way", ["updates", f"updates/{W}"])
def test_a_file_where_the_weeks_folder_is_needed(cli, tmp_path, in_the_way):
    root = _init(cli, tmp_path)
    (root / in_the_way).parent.mkdir(parents=True, exist_ok=True)
    (root / in_the_way).write_text("not a folder\n")
    result = run_okrfile("checkin", "--person", "alice", "--week", W, cwd=root)
    assert result.returncode == 1, result.stderr
    assert f"{in_the_way}: is a file where a folder is needed" in result.stderr
    assert "File exists" not in result.stderr and "Traceback" not in result.stderr
    assert (root / in_the_way).read_text() == "not a folder\n"


def test_a_folder_where_the_update_file_is_needed(cli, tmp_path):
    root = _init(cli, tmp_path)
    (root / f"updates/{W}/alice.md").mkdir(parents=True)
    for force in ((), ("--force",)):
        result = cli("checkin", "-w", root, "--person", "alice", "--week", W, *force)
        assert result.exit_code == 1, result.output
        assert f"updates/{W}/alice.md: is a folder where the update file is needed" in _said(result)
    assert (root / f"updates/{W}/alice.md").is_dir()


def test_the_draft_keeps_every_digit_and_the_last_status_given_alone(cli, tmp_path):
    """A target of 1234567 is written as such (not 1.23457e+06, a changed value the format
    does not read); the last status is the one said last, also in a block without a Current."""
    root = _init(cli, tmp_path)
    okrs = root / "okrs/2026-Q4/platform.yaml"
    okrs.write_text(okrs.read_text().replace("target: 85", "target: 1234567", 1))
    head = "---\nperson: alice\nweek: {}\n---\n### OKR: O1 Make our weekly check-ins effortless\n**KR1: Raise on-time weekly updates**\n"
    (root / "updates/2026-W46").mkdir(parents=True)
    (root / "updates/2026-W46/alice.md").write_text(head.format("2026-W46") + "- Current: 50\n- Status: Green\n")
    (root / "updates/2026-W47").mkdir()
    (root / "updates/2026-W47/alice.md").write_text(head.format("2026-W47") + "- Status: Red\n- Blockers: the VPN\n")
    result = cli("checkin", "-w", root, "--person", "alice", "--week", "2026-W48")
    assert result.exit_code == 0, result.output
    text = (root / "updates/2026-W48/alice.md").read_text()
    assert "- Current: 50 / Target: 1234567" in text
    from okrfile.check import check_workspace
    from okrfile.checkin import build_draft

    draft = build_draft(check_workspace(root).workspace, "alice", "2026-W48")
    assert [(kr.current, kr.last_week, kr.last_status) for kr in draft.objectives[0].krs][0] == ("50", "2026-W46", "red")
