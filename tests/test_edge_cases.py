"""Inputs found by trying to break okrfile: each is a diagnostic at the right place."""

import json

import pytest

from tests.conftest import COMPANY, CONFIG, run_okrfile

C = "okrs/2026-Q4/company.yaml"


def found(cli, root, *extra):
    result = cli("validate", "-w", root, "--format", "json", *extra)
    assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output
    return [(d["path"], d["line"], d["col"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x: " + "[" * 60000 + "\n", [(C, 1, 67, "E112")]),
        ("x: " + "{a: " * 60000 + "\n", [(C, 1, 256, "E112")]),  # the 64th brace
        ("x: &a [*a]\n", [(C, 1, 8, "E101")]),  # an alias inside its own anchor
    ],
    ids=["deep-flow-seq", "deep-flow-map", "self-alias"],
)
def test_hostile_yaml(make_ws, cli, text, expected):
    assert found(cli, make_ws({C: text})) == expected


def test_merging_a_scalar(make_ws, cli):
    text = "x: &a 5\n" + COMPANY.replace("team: company\n", "team: company\n<<: *a\n")
    assert (C, 4, 1, "E202") in found(cli, make_ws({C: text}))  # at the `<<`


def test_merge_keys_let_explicit_keys_win(make_ws, cli):
    text = COMPANY.replace(
        "      - id: KR1\n        title: Revenue\n        start: 0\n        target: 100\n        current: 50\n",
        "      - &kr {id: KR1, title: Revenue, start: 0, target: 100, current: 50}\n"
        "      - {<<: *kr, id: KR2, title: Margin}\n",
    )
    root = make_ws({C: text})
    assert found(cli, root) == []
    report = json.loads(cli("status", "-w", root, "--today", "2026-11-01", "--format", "json").stdout)
    krs = report["teams"][0]["objectives"][0]["key_results"]
    assert [(k["ref"], k["title"], k["target"]) for k in krs] == [
        ("company/O1/KR1", "Revenue", 100),
        ("company/O1/KR2", "Margin", 100),
    ]


def test_unicode_line_separators_do_not_shift_lines(make_ws, cli):
    text = COMPANY.replace("title: Grow", 'title: "Grow\u2028faster\u0085now"').replace("        current: 50\n", "        current: 50\n        tagret: 1\n")
    assert found(cli, make_ws({C: text})) == [(C, 13, 9, "E200")]


def test_tab_inside_a_block_scalar_is_not_blamed(make_ws, cli):
    text = COMPANY.replace("    owner: dana\n", "    why: |\n      two\n      \tindented with a tab inside the text\n    owner: dana\n")
    text += "deprioritized: [oops\n"
    assert found(cli, make_ws({C: text}))[0][3] == "E101"


def test_missing_colon_points_at_the_key(make_ws, cli):
    text = COMPANY.replace("        current: 50", "        current 50\n        unit: h")
    assert found(cli, make_ws({C: text})) == [(C, 12, 9, "E101")]


@pytest.mark.parametrize(
    "replacement, expected",
    [
        ("current: " + "9" * 5000, [(C, 12, 18, "E207")]),
        ("current: 1" + "0" * 400, [(C, 12, 18, "E207")]),
        ("current: -1e308", [(C, 12, 18, "E207")]),
        ("current: ~\n        start: ~", [(C, 8, 9, "E201")]),  # a null start is no start
        ("current: 50\n        type: percent", [(C, 13, 15, "E203")]),  # no follow-on E201/E208
        ("current: 50\n        type: Metric", [(C, 13, 15, "E203")]),
        ("current: 50\n        done: true", [(C, 13, 15, "E208")]),
    ],
)
def test_numbers_and_types(make_ws, cli, replacement, expected):
    text = COMPANY.replace("current: 50", replacement)
    if "start: ~" in replacement:
        text = text.replace("        start: 0\n", "")
    assert found(cli, make_ws({C: text})) == expected


def test_enum_case_gets_a_hint(make_ws, cli):
    root = make_ws({C: COMPANY.replace("current: 50", "current: 50\n        type: Metric")})
    message = json.loads(cli("validate", "-w", root, "--format", "json").stdout)["diagnostics"][0]["message"]
    assert "`metric`" in message


@pytest.mark.parametrize(
    "period, code",
    [("0000-Q1", "E309"), ("9999-Q4", "E309")],
)
def test_periods_beyond_the_calendar(make_ws, cli, period, code):
    text = COMPANY.replace("period: 2026-Q4", f"period: {period}")
    root = make_ws({f"okrs/{period}/company.yaml": text})
    assert found(cli, root) == [(f"okrs/{period}/company.yaml", 1, 9, code)]
    assert cli("status", "-w", root, "--period", period).exit_code == 1  # errors block status


def test_slug_with_a_trailing_newline(make_ws, cli):
    text = COMPANY.replace("team: company", "team: |\n  company")
    assert found(cli, make_ws({C: text})) == [(C, 2, 7, "E204")]


def test_not_utf8_column_counts_characters(make_ws, cli):
    root = make_ws({C: b"period: 2026-Q4\nteam: \xc3\xa9\xff\n"})  # \xff after a two-byte \xc3\xa9
    assert found(cli, root) == [(C, 2, 8, "E100")]


def test_duplicate_okr_sets(make_ws, cli):
    root = make_ws({C: COMPANY, "okrs/2026-Q4/company.yml": COMPANY})
    assert found(cli, root) == [("okrs/2026-Q4/company.yml", 2, 7, "E314")]


def test_a_broken_teams_section_does_not_cascade(make_ws, cli):
    config = CONFIG.replace(
        "teams:\n  company: {name: Company, lead: dana}\n  platform: {name: Platform, lead: alice, parent: company}\n",
        "teams: [company, platform]\n",
    )
    root = make_ws({C: COMPANY}, config=config)
    assert found(cli, root) == [("okrfile.yaml", 3, 8, "E202")]


def test_error_codes_cannot_be_ignored(make_ws, cli):
    root = make_ws({C: COMPANY}, config=CONFIG + "lint:\n  ignore: [E201, L001]\n")
    assert found(cli, root) == [("okrfile.yaml", 11, 12, "E312")]


def test_unknown_time_zone(make_ws, cli):
    root = make_ws({C: COMPANY}, config=CONFIG.replace("tz: Asia/Tokyo", "tz: CET+1"))
    assert found(cli, root) == [("okrfile.yaml", 8, 40, "E209")]


def test_dates_need_two_digit_months(make_ws, cli):
    text = COMPANY + "    initiatives:\n      - {title: Bet, due: 2026-1-5}\n"
    assert found(cli, make_ws({C: text})) == [(C, 14, 27, "E205")]


def test_user_text_with_rich_markup(cli, tmp_path):
    target = tmp_path / "y[/b]"
    assert cli("init", target, "--period", "2026-Q4").exit_code == 0
    assert cli("validate", "-w", target).exit_code == 0
    assert cli("status", "-w", target, "--period", "2026-Q4").exit_code == 0


def test_paths_outside_the_workspace_are_refused(make_ws, cli, acme):
    root = make_ws({C: COMPANY})
    result = cli("validate", "-w", root, acme / "okrfile.yaml")
    assert result.exit_code == 2 and "outside the workspace" in result.output


def test_workspace_option_errors(make_ws, cli, tmp_path):
    root = make_ws({C: COMPANY})
    missing = cli("validate", "-w", tmp_path / "nope")
    assert missing.exit_code == 2 and "no such folder" in missing.output
    inside = cli("validate", "-w", root / "okrs")
    assert inside.exit_code == 2 and f"pass -w {root}" in inside.output


def test_init_takes_calendar_quarters_only(cli, tmp_path):
    result = cli("init", tmp_path, "--period", "2026Q4")
    assert result.exit_code == 2 and "calendar quarter" in result.output
    assert list(tmp_path.iterdir()) == []


def test_default_period_is_the_shortest_holding_today(make_ws, cli):
    config = CONFIG + "periods:\n  2026-H2: {start: 2026-07-01, end: 2026-12-31}\n"
    half = COMPANY.replace("period: 2026-Q4", "period: 2026-H2")
    root = make_ws({C: COMPANY, "okrs/2026-H2/company.yaml": half}, config=config)
    report = json.loads(cli("status", "-w", root, "--today", "2026-11-01", "--format", "json").stdout)
    assert report["period"] == "2026-Q4"
    only_half = make_ws({"okrs/2026-H2/platform.yaml": half.replace("team: company", "team: platform").replace("owner: dana", "owner: alice")}, config=config)
    team_report = cli("status", "-w", only_half, "--today", "2026-11-01", "--team", "platform", "--format", "json")
    assert json.loads(team_report.stdout)["period"] == "2026-H2"


def test_score_and_grade_agree_on_screen(make_ws, cli):
    root = make_ws({C: COMPANY.replace("current: 50", "current: 69.7")})
    table = run_okrfile("status", "-w", root, "--today", "2026-11-01", "--format", "markdown").stdout
    assert "| 0.69 | yellow |" in table


def test_narrow_terminal_keeps_titles(acme):
    import os

    result = run_okrfile("status", "-w", acme, "--today", "2026-11-22", "--team", "platform", env={**os.environ, "COLUMNS": "50"})
    assert result.returncode == 0
    assert "Cut median decision latency" in result.stdout
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 50


@pytest.mark.parametrize(
    "replacement, expected",
    [
        ("target: !!int 100", [(C, 11, 17, "E113")]),  # one problem, not also "expected a number"
        ("target: !custom 100", [(C, 11, 17, "E113")]),
        ("title: !!str Grow", [(C, 5, 12, "E113")]),
    ],
)
def test_explicit_yaml_tags_are_named(make_ws, cli, replacement, expected):
    field = replacement.split(":")[0]
    line = next(line for line in COMPANY.splitlines() if line.strip().startswith(field + ":"))
    text = COMPANY.replace(line.strip(), replacement)
    assert found(cli, make_ws({C: text})) == expected


@pytest.mark.parametrize(
    "typed, meant",
    [("tagrte", "target"), ("tagret", "target"), ("treshold", "threshold"), ("onwer", "owner"), ("key_result", "key_results")],
)
def test_did_you_mean_counts_a_swapped_pair_as_one_mistake(typed, meant):
    from okrfile.suggest import did_you_mean

    fields = ["id", "title", "type", "start", "target", "current", "unit", "owner", "weight", "done", "threshold", "key_results"]
    assert did_you_mean(typed, fields) == f"; did you mean `{meant}`?"
    assert did_you_mean("zzzzzz", fields) == ""


def test_a_wrong_type_names_its_field(make_ws, cli):
    import json

    from tests.conftest import COMPANY

    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY.replace("target: 100", "target: 15x")})
    (found,) = json.loads(cli("validate", "-w", root, "--format", "json").stdout)["diagnostics"]
    assert (found["line"], found["code"]) == (11, "E202") and found["message"].startswith("`target`:")


