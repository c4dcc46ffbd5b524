"""Weekly updates: read back with lines, validated, and their values in status."""

import json

import pytest

from tests.conftest import COMPANY, CONFIG, run_okrfile

C = "okrs/2026-Q4/company.yaml"
P = "okrs/2026-Q4/platform.yaml"
PLATFORM = """\
period: 2026-Q4
team: platform
objectives:
  - id: O1
    title: Async check-ins
    owner: alice
    aligns_to: company/O1
    key_results:
      - {id: KR1, title: Latency, start: 48, target: 12, current: 40, unit: h, owner: bob}
      - {id: KR2, title: Digest, type: milestone, done: false, owner: bob}
      - {id: KR3, title: Page load, type: stay_below, threshold: 1.5, current: 1.2, owner: bob}
"""


def update(person="bob", week="2026-W46", body=None):
    body = body if body is not None else (
        "### OKR: O1 Async check-ins\n"
        "**KR1: Latency**\n- Current: 30 / Target: 12\n- Status: Yellow\n- Progress: Log adopted.\n- Plan: More.\n- Blockers: None\n"
        "**KR2: Digest**\n- Current: not done / Target: done\n- Status: Green\n"
        "**KR3: Page load**\n- Current: 1.2 / Target: 1.5\n- Status: Green\n"
        "### Wins\n- First async week.\n### Help Needed\n- A reviewer.\n"
    )
    return f"---\nperson: {person}\nweek: {week}\n---\n## Bob Ito - Week 7 Update\n{body}"


@pytest.fixture
def ws(make_ws):
    def make(updates: dict[str, str | bytes], **okr_sets):
        files = {C: COMPANY, P: PLATFORM, **okr_sets, **updates}
        return make_ws(files)

    return make


