import json

import pytest

from tests.conftest import COMPANY, run_okrfile

TODAY = "2026-11-22"  # 49 of the 84 days of examples/acme's 2026-Q4


@pytest.fixture
def acme_status(cli, acme):
    result = cli("status", "-w", acme, "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def kr(report, ref):
    for team in report["teams"]:
        for objective in team["objectives"]:
            for key_result in objective["key_results"]:
                if key_result["ref"] == ref:
                    return key_result
    raise KeyError(ref)


def test_json_contract_keys(acme_status):
    assert {"period", "teams"} <= set(acme_status)
    team = acme_status["teams"][0]
    assert {"team", "score", "objectives"} <= set(team)
    objective = team["objectives"][0]
    assert {"ref", "title", "kind", "score", "grade", "key_results"} <= set(objective)
    assert {
        "ref", "title", "type", "start", "target", "current", "progress", "score",
        "grade", "expected", "on_track", "reported_status", "stale",
    } <= set(objective["key_results"][0])


def test_period_defaults_to_the_one_holding_today(acme_status):
    assert acme_status["period"] == "2026-Q4"
    assert acme_status["expected"] == pytest.approx(49 / 84, abs=1e-4)


def test_teams_top_down(acme_status):
    assert [t["team"] for t in acme_status["teams"]] == ["company", "engineering", "growth", "platform"]


def test_decreasing_metric(acme_status):
    latency = kr(acme_status, "platform/O1/KR1")  # 48 h -> 12 h, now 30 h
    assert (latency["start"], latency["target"], latency["current"]) == (48, 12, 30)
    assert latency["progress"] == pytest.approx(0.5)
    assert latency["grade"] == "yellow"
    assert latency["on_track"] is True  # 0.5 against 0.58 expected
    assert latency["stale"] is False


def test_milestone_and_stay_below(acme_status):
    digest = kr(acme_status, "platform/O1/KR2")
    assert (digest["type"], digest["score"], digest["on_track"]) == ("milestone", 0.0, False)
    page = kr(acme_status, "platform/O1/KR3")
    assert (page["type"], page["score"], page["grade"], page["on_track"]) == ("stay_below", 1.0, "green", True)
    tickets = kr(acme_status, "growth/O1/KR4")  # now 5.4 against a line of 5; held it 5 of 6 check-ins
    assert (tickets["current"], tickets["on_track"]) == (5.4, False)
    assert tickets["score"] == pytest.approx(5 / 6, abs=1e-4)


def test_far_behind_is_off_track(acme_status):
    activation = kr(acme_status, "growth/O1/KR1")
    assert activation["progress"] < activation["expected"] - 0.25
    assert activation["on_track"] is False
    assert activation["grade"] == "red"


def test_objective_is_the_weighted_mean(acme_status):
    platform = next(t for t in acme_status["teams"] if t["team"] == "platform")
    o1 = platform["objectives"][0]
    pairs = [(k["score"], k["weight"]) for k in o1["key_results"]]
    assert o1["score"] == pytest.approx(sum(s * w for s, w in pairs) / sum(w for _, w in pairs), abs=1e-4)
    assert any(w != 1 for _, w in pairs)  # the example exercises weights
    assert platform["score"] == pytest.approx(sum(o["score"] for o in platform["objectives"]) / 2, abs=1e-4)
    committed = [o["score"] for o in platform["objectives"] if o["kind"] == "committed"]
    assert platform["committed"] == pytest.approx(sum(committed) / len(committed), abs=1e-4)


def test_team_and_period_filters(cli, acme):
    result = cli("status", "-w", acme, "--period", "2026-Q3", "--team", "platform", "--format", "json")
    report = json.loads(result.stdout)
    assert report["period"] == "2026-Q3"
    assert [t["team"] for t in report["teams"]] == ["platform"]
    assert report["expected"] == 1.0  # without --today, Q3 is over


def test_table_shows_each_team_and_key_result(cli, acme):
    result = cli("status", "-w", acme, "--today", TODAY)
    assert result.exit_code == 0
    for name in ("Acme", "Engineering", "Platform", "Growth"):
        assert name in result.stdout
    assert "48 → 30 → 12 h" in result.stdout
    assert "on track" in result.stdout and "off track" in result.stdout
    assert "│" in result.stdout  # the expected-pace marker


def test_markdown(cli, acme):
    result = cli("status", "-w", acme, "--today", TODAY, "--team", "platform", "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# OKR status 2026-Q4"
    assert any(line.startswith("## Platform") for line in lines)
    row = next(line for line in lines if line.startswith("| KR1 | Cut median decision latency"))
    assert "| 50% | 58% | 0.50 | yellow | on track |" in row


def test_pending_key_result(make_ws, cli):
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY.replace("        current: 50\n", "")})
    report = json.loads(cli("status", "-w", root, "--today", "2026-11-01", "--format", "json").stdout)
    pending = kr(report, "company/O1/KR1")
    assert (pending["pending"], pending["progress"], pending["score"], pending["on_track"]) == (True, None, 0.0, None)
    assert "pending" in cli("status", "-w", root, "--today", "2026-11-01").stdout


