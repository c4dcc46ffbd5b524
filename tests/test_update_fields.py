"""What a key result's block holds: misspelt fields (E416), a key result line outside an
`### OKR:` heading (E417), and a Status kept when the block gives no valid Current; bold
and dashless field lines, a `- Target:` line (L014), a key result line under Wins."""

import json

import pytest

from tests.conftest import COMPANY
from tests.test_updates import C, P, PLATFORM, U, found, status_kr, update

HEADING = "### OKR: O1 Async check-ins\n"  # line 6 of update(body=…); the body's lines follow from 7


@pytest.fixture
def ws(make_ws):
    """test_updates.py's workspace: company/O1, and platform/O1 with KR1 (40 h), KR2 (a milestone), KR3."""
    return lambda updates: make_ws({C: COMPANY, P: PLATFORM, **updates})


def problems(cli, root):
    return [d for d in found(cli, root) if d[0] == U]


def messages(cli, root, code):
    diagnostics = json.loads(cli("validate", "-w", root, "--format", "json").stdout)["diagnostics"]
    return [d["message"] for d in diagnostics if d["code"] == code]


def test_a_misspelt_current_or_status_is_an_error_not_a_lost_value(ws, cli):
    root = ws({U: update(body=HEADING + "**KR1: Latency**\n- Curent: 30\n- Staus: Red\n")})
    # one error per slip, at the word; not E412 as well (the block's Current and Status are there, misspelt)
    assert problems(cli, root) == [(U, 8, 3, "E416"), (U, 9, 3, "E416")]
    assert [m.rpartition("; ")[2] for m in messages(cli, root, "E416")] == ["did you mean `Current`?", "did you mean `Status`?"]
    latency = status_kr(cli, root, "platform/O1/KR1")
    assert (latency["current"], latency["last_checkin"]) == (40, None)  # nothing was taken from it: the OKR file's


@pytest.mark.parametrize(
    "line, meant",
    [
        ("- CURENT: 30", "Current"),  # case is no slip: only the missing letter is
        ("- Stauts: Green", "Status"),  # a swapped pair is one slip
        ("- Blocker: Legal review", "Blockers"),
        ("- Plans: Roll it out.", "Plan"),
        ("* Progres: Log adopted.", "Progress"),
    ],
)
def test_each_field_has_its_slips(ws, cli, line, meant):
    root = ws({U: update(body=HEADING + "**KR1: Latency**\n- Current: 30 / Target: 12\n- Status: Yellow\n" + line + "\n")})
    assert problems(cli, root) == [(U, 10, 3, "E416")]
    assert messages(cli, root, "E416")[0].endswith(f"did you mean `{meant}`?")


def test_notes_in_a_block_are_the_writers_own(ws, cli):
    """The format reads Current, Status, Progress, Plan, Blockers and Score from a block;
    any other bullet is a note, `- Word:` or not, unless its word is a slip of a field's."""
    body = (
        HEADING + "**KR1: Latency**\n- current: 30 / Target: 12\n- STATUS: Yellow\n- Decision: keep the log in the repo.\n"
        "- Next steps: ask support.\n- Risk: the vendor's API.\n- Adopted by two teams.\n"
    )
    root = ws({U: update(body=body)})
    assert problems(cli, root) == []
    latency = status_kr(cli, root, "platform/O1/KR1")
    assert (latency["current"], latency["reported_status"]) == (30, "yellow")


@pytest.mark.parametrize(
    "line",
    ["- Scope: EU only", "- Process: weekly reviews now", "- Blocked: no", "- Stats: 3 dashboards", "- Currency: EUR",
     "- Store: the app store", "- Plant: Berlin", "- State: paused"],
)
def test_a_word_of_its_own_near_a_field_is_a_note(ws, cli, line):
    """Ordinary words one or two slips from a field (Scope: Score, Stats: Status) are notes:
    an E416 for them would block the pre-commit hook on plain English."""
    root = ws({U: update(body=HEADING + "**KR1: Latency**\n- Current: 30 / Target: 12\n- Status: Yellow\n" + line + "\n- Curent: 31\n")})
    assert problems(cli, root) == [(U, 11, 3, "E416")]  # only the slip below it, `Curent`