def found(cli, root):
    result = cli("validate", "-w", root, "--format", "json")
    assert "Traceback" not in result.output
    return [(d["path"], d["line"], d["col"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]


def status_kr(cli, root, ref, today="2026-11-17"):
    report = json.loads(cli("status", "-w", root, "--today", today, "--format", "json").stdout)
    return next(k for t in report["teams"] for o in t["objectives"] for k in o["key_results"] if k["ref"] == ref)


U = "updates/2026-W46/bob.md"


def test_a_good_update_is_clean_and_its_values_count(ws, cli):
    root = ws({U: update()})
    assert found(cli, root) == [(P, 9, 67, "L007")]  # the OKR file still says 40 h; bob's update says 30
    latency = status_kr(cli, root, "platform/O1/KR1")
    assert (latency["current"], latency["reported_status"], latency["last_checkin"]) == (30, "yellow", "2026-W46")
    assert latency["progress"] == pytest.approx(0.5)
    assert status_kr(cli, root, "platform/O1/KR2")["done"] is False


def test_okr_file_value_is_the_fallback(ws, cli):
    root = ws({})
    latency = status_kr(cli, root, "platform/O1/KR1")
    assert (latency["current"], latency["reported_status"], latency["last_checkin"], latency["stale"]) == (40, None, None, False)


def test_latest_week_wins_and_later_weeks_wait_for_their_day(ws, cli):
    root = ws({U: update(), "updates/2026-W47/bob.md": update(week="2026-W47").replace("Current: 30", "Current: 21")})
    assert status_kr(cli, root, "platform/O1/KR1", today="2026-11-15")["current"] == 30  # a Sunday: W47 has not come yet
    assert status_kr(cli, root, "platform/O1/KR1", today="2026-11-23")["current"] == 21


def test_stale_after_two_missed_checkin_days(ws, cli):
    root = ws({U: update()})  # W46's check-in day is Monday 2026-11-09
    assert status_kr(cli, root, "platform/O1/KR1", today="2026-11-16")["stale"] is False
    assert status_kr(cli, root, "platform/O1/KR1", today="2026-11-23")["stale"] is False  # the 23rd is not over
    stale = status_kr(cli, root, "platform/O1/KR1", today="2026-11-24")
    assert (stale["stale"], stale["on_track"]) == (True, False)
    # a milestone not done goes stale like any other; one done stays done, however long ago
    assert status_kr(cli, root, "platform/O1/KR2", today="2026-12-20")["stale"] is True
    finished = ws({U: update().replace("Current: not done / Target: done", "Current: done / Target: done")})
    done = status_kr(cli, finished, "platform/O1/KR2", today="2026-12-20")
    assert (done["done"], done["stale"], done["on_track"]) == (True, False, True)


def test_stay_below_scores_the_share_of_checkins(ws, cli):
    root = ws({U: update(), "updates/2026-W47/bob.md": update(week="2026-W47").replace("Current: 1.2", "Current: 1.7")})
    page = status_kr(cli, root, "platform/O1/KR3", today="2026-11-23")
    assert (page["score"], page["on_track"]) == (0.5, False)


BROKEN = {
    "updates/2026-W46/alice.md": "no front matter\n",
    "updates/2026-W46/carol.md": update(person="carol"),
    "updates/2026-W46/dana.md": update(person="bob", week="2026-W45"),
    "updates/2026-W30/bob.md": update(week="2026-W30"),
    "updates/2026-W46/bob.md": update(
        body="### OKR: O9 Nothing\n**KR1: x**\n- Current: 1 / Target: 2\n"
        "### OKR: O1 Async check-ins\n"
        "**KR7: Ghost**\n- Current: 1 / Target: 2\n"
        "**KR1: Latency**\n- Current: thirty / Target: 12\n- Status: Amber\n- Progress: [What happened this week]\n"
        "**KR2: Digest**\n- Current: maybe / Target: done\n- Status: Green\n"
        "**KR1: Latency again**\n- Current: 30 / Target: 12\n"
        "**KR3: Page load**\n- Plan: nothing\n"
        "### Wins\n- [A win worth sharing]\n"
    ),
    "updates/stray.md": "---\nperson: bob\nweek: 2026-W46\n---\n",
    "updates/2026-W46/empty.md": b"",
    "updates/2026-W46/crlf.md": b"---\r\nperson: alice\r\nweek: 2026-W46\r\n---\r\n### Wins\r\n- It works.\r\n",
}


def test_golden_update_diagnostics(ws, cli):
    broken = dict(BROKEN)
    broken["updates/2026-W46/crlf.md"] = BROKEN["updates/2026-W46/crlf.md"].replace(b"alice", b"crlf")
    root = ws(broken)
    assert found(cli, root) == [
        ("updates/2026-W30/bob.md", 3, 7, "E404"),  # 2026-W30 holds no period with OKR sets
        ("updates/2026-W46/alice.md", 1, 1, "E400"),
        ("updates/2026-W46/bob.md", 6, 10, "E405"),  # O9
        ("updates/2026-W46/bob.md", 10, 1, "E406"),  # KR7
        ("updates/2026-W46/bob.md", 13, 12, "E407"),  # thirty
        ("updates/2026-W46/bob.md", 14, 11, "E408"),  # Amber
        ("updates/2026-W46/bob.md", 15, 13, "E409"),  # placeholder
        ("updates/2026-W46/bob.md", 17, 12, "E407"),  # maybe
        ("updates/2026-W46/bob.md", 19, 1, "E410"),  # KR1 twice
        ("updates/2026-W46/bob.md", 21, 1, "E412"),  # KR3 without values
        ("updates/2026-W46/bob.md", 24, 3, "E409"),  # win placeholder
        ("updates/2026-W46/carol.md", 2, 9, "E403"),  # carol is nobody (so whose O1 is unknowable)
        ("updates/2026-W46/crlf.md", 2, 9, "E403"),  # CRLF read fine; crlf is nobody either
        ("updates/2026-W46/dana.md", 2, 9, "E402"),  # person bob in dana.md
        ("updates/2026-W46/dana.md", 3, 7, "E402"),  # week 2026-W45 in the W46 folder
        ("updates/2026-W46/empty.md", 1, 1, "E400"),
        ("updates/stray.md", 1, 1, "E413"),
    ]
    # the updates with errors are left out of status whole, so no L007 from dana.md's 30 h


def test_crlf_bom_update_is_read(ws, cli):
    text = update().replace("\n", "\r\n").encode()
    root = ws({U: b"\xef\xbb\xbf" + text})
    assert found(cli, root) == [(P, 9, 67, "L007")]
    assert status_kr(cli, root, "platform/O1/KR1")["current"] == 30


def test_units_and_thousands_are_numbers(ws, cli):
    root = ws({U: update().replace("Current: 30 /", "Current: 30 h /")})
    assert [d[3] for d in found(cli, root)] == ["L007"]
    wrong = ws({U: update().replace("Current: 30 /", "Current: 30 km /")})
    assert [d[3] for d in found(cli, wrong)] == ["E407"]


def test_final_score_far_from_computed(make_ws, cli):
    config = CONFIG + "periods:\n  2026-Q4: {start: 2026-10-05, end: 2026-11-22}\n"  # W47 is the last week
    last = update(week="2026-W47").replace("- Status: Yellow\n", "- Status: Yellow\n- Score: 0.9\n")
    root = make_ws({C: COMPANY, P: PLATFORM.replace("current: 40", "current: 30"), "updates/2026-W47/bob.md": last}, config=config)
    assert found(cli, root) == [("updates/2026-W47/bob.md", 10, 10, "L008")]  # 0.9 given, 0.5 computed
    close = last.replace("Score: 0.9", "Score: 0.6")
    (root / "updates/2026-W47/bob.md").write_text(close)
    assert found(cli, root) == []


def test_update_errors_do_not_stop_status(ws, cli):
    root = ws({U: update().replace("Status: Yellow", "Status: Amber")})
    result = cli("status", "-w", root, "--today", "2026-11-17", "--format", "json")
    assert result.exit_code == 0
    assert "1 error(s) in 1 weekly update(s): what is in error is left out" in result.output


def test_bad_update_through_the_real_command(ws):
    root = ws({U: b"---\nperson: bob\nweek: 2026-W46\n---\n**KR1: Latency**\n\xff\n"})
    result = run_okrfile("validate", "-w", root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith(f"{U}:6:1: E100")


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"---\nperson: [bob\nweek: 2026-W46\n---\n", [(U, 3, 5, "E101")]),  # broken front matter
        (b"---\nperson: bob\n", [(U, 1, 1, "E400")]),  # never closed
        (b"---\n---\nbody\n", [(U, 1, 1, "E400")]),  # empty
        (b"---\nperson: bob\nweek: 2026-W46\nmood: fine\n---\n", [(U, 4, 1, "E200")]),
        (b"---\nperson: bob\n---\n", [(U, 2, 1, "E201")]),
        (b"---\nperson: bob\nweek: 2026-W60\n---\n", [(U, 3, 7, "E204"), (U, 3, 7, "E402")]),  # no such week, nor this folder
    ],
)
def test_front_matter_problems(ws, cli, content, expected):
    assert [d for d in found(cli, ws({U: content})) if d[0] == U] == expected