def test_a_period_that_ends_before_it_starts_is_an_error_not_a_crash(make_ws, cli):
    # an OKR set in the period, with its last week's check-in: the final-score rule (L008)
    # once asked for the last week of a period with none
    update = "---\nperson: dana\nweek: 2026-W40\n---\n### OKR: O1 Grow\n**KR1: Revenue**\n- Current: 60\n"
    root = make_ws(
        {C: COMPANY, "updates/2026-W40/dana.md": update},
        config=CONFIG + "periods:\n  2026-Q4: {start: 2026-10-01, end: 2026-09-01}\n",
    )
    # the update's week is in no usable period until the range is fixed
    assert found(cli, root) == [("okrfile.yaml", 11, 12, "E310"), ("updates/2026-W40/dana.md", 3, 7, "E404")]
    for command in ("status --today 2026-11-23", "digest --week 2026-W47", "silence --week 2026-W47", "checkin --person dana --week 2026-W47"):
        result = cli(*command.split(), "-w", root)
        assert result.exit_code == 1 and "internal error" not in result.output, (command, result.output)
        assert "E310" in result.output


def test_a_path_in_no_workspace_named_from_inside_one_is_outside_it(make_ws, tmp_path):
    root = make_ws({C: COMPANY})
    stranger = tmp_path / "elsewhere" / "passwd"
    stranger.parent.mkdir()
    stranger.write_text("root:x:0:0\n")
    for command in ("validate", "fmt"):
        result = run_okrfile(command, stranger, cwd=root / "okrs")
        assert result.returncode == 2, (command, result.stderr)
        assert f"{stranger} is outside the workspace {root.resolve()}" in result.stderr, command
        assert "no okrfile.yaml" not in result.stderr
    # from outside every workspace, it is the workspace that is missing
    alone = run_okrfile("validate", stranger, cwd=tmp_path / "elsewhere")
    assert alone.returncode == 2 and "no okrfile.yaml" in alone.stderr


def test_a_duplicate_key_keeps_the_first_and_the_file_is_checked_on(make_ws, cli):
    text = COMPANY.replace("    owner: dana\n", "    owner: dana\n    owner: bob\n") + (
        "      - id: KR1\n        title: Again\n        start: 0\n        target: 1\n"
    )
    assert found(cli, make_ws({C: text})) == [(C, 7, 5, "E110"), (C, 14, 13, "E300")]


def test_a_tab_in_the_indentation_is_the_files_one_error(make_ws, cli):
    # where a tab-indented line belongs cannot be known: README says the file waits for it
    text = COMPANY.replace("    owner: dana\n", "\towner: dana\n") + "      - id: KR1\n        title: Again\n        start: 0\n        target: 1\n"
    assert found(cli, make_ws({C: text})) == [(C, 6, 1, "E107")]