@pytest.mark.parametrize(
    "line, meant",
    [("- Curent: 30", "Current"), ("- Staus: Red", "Status"), ("- Currnet: 30", "Current"), ("- Blocker: Legal", "Blockers"),
     ("- Progres: Log adopted.", "Progress"), ("- Plna: Roll it out.", "Plan")],
)
def test_one_slip_from_a_field_is_e416(ws, cli, line, meant):
    """One letter added, dropped or changed, or two neighbours swapped; two slips (Process
    for Progress) is a word of its own."""
    root = ws({U: update(body=HEADING + "**KR1: Latency**\n- Current: 30 / Target: 12\n- Status: Yellow\n- Progress: ok\n" + line + "\n")})
    assert problems(cli, root) == [(U, 11, 3, "E416")]
    assert messages(cli, root, "E416")[0].endswith(f"did you mean `{meant}`?")


def test_a_key_result_line_before_any_okr_heading(ws, cli):
    body = "**KR1: Latency**\n- Current: 30 / Target: 12\n- Status: Green\n" + HEADING + "**KR2: Digest**\n- Current: done\n"
    root = ws({U: update(body=body)})
    # one error, at the key result line: not E405 (no heading names a wrong objective) nor E415 for its fields
    assert problems(cli, root) == [(U, 6, 1, "E417")]
    assert status_kr(cli, root, "platform/O1/KR1")["last_checkin"] is None  # whose KR1 it is, is unknown
    assert status_kr(cli, root, "platform/O1/KR2")["done"] is True


def test_a_key_result_line_under_another_heading_and_its_fields_own_errors(ws, cli):
    body = HEADING + "**KR2: Digest**\n- Current: done\n### Notes\n**KR1: Latency**\n- Current: 30\n- Status: Amber\n- Curent: 31\n"
    root = ws({U: update(body=body)})
    # the fields under it are read for their own mistakes, and are not orphans
    assert problems(cli, root) == [(U, 10, 1, "E417"), (U, 12, 11, "E408"), (U, 13, 3, "E416")]


def test_a_field_under_no_key_result_line_is_still_an_orphan(ws, cli):
    root = ws({U: update(body=HEADING + "- Current: 30\n- Curent: 31\n")})
    assert problems(cli, root) == [(U, 7, 1, "E415")]  # a slip is only judged in a block: no field is read here




def test_a_status_without_a_value_is_a_report(ws):
    """The core keeps the Status of a block with no Current, or a Current in error, as a report
    of its week; the value comes from the latest check-in that has one."""
    from okrfile.check import check_workspace
    from okrfile.checkins import latest_by_ref, reports_by_ref

    body = HEADING + "**KR1: Latency**\n- Current: about 30\n- Status: Red\n**KR2: Digest**\n- Status: Red\n- Blockers: Legal review.\n"
    root = ws({"updates/2026-W45/bob.md": update(week="2026-W45"), U: update(body=body)})
    assert problems_of(check_workspace(root)) == [(U, 8, 12, "E407")]
    checkins = check_workspace(root).workspace.checkins
    reports = reports_by_ref(checkins, "2026-Q4")
    assert [(c.week, c.value, c.status) for c in reports["platform/O1/KR1"]] == [("2026-W45", 30, "yellow"), ("2026-W46", None, "red")]
    assert [(c.week, c.value, c.status) for c in reports["platform/O1/KR2"]] == [("2026-W45", False, "green"), ("2026-W46", None, "red")]
    values = latest_by_ref(checkins, "2026-Q4")
    assert [c.week for c in values["platform/O1/KR1"]] == ["2026-W45"]


def problems_of(result):
    return [(d.path, d.line, d.col, d.code) for d in result.diagnostics if d.path == U]


def test_status_shows_a_status_given_without_a_valid_current(ws, cli):
    body = HEADING + "**KR1: Latency**\n- Current: about 30\n- Status: Red\n**KR2: Digest**\n- Status: Red\n- Blockers: Legal review.\n"
    root = ws({"updates/2026-W45/bob.md": update(week="2026-W45"), U: update(body=body)})
    latency = status_kr(cli, root, "platform/O1/KR1")
    # the value is W45's (W46's Current was in error), the reported status W46's
    assert (latency["current"], latency["last_checkin"], latency["reported_status"]) == (30, "2026-W45", "red")
    digest_ = status_kr(cli, root, "platform/O1/KR2")
    assert (digest_["done"], digest_["reported_status"]) == (False, "red")