def test_huge_update(ws, cli):
    root = ws({})
    path = root / U
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert [d for d in found(cli, root) if d[0] == U] == [(U, 1, 1, "E104")]


def test_heading_titled_as_another_objective(ws, cli):
    """`### OKR: O1 <company's O1 title>` from a platform person books nothing to platform/O1."""
    text = update(body="### OKR: O1 Grow\n**KR1: Revenue**\n- Current: 80 / Target: 100\n- Status: Green\n")
    root = ws({U: text})
    assert [d for d in found(cli, root) if d[0] == U] == [(U, 6, 10, "E414")]
    assert status_kr(cli, root, "platform/O1/KR1")["last_checkin"] is None
    fixed = ws({U: text.replace("### OKR: O1 Grow", "### OKR: company/O1 Grow")})
    assert [d for d in found(cli, fixed) if d[0] == U] == []
    assert status_kr(cli, fixed, "company/O1/KR1")["current"] == 80


def test_key_result_titled_as_another(ws, cli):
    text = update().replace("**KR1: Latency**", "**KR1: Page load**")
    assert (U, 7, 1, "E414") in found(cli, ws({U: text}))


def test_key_result_titled_as_another_objectives(ws, cli):
    """A block under the wrong heading: its title is another objective's key result, so its
    value would go to a key result it is not about."""
    two = PLATFORM + "  - id: O2\n    title: On-call\n    owner: alice\n    key_results:\n      - {id: KR1, title: Runbook coverage, start: 20, target: 80, owner: bob}\n"
    text = update(body="### OKR: O2 On-call\n**KR1: Latency**\n- Current: 30\n- Status: Green\n")
    root = ws({U: text}, **{P: two})
    result = cli("validate", "-w", root, "--format", "json")
    [problem] = [d for d in json.loads(result.stdout)["diagnostics"] if d["path"] == U]
    assert (problem["line"], problem["col"], problem["code"]) == (7, 1, "E414")
    assert "O1/KR1" in problem["message"]
    assert status_kr(cli, root, "platform/O2/KR1")["last_checkin"] is None
    # another team's key result's title, under one's own heading
    text = update(body="### OKR: O2 On-call\n**KR1: Revenue**\n- Current: 30\n- Status: Green\n")
    assert [d for d in found(cli, ws({U: text}, **{P: two})) if d[0] == U] == [(U, 7, 1, "E414")]
    # a title that is nobody's (paraphrased) is left alone, as before
    text = update(body="### OKR: O2 On-call\n**KR1: Runbooks written**\n- Current: 30\n- Status: Green\n")
    assert [d for d in found(cli, ws({U: text}, **{P: two})) if d[0] == U] == []