def test_configured_bands(make_ws, cli):
    from tests.conftest import CONFIG

    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY}, config=CONFIG + "scoring: {green: 0.9, yellow: 0.5}\n")
    report = json.loads(cli("status", "-w", root, "--today", "2026-11-01", "--format", "json").stdout)
    assert kr(report, "company/O1/KR1")["grade"] == "yellow"  # 0.5 is yellow at these bands
    root2 = make_ws({}, config=CONFIG + "scoring: {green: 0.9, yellow: 0.55}\n")
    report = json.loads(cli("status", "-w", root2, "--today", "2026-11-01", "--format", "json").stdout)
    assert kr(report, "company/O1/KR1")["grade"] == "red"


def test_errors_block_status(make_ws, cli):
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY.replace("target: 100", "target: 0")})
    result = cli("status", "-w", root, "--today", "2026-11-01")
    assert result.exit_code == 1
    assert "okrs/2026-Q4/company.yaml:11:17: E308" in result.output


def test_no_period_holds_today(cli, acme):
    # after the last period: that one, for its retrospective
    result = cli("status", "-w", acme, "--today", "2030-01-01", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["period"] == "2026-Q4"
    # before the first
    result = cli("status", "-w", acme, "--today", "2020-01-01")
    assert result.exit_code == 2
    assert "--period" in result.output


def test_status_as_a_subprocess(acme):
    result = run_okrfile("status", "-w", acme, "--today", TODAY, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["period"] == "2026-Q4"
    table = run_okrfile("status", "-w", acme, "--today", TODAY, env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"})
    assert table.returncode == 0 and "Platform" in table.stdout


def test_after_the_last_period_ends_status_reports_it(make_ws, cli):
    """No period holds today (the quarter is over, the next has no OKR sets yet): the one
    that ended last, for its retrospective; before any begins, a usage error."""
    q3 = COMPANY.replace("period: 2026-Q4", "period: 2026-Q3")
    root = make_ws({"okrs/2026-Q3/company.yaml": q3})
    report = json.loads(cli("status", "-w", root, "--today", "2026-11-23", "--format", "json").stdout)
    assert report["period"] == "2026-Q3"
    early = cli("status", "-w", root, "--today", "2026-06-01")
    assert early.exit_code == 2 and "--period" in early.output


def _strict_json(text):
    """JSON as the standard has it: Infinity and NaN are not JSON."""

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_a_score_of_exactly_seventy_is_green_at_every_level(make_ws, cli):
    okrs = """\
    period: 2026-Q4
    team: company
    objectives:
      - id: O1
        title: Seventy
        owner: dana
        key_results:
          - {id: KR1, title: Seventy of a hundred, start: 0, target: 100, current: 70, weight: 3}
      - id: O2
        title: Small decimals
        owner: dana
        key_results:
          - {id: KR1, title: From 0.1 to 1.6, start: 0.1, target: 1.6, current: 1.15}
    """
    root = make_ws({"okrs/2026-Q4/company.yaml": okrs})
    report = _strict_json(cli("status", "-w", root, "--today", "2026-11-01", "--format", "json").stdout)
    team = report["teams"][0]
    assert (report["score"], report["grade"], team["score"], team["grade"]) == (0.7, "green", 0.7, "green")
    assert [(o["score"], o["grade"]) for o in team["objectives"]] == [(0.7, "green"), (0.7, "green")]
    assert [(k["score"], k["grade"]) for o in team["objectives"] for k in o["key_results"]] == [(0.7, "green")] * 2
    table = cli("status", "-w", root, "--today", "2026-11-01", env={"COLUMNS": "100"}).stdout
    assert "yellow" not in table and table.count("0.70 green") == 6  # the period, the team, 2 objectives, 2 key results
    markdown = cli("status", "-w", root, "--today", "2026-11-01", "--format", "markdown").stdout
    assert "yellow" not in markdown


def test_a_huge_checkin_value_is_no_traceback_and_no_infinity(make_ws, cli):
    """A `- Current:` of hundreds of digits: no float holds it. It is E207 (okrfile takes
    numbers up to 1e15), the report still runs on the OKR file's value, and its JSON is JSON."""
    path = "updates/2026-W45/dana.md"
    update = "---\nperson: dana\nweek: 2026-W45\n---\n### OKR: O1 Grow\n**KR1: Revenue**\n- Current: {}\n- Status: Green\n"
    for value in ("1" + "0" * 400, "1" + "0" * 400 + ".5"):
        root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY, path: update.format(value)})
        result = cli("status", "-w", root, "--today", "2026-11-10", "--format", "json")
        assert result.exit_code == 0, result.output
        revenue = kr(_strict_json(result.stdout), "company/O1/KR1")
        assert (revenue["current"], revenue["last_checkin"]) == (50, None)  # the value was refused
        assert [d["code"] for d in json.loads(cli("validate", "-w", root, "--format", "json").stdout)["diagnostics"]] == ["E207"]
        for fmt in ("table", "markdown"):
            shown = cli("status", "-w", root, "--today", "2026-11-10", "--format", fmt)
            assert shown.exit_code == 0 and shown.exception is None, shown.output


def test_an_ended_period_is_judged_as_of_its_end(cli, acme):
    """Nobody checks in after a period ends: looking back, a key result is as it was on
    the last day, not stale."""

    def pace(today):
        report = json.loads(cli("status", "-w", acme, "--period", "2026-Q3", "--team", "platform", "--today", today, "--format", "json").stdout)
        return [(k["ref"], k["stale"], k["on_track"]) for o in report["teams"][0]["objectives"] for k in o["key_results"]]

    at_the_end = pace("2026-09-27")  # 2026-Q3 is 2026-07-06 to 2026-09-27
    assert not any(stale for _, stale, _ in at_the_end)
    assert ("platform/O1/KR3", False, False) in at_the_end  # off track when the period closed
    assert pace("2026-10-20") == at_the_end
    assert pace("2027-03-01") == at_the_end


def test_history_overview_counts_goalpost_changes_as_its_list_does(tmp_path, cli):
    """One commit moving a key result's target and its title: two changes, in the
    overview's column as in the list under it."""
    import os
    import subprocess

    from tests.conftest import CONFIG

    root = tmp_path / "repo"
    (root / "okrs/2026-Q4").mkdir(parents=True)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Dana",
           "GIT_AUTHOR_EMAIL": "dana@example.org", "GIT_COMMITTER_NAME": "Dana", "GIT_COMMITTER_EMAIL": "dana@example.org"}

    def commit(okr_set: str, date: str) -> None:
        (root / "okrfile.yaml").write_text(CONFIG)
        (root / "okrs/2026-Q4/company.yaml").write_text(okr_set)
        for args in (["add", "-A"], ["commit", "-q", "-m", "change"]):
            subprocess.run(["git", *args], cwd=root, env={**env, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}, check=True)

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=env, check=True)
    commit(COMPANY, "2026-09-28T10:00:00+00:00")
    commit(COMPANY.replace("target: 100", "target: 80").replace("title: Revenue", "title: Net revenue"), "2026-10-20T10:00:00+00:00")
    result = cli("history", "-w", root, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("key result"))
    row = next(line for line in lines if line.startswith("2026-Q4/company/O1/KR1 Net revenue"))
    assert row[header.index("goalpost changes"):].strip() == "2"
    listed = [line for line in lines if line.startswith("  2026-10-20 2026-Q4/company/O1/KR1:")]
    assert len(listed) == 2 and "target 100 → 80" in listed[0] and "title 'Revenue' → 'Net revenue'" in listed[1]