def test_the_digest_shows_a_status_change_given_without_a_valid_current(ws, cli):
    body = HEADING + "**KR1: Latency**\n- Current: about 30\n- Status: Red\n**KR2: Digest**\n- Status: Red\n- Blockers: Legal review.\n"
    root = ws({"updates/2026-W45/bob.md": update(week="2026-W45"), U: update(body=body)})
    digest = json.loads(cli("digest", "-w", root, "--week", "2026-W46", "--format", "json").stdout)
    platform = next(t for t in digest["teams"] if t["team"] == "platform")
    changes = [(c["ref"], c["before"], c["after"]) for c in platform["status_changes"]]
    assert changes == [("platform/O1/KR1", "yellow", "red"), ("platform/O1/KR2", "green", "red")]
    assert [b["text"] for b in platform["blockers"]] == ["Legal review."]


def test_a_status_alone_is_no_empty_block(ws, cli):
    root = ws({U: update(body=HEADING + "**KR2: Digest**\n- Status: Red\n- Blockers: Legal review.\n")})
    assert problems(cli, root) == []



def test_a_current_beyond_what_okrfile_takes_is_an_error_not_a_crash(ws, cli):
    huge = "9" * 5000  # past Python's 4300-digit conversion limit too
    body = HEADING + f"**KR1: Latency**\n- Current: {huge}\n**KR3: Other**\n- Current: 1e3\n"
    root = ws({U: update(body=body.replace("- Current: 1e3\n", f"- Current: {'1' * 20}.5\n"))})
    assert problems(cli, root) == [(U, 8, 12, "E207"), (U, 10, 12, "E207")]
    result = cli("status", "-w", root, "--format", "json")
    assert "Traceback" not in result.output and "Infinity" not in result.output


def digest_of(cli, root, week="2026-W46"):
    digest = json.loads(cli("digest", "-w", root, "--week", week, "--format", "json").stdout)
    return next(t for t in digest["teams"] if t["team"] == "platform")


@pytest.mark.parametrize(
    "current, status",
    [("- **Current:** 30", "- **Status:** Red"), ("- **Current**: 30", "- __Status__: Red"), ("- **Current: 30**", "**Status: Red**")],
)
def test_a_bold_label_is_the_field(ws, cli, current, status):
    root = ws({U: update(body=HEADING + f"**KR1: Latency**\n{current}\n{status}\n")})
    assert problems(cli, root) == []
    latency = status_kr(cli, root, "platform/O1/KR1")
    assert (latency["current"], latency["reported_status"], latency["last_checkin"]) == (30, "red", "2026-W46")


def test_a_bold_labels_value_and_slip_have_their_columns(ws, cli):
    root = ws({U: update(body=HEADING + "**KR1: Latency**\n- **Current:** about 30\n- **Staus:** Red\n")})
    # the value after the bold label; the slip at its word, inside the bold
    assert problems(cli, root) == [(U, 8, 16, "E407"), (U, 9, 5, "E416")]


def test_a_field_line_without_its_dash_in_a_block_is_the_field(ws, cli):
    body = "Status: on leave on Friday.\n" + HEADING + "**KR1: Latency**\nCurrent: 30\n**Status:** Red\nPlan: Roll it out.\n"
    root = ws({U: update(body=body)})
    # the first line, under the update's title and in no block, is prose: no field, no orphan
    assert problems(cli, root) == []
    latency = status_kr(cli, root, "platform/O1/KR1")
    assert (latency["current"], latency["reported_status"]) == (30, "red")


def test_a_dashless_field_line_has_the_errors_of_a_field_line(ws, cli):
    body = HEADING + "Current: 29\n**KR1: Latency**\nCurrent: about 30\nStaus: Red\n"
    root = ws({U: update(body=body)})
    # under an `### OKR:` heading but no key result line it is an orphan, as with its dash
    assert problems(cli, root) == [(U, 7, 1, "E415"), (U, 9, 10, "E407"), (U, 10, 1, "E416")]