def test_abbreviated_titles_are_fine(ws, cli):
    text = update().replace("### OKR: O1 Async check-ins", "### OKR: O1 Async").replace("**KR1: Latency**", "**KR1: Lat…**")
    assert [d for d in found(cli, ws({U: text})) if d[0] == U] == []


def test_orphan_fields_and_a_heading_without_colon(ws, cli):
    text = update(body="### OKR O1 Async check-ins\nKR1: not bold\n- Current: 30 / Target: 12\n")
    assert [d for d in found(cli, ws({U: text})) if d[0] == U] == [(U, 8, 1, "E415")]


def test_status_hint(ws, cli):
    root = ws({U: update().replace("Status: Yellow", "Status: Amber")})
    result = cli("validate", "-w", root, "--format", "json")
    message = next(d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "E408")
    assert "did you mean Yellow?" in message


def test_an_error_in_one_block_keeps_the_others(ws, cli):
    root = ws({U: update().replace("- Current: 1.2 / Target: 1.5\n- Status: Green", "- Current: 1.9 / Target: 1.5\n- Status: Amber")})
    page = status_kr(cli, root, "platform/O1/KR3")
    assert (page["current"], page["reported_status"], page["on_track"]) == (1.9, None, False)
    assert status_kr(cli, root, "platform/O1/KR1")["current"] == 30


def test_a_draft_block_counts_for_nothing(ws, cli):
    root = ws({U: update().replace("- Status: Yellow", "- Status: [Green/Yellow/Red]")})
    assert status_kr(cli, root, "platform/O1/KR1")["current"] == 40  # the OKR file's, not the draft's 30
    assert status_kr(cli, root, "platform/O1/KR2")["last_checkin"] == "2026-W46"


def test_an_update_for_a_week_not_yet_started_is_flagged(ws, cli, tmp_path, monkeypatch):
    future = "updates/2099-W02/bob.md"
    root = ws({future: update(week="2099-W02"), U: update()})
    assert [d for d in found(cli, root) if d[3] == "L009"] == [(future, 3, 7, "L009")]
    # as of a day in that week it is due, not early; and the cached result is per week
    import datetime as dt

    from okrfile.check import check_workspace
    from okrfile.workspace import read_files

    monkeypatch.setenv("OKRFILE_CACHE_DIR", str(tmp_path / "cache"))
    then = read_files(root)
    then.as_of = dt.date(2099, 1, 12)
    codes = [[d.code for d in check_workspace(root, cache=True, model=False, snapshot=s).diagnostics] for s in (then, None)]
    assert "L009" not in codes[0] and "L009" in codes[1]


