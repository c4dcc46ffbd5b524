"""What a key result's block holds: misspelt fields (E416), a key result line outside an
`### OKR:` heading (E417), and a Status kept when the block gives no valid Current."""

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