def test_a_target_line_of_its_own_is_the_blocks_target(ws, cli):
    root = ws({U: update(body=HEADING + "**KR1: Latency**\n- Current: 30\n- Target: 12 h\n- Status: Yellow\n")})
    assert problems(cli, root) == []  # KR1's target is 12 h: the line agrees with it
    assert status_kr(cli, root, "platform/O1/KR1")["current"] == 30


def test_a_target_that_is_not_the_key_results_is_a_warning(ws, cli):
    body = (
        HEADING + "**KR1: Latency**\n- Current: 30\n- Target: 15\n- Status: Yellow\n"
        "**KR2: Digest**\n- Current: not done / Target: not done\n**KR3: Page load**\n- Current: 1.2 / Target: 1.5 s\n"
    )
    root = ws({U: update(body=body)})
    # KR2's target is done; KR3's threshold is 1.5 (no unit declared, so `1.5 s` is not it)
    assert problems(cli, root) == [(U, 9, 11, "L014"), (U, 12, 31, "L014"), (U, 14, 26, "L014")]
    assert messages(cli, root, "L014")[0].startswith("Target `15` is not KR1's target, 12 h:")
    latency = status_kr(cli, root, "platform/O1/KR1")
    assert (latency["current"], latency["target"]) == (30, 12)  # the value counts; the target is the OKR file's


def test_only_the_latest_target_given_is_judged(ws, cli):
    """A target an older update gave, before the OKR file's moved, is a record of its week."""
    old = update(week="2026-W45", body=HEADING + "**KR1: Latency**\n- Current: 35 / Target: 15\n")
    root = ws({"updates/2026-W45/bob.md": old, U: update(body=HEADING + "**KR1: Latency**\n- Current: 30 / Target: 12\n")})
    assert [d for d in found(cli, root) if d[3] == "L014"] == []
    root = ws({U: update(body=HEADING + "**KR1: Latency**\n- Current: 30\n")})  # this week gives none
    assert [d for d in found(cli, root) if d[3] == "L014"] == [("updates/2026-W45/bob.md", 8, 25, "L014")]


def test_a_target_twice_in_a_block(ws, cli):
    root = ws({U: update(body=HEADING + "**KR1: Latency**\n- Current: 30 / Target: 12\n- Target: 15\n")})
    assert problems(cli, root) == [(U, 9, 11, "E110")]  # the first is kept, and agrees


def test_a_key_result_line_under_wins_or_help_needed(ws, cli):
    body = (
        HEADING + "**KR2: Digest**\n- Current: done\n### Wins\n- First async week.\n"
        "**KR1: Latency**\n- **Current:** 30\n- Status: Amber\n"
        "### Help Needed\n**Reviewers**\n- A reviewer.\n**KR3: Page load**\nCurrent: 1.2\n"
    )
    root = ws({U: update(body=body)})
    # once, at each key result line; the fields under it read for their own errors
    assert problems(cli, root) == [(U, 11, 1, "E417"), (U, 13, 11, "E408"), (U, 17, 1, "E417")]
    assert status_kr(cli, root, "platform/O1/KR1")["last_checkin"] is None  # whose KR1 it is, is unknown
    platform = digest_of(cli, root)
    # the fields are no wins; a bold line with no field under it is the writer's emphasis
    assert [w["text"] for w in platform["wins"]] == ["First async week."]
    assert [h["text"] for h in platform["help_needed"]] == ["A reviewer."]


def test_a_bold_line_under_wins_followed_by_a_win_is_emphasis(ws, cli):
    """`**Big week**` over wins is the wins' emphasis: a `- Plans: more` further down is a win,
    not a field of a key result named Big; a field line right under a bold line is still E417."""
    body = (
        HEADING + "**KR2: Digest**\n- Current: done\n### Wins\n**Big week**\n- Shipped the bot\n- Celebrated\n- Plans: more\n"
        "### Help Needed\n**Reviewers**\n\nWe are short.\n- Status: a reviewer\n**KR3: Page load**\n\n- Current: 1.2\n"
    )
    root = ws({U: update(body=body)})
    assert problems(cli, root) == [(U, 19, 1, "E417")]  # KR3's line only: nothing for `**Big week**` (line 10)
    platform = digest_of(cli, root)
    assert [w["text"] for w in platform["wins"]] == ["Shipped the bot", "Celebrated", "Plans: more"]
    assert [h["text"] for h in platform["help_needed"]] == ["Status: a reviewer"]