def test_an_okr_file_that_does_not_parse_gives_its_own_error_only(ws, cli):
    root = ws({U: update()}, **{P: PLATFORM.replace("team: platform", "team: platform: x")})
    assert found(cli, root) == [(P, 2, 15, "E101")]  # not one E405 per block that names its objectives


def test_a_wrong_heading_is_reported_once_not_once_per_block(ws, cli):
    root = ws({U: update().replace("### OKR: O1 Async check-ins", "### OKR: O7 Async check-ins")})
    assert [d for d in found(cli, root) if d[3] in ("E405", "E414")] == [(U, 6, 10, "E405")]


def test_two_reports_for_one_week_the_owners_counts(ws, cli):
    dana = "updates/2026-W46/dana.md"
    other = update(person="dana").replace("### OKR: O1", "### OKR: platform/O1")
    # dana comes after bob by name, but bob owns KR1, so his 30 counts, not her 20
    root = ws({U: update(), dana: other.replace("Current: 30 / Target: 12", "Current: 20 / Target: 12")})
    assert [d for d in found(cli, root) if d[3] == "L010"] == [(dana, 8, 12, "L010")]
    assert status_kr(cli, root, "platform/O1/KR1")["current"] == 30
    # the same value twice is no conflict
    same = ws({U: update(), dana: other})
    assert "L010" not in [d[3] for d in found(cli, same)]


def test_a_unit_the_key_result_does_not_declare_gets_a_hint(ws, cli):
    root = ws({U: update().replace("Current: 1.2 / Target: 1.5", "Current: 1.2 s / Target: 1.5")})
    result = cli("validate", "-w", root)
    assert "E407" in result.output and "declare `unit: s`" in result.output


def test_an_unknown_type_is_one_error_not_one_per_update(ws, cli):
    root = ws({U: update()}, **{P: PLATFORM.replace("type: milestone", "type: milestne")})
    codes = [d[3] for d in found(cli, root)]
    assert "E203" in codes and "E407" not in codes  # not `not done` is not a number, per update


def test_a_future_weeks_value_is_not_yet_a_disagreement(ws):
    import datetime as dt

    from okrfile.check import check_workspace
    from okrfile.workspace import read_files

    root = ws({U: update()})  # bob's W46 says 30; the OKR file says 40
    before = read_files(root)
    before.as_of = dt.date(2026, 11, 1)  # W44: bob's update is for a week to come
    codes = [d.code for d in check_workspace(root, snapshot=before).diagnostics]
    assert "L009" in codes and "L007" not in codes


def test_an_unknown_objective_is_suggested_as_it_was_written(ws, cli):
    root = ws({U: update(body="### OKR: O2 Something else\n**KR1: Latency**\n- Current: 30 / Target: 12\n- Status: Yellow\n")})
    result = json.loads(cli("validate", "-w", root, "--format", "json").stdout)
    (e405,) = [d for d in result["diagnostics"] if d["code"] == "E405"]
    assert e405["message"].endswith("did you mean `O1`?")
    titled = ws({U: update(body="### OKR: O2 Async check-ins\n**KR1: Latency**\n- Current: 30 / Target: 12\n- Status: Yellow\n")})
    result = json.loads(cli("validate", "-w", titled, "--format", "json").stdout)
    (e405,) = [d for d in result["diagnostics"] if d["code"] == "E405"]
    assert e405["message"].endswith("did you mean `O1`?")


def test_an_unknown_key_result_is_suggested_by_its_title_not_only_its_id(ws, cli):
    def hint(block):
        root = ws({U: update(body="### OKR: O1 Async check-ins\n" + block + "- Current: 1 / Target: 2\n- Status: Green\n")})
        (e406,) = [d for d in json.loads(cli("validate", "-w", root, "--format", "json").stdout)["diagnostics"] if d["code"] == "E406"]
        return e406["message"].partition("; ")[2]

    assert hint("**KR9: Page load**\n") == "did you mean `KR3`?"  # KR3's title
    assert hint("**KR11: Latency**\n") == "did you mean `KR1`?"  # a like id, and its title
    assert hint("**KR4: Something else**\n") == ""  # a like id whose title says otherwise: no guess