def test_the_targets_okrfile_checkin_writes_agree(ws, cli):
    """checkin writes a target with every digit (1500000): no L014 for its own draft; nor
    for a draft written when it wrote them as `{:g}` does (1.5e+06)."""
    big = PLATFORM.replace("start: 48, target: 12, current: 40, unit: h", "start: 1000000, target: 1500000, current: 1200000")
    root = ws({P: big})
    assert cli("checkin", "-w", root, "--person", "bob", "--week", "2026-W46").exit_code == 0
    assert "- Current: 1200000 / Target: 1500000" in (root / U).read_text()
    assert [d for d in found(cli, root) if d[3] == "L014"] == []
    (root / U).write_text((root / U).read_text().replace("Target: 1500000", "Target: 1.5e+06"))
    assert [d for d in found(cli, root) if d[3] == "L014"] == []


def test_a_rounded_target_is_not_the_key_results(ws, cli):
    """`{:g}`'s form of a target agrees only when it is the target exactly (1.5e+06): one
    rounded to six digits, written by hand or by an old checkin, is another target (L014)."""
    small = PLATFORM.replace("start: 48, target: 12, current: 40, unit: h", "start: 0, target: 0.1234567, current: 0.1")
    big = PLATFORM.replace("start: 48, target: 12, current: 40, unit: h", "start: 1000000, target: 1234567, current: 1200000")
    for okrs, target in ((small, "0.123457"), (big, "1.23457e+06"), (big, "1.2345670e6")):
        root = ws({P: okrs, U: update(body=HEADING + f"**KR1: Latency**\n- Current: 0.1\n- Target: {target}\n")})
        said = [d for d in found(cli, root) if d[3] == "L014"]
        assert said == ([] if target == "1.2345670e6" else [(U, 9, 11, "L014")]), target


def test_bold_prose_outside_the_okr_headings_is_no_key_result(ws, cli):
    """`**Context**` under `### Notes` (or above the first heading) is emphasis, not a key
    result's line, until a field line follows it."""
    body = HEADING + "**KR1: Latency**\n- Current: 30\n### Notes\n**Context**\nWe moved offices.\n**KR3: Page load**\n- Current: 1.2\n"
    root = ws({U: update(body=body)})
    assert problems(cli, root) == [(U, 12, 1, "E417")]  # KR3's line, a field under it; not `**Context**` (line 10)
    root = ws({U: update(body="**Summary**\nA calm week.\n" + HEADING + "**KR1: Latency**\n- Current: 30\n")})
    assert problems(cli, root) == []


def test_bold_prose_then_a_word_line_outside_the_okr_sections_is_prose(ws, cli):
    """`**Context**` then `Status: on leave` under `### Notes`, and `**Big week**` then
    `- Progress: shipped` under Wins: emphasis and prose, not a key result's block."""
    body = HEADING + "**KR1: Latency**\n- Current: 30\n### Notes\n**Context**\nStatus: on leave next week\n### Wins\n**Big week**\n- Progress: shipped the bot\n"
    root = ws({U: update(body=body)})
    assert problems(cli, root) == []
    digest = json.loads(cli("digest", "-w", root, "--week", "2026-W46", "--format", "json").stdout)
    assert "Progress: shipped the bot" in [w["text"] for t in digest["teams"] for w in t["wins"]]


def test_a_current_under_wins_with_no_key_result_line_is_no_win(ws, cli):
    body = HEADING + "**KR1: Latency**\n- Current: 30\n### Wins\n- Current: 25\n- Shipped the bot\n"
    root = ws({U: update(body=body)})
    assert problems(cli, root) == [(U, 10, 1, "E415")]
    digest = json.loads(cli("digest", "-w", root, "--week", "2026-W46", "--format", "json").stdout)
    assert [w["text"] for t in digest["teams"] for w in t["wins"] if w["person"] == "bob"] == ["Shipped the bot"]