def test_validate_today_pins_the_day_future_updates_are_judged_by(ws, cli):
    root = ws({"updates/2026-W47/bob.md": update(week="2026-W47")})

    def codes(*args):
        return [d[3] for d in found_with(cli, root, *args) if d[0].startswith("updates/")]

    assert codes("--today", "2026-11-10") == ["L009"]  # W47 had not started
    assert codes("--today", "2026-11-17") == []
    fast = run_okrfile("validate", "-w", root, "--today", "2026-11-10", "--format", "json")
    assert [d["code"] for d in json.loads(fast.stdout)["diagnostics"] if d["path"].startswith("updates/")] == ["L009"]
    assert cli("validate", "-w", root, "--today", "someday").exit_code == 2


def found_with(cli, root, *args):
    result = cli("validate", "-w", root, "--format", "json", *args)
    return [(d["path"], d["line"], d["col"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]


def test_validate_today_in_any_year_is_no_crash(ws, cli):
    root = ws({U: update()})
    for day in ("0001-01-01", "9999-12-30"):
        assert cli("validate", "-w", root, "--today", day).exit_code in (0, 1), day
    beyond = cli("validate", "-w", root, "--today", "9999-12-31")
    assert beyond.exit_code == 2 and "beyond" in beyond.output


def test_strict_failing_on_warnings_does_not_say_all_is_well(ws):
    root = ws({U: update()})  # L007: the OKR file still says 40 h
    strict = run_okrfile("validate", "--strict", "-w", root)
    assert strict.returncode == 1 and strict.stderr.startswith("✗ 0 errors, 1 warning (strict: warnings fail)")
    relaxed = run_okrfile("validate", "-w", root)
    assert relaxed.returncode == 0 and relaxed.stderr.startswith("✓ 0 errors, 1 warning in")


def test_an_item_saying_nothing_is_no_item(ws, cli):
    body = (
        "### OKR: O1 Async check-ins\n**KR1: Latency**\n- Current: 30 / Target: 12\n- Status: Yellow\n- Blockers: No blockers.\n"
        "### Wins\n- Nothing this week.\n- Shipped the log.\n### Help Needed\n- None so far.\n"
    )
    root = ws({U: update(body=body)})
    digest = json.loads(cli("digest", "-w", root, "--week", "2026-W46", "--format", "json").stdout)
    platform = next(t for t in digest["teams"] if t["team"] == "platform")
    assert [w["text"] for w in platform["wins"]] == ["Shipped the log."]
    assert platform["help_needed"] == [] and platform["blockers"] == []


def test_a_capitalised_person_or_week_gets_its_likely_meaning(ws, cli):
    text = update(person="Bob", week="2026-w46")
    result = cli("validate", "-w", ws({U: text}), "--format", "json")
    problems = [d for d in json.loads(result.stdout)["diagnostics"] if d["path"] == U]
    assert [(d["line"], d["code"]) for d in problems] == [(2, "E204"), (3, "E204")]
    assert "`bob`" in problems[0]["message"] and "`2026-W46`" in problems[1]["message"]


def test_a_heading_titled_as_another_objective_of_ones_own_team(ws, cli):
    two = PLATFORM + "  - id: O2\n    title: On-call\n    owner: alice\n    key_results:\n      - {id: KR1, title: Runbook coverage, start: 20, target: 80, owner: bob}\n"
    text = update(body="### OKR: O1 On-call\n**KR1: Runbook coverage**\n- Current: 30\n- Status: Green\n")
    result = cli("validate", "-w", ws({U: text}, **{P: two}), "--format", "json")
    [problem] = [d for d in json.loads(result.stdout)["diagnostics"] if d["path"] == U]
    assert (problem["line"], problem["code"]) == (6, "E414")
    assert "`### OKR: O2 …`" in problem["message"]  # its own team's: the id alone
