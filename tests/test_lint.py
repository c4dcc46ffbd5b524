"""Each lint rule on a small workspace, with the exact (line, col) it reports."""

import json

import pytest

from okrfile.check import check_workspace
from tests.conftest import COMPANY


def problems(root, code=None):
    return [(d.path, d.line, d.col, d.code) for d in check_workspace(root).diagnostics if code is None or d.code == code]


def objectives(n, owner="dana"):
    out = ["period: 2026-Q4", "team: company", "objectives:"]
    for i in range(1, n + 1):
        out += [f"  - id: O{i}", f"    title: Objective {i}", f"    owner: {owner}", "    key_results:"]
        out += ["      - {id: KR1, title: k, start: 0, target: 1}"]
    return "\n".join(out) + "\n"


C = "okrs/2026-Q4/company.yaml"
P = "okrs/2026-Q4/platform.yaml"


def test_clean_workspace_has_no_problems(make_ws):
    assert problems(make_ws({C: COMPANY})) == []


def test_l001_more_than_three_objectives(make_ws):
    assert problems(make_ws({C: objectives(3)})) == []
    assert problems(make_ws({C: objectives(4)})) == [(C, 19, 5, "L001")]  # at the fourth objective


def test_l002_more_than_five_key_results(make_ws):
    krs = "".join(f"      - {{id: KR{i}, title: k, start: 0, target: 1}}\n" for i in range(2, 7))
    assert problems(make_ws({C: COMPANY + krs})) == [(C, 17, 9, "L002")]  # at the sixth


def test_l003_all_milestones(make_ws):
    text = COMPANY.replace(
        "      - id: KR1\n        title: Revenue\n        start: 0\n        target: 100\n        current: 50\n",
        "      - {id: KR1, title: Ship, type: milestone, done: false}\n      - {id: KR2, title: Ship more, type: milestone}\n",
    )
    assert problems(make_ws({C: text})) == [(C, 8, 7, "L003")]


def test_l004_objective_without_owner(make_ws):
    assert problems(make_ws({C: COMPANY.replace("    owner: dana\n", "")})) == [(C, 4, 5, "L004")]


def test_l005_disconnected_team(make_ws):
    platform = objectives(1, owner="alice").replace("team: company", "team: platform")
    assert problems(make_ws({C: COMPANY, P: platform})) == [(P, 2, 7, "L005")]
    aligned = platform.replace("    owner: alice\n", "    owner: alice\n    aligns_to: company/O1\n")
    assert problems(make_ws({C: COMPANY, P: aligned})) == []


def test_l006_unknown_owner_anywhere(make_ws):
    text = COMPANY.replace("    owner: dana\n", "    owner: nobody\n").replace(
        "        current: 50\n", "        current: 50\n        owner: ghost\n"
    ) + "    initiatives:\n      - {title: Bet, owner: phantom}\n"
    assert problems(make_ws({C: text})) == [(C, 6, 12, "L006"), (C, 13, 16, "L006"), (C, 15, 29, "L006")]


def test_lint_ignore_in_config(make_ws):
    from tests.conftest import CONFIG

    root = make_ws({C: objectives(4)}, config=CONFIG + "lint:\n  ignore: [L001]\n")
    assert problems(root) == []


@pytest.mark.parametrize(
    "comment_line, where",
    [
        ("  - id: O4  # okrfile: ignore[L001]", "same line"),
        ("  # okrfile: ignore[L001]\n  - id: O4", "line above"),
        ("  - id: O4  #okrfile:ignore[L004,L001]", "several codes, tight spacing"),
    ],
)
def test_inline_ignore(make_ws, comment_line, where):
    text = objectives(4).replace("  - id: O4", comment_line)
    assert problems(make_ws({C: text})) == [], where


def test_inline_ignore_only_silences_its_line(make_ws):
    text = objectives(5, owner="").replace("    owner: \n", "").replace("  - id: O2", "  - id: O2  # okrfile: ignore[L004]")
    found = problems(make_ws({C: text}), "L004")
    assert [line for _, line, _, _ in found] == [4, 12, 16, 20]  # O1, O3, O4, O5: O2 silenced


def test_inline_ignore_cannot_silence_errors(make_ws):
    text = COMPANY.replace("        target: 100", "        target: 0  # okrfile: ignore[E308]")
    assert problems(make_ws({C: text})) == [(C, 11, 17, "E308"), (C, 11, 38, "E312")]


def test_unknown_code_in_comment(make_ws):
    text = COMPANY.replace("  - id: O1", "  - id: O1  # okrfile: ignore[L404]")
    assert problems(make_ws({C: text})) == [(C, 4, 31, "E312")]


def test_a_fraction_for_a_key_result_in_percent(make_ws, cli):
    okrs = COMPANY.replace("        current: 50\n", "        unit: \"%\"\n")
    update = "---\nperson: dana\nweek: 2026-W46\n---\n### OKR: O1 Grow\n**KR1: Revenue**\n- Current: {}\n- Status: Green\n"
    path = "updates/2026-W46/dana.md"
    for value, expected in (("0.61", [(path, 7, 12, "L013")]), ("61", []), ("0.61%", [(path, 7, 12, "L013")])):
        root = make_ws({"okrs/2026-Q4/company.yaml": okrs, path: update.format(value)})
        result = cli("validate", "-w", root, "--today", "2026-11-20", "--format", "json")
        found = [(d["path"], d["line"], d["col"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
        assert found == expected, (value, found)
    # a key result whose own range is below 1 (an error rate going from 2% to 0.5%) is not judged
    low = okrs.replace("start: 0", "start: 2").replace("target: 100", "target: 0.5")
    root = make_ws({"okrs/2026-Q4/company.yaml": low, path: update.format("0.8")})
    assert json.loads(cli("validate", "-w", root, "--today", "2026-11-20", "--format", "json").stdout)["diagnostics"] == []


@pytest.mark.parametrize(
    "lint, expected",
    [
        ("lint:\n  ignore:\n    - L001\n    - L077\n", [("okrfile.yaml", 13, 7, "E312")]),  # at L077's item
        ("lint:\n  ignore: [L001, E200]\n", [("okrfile.yaml", 11, 18, "E312")]),  # at E200, not the `[`
        ("lint:\n  ignore: [L999, L001, E200]\n", [("okrfile.yaml", 11, 12, "E312"), ("okrfile.yaml", 11, 24, "E312")]),
    ],
    ids=["block", "flow", "flow-two"],
)
def test_unknown_rule_in_config_at_its_item(make_ws, lint, expected):
    from tests.conftest import CONFIG

    assert problems(make_ws({C: COMPANY}, config=CONFIG + lint)) == expected


@pytest.mark.parametrize(
    "scoring, expected",
    [
        # green rejected (E207): its default is not what the user wrote, so no E313 beside it
        ("scoring:\n  green: 70\n  yellow: 0.8\n", [(11, 10, "E207")]),
        ("scoring:\n  green: 0.7\n  yellow: 1.5\n", [(12, 11, "E207")]),
        # both written: at green
        ("scoring:\n  green: 0.5\n  yellow: 0.6\n", [(11, 10, "E313")]),
        # green left at its default, yellow written above it: at yellow, the value written
        ("scoring:\n  yellow: 0.8\n", [(11, 11, "E313")]),
    ],
    ids=["green-rejected", "yellow-rejected", "both-written", "green-default"],
)
def test_bad_bands_compares_what_was_written(make_ws, scoring, expected):
    from tests.conftest import CONFIG

    found = problems(make_ws({C: COMPANY}, config=CONFIG + scoring))
    assert [(line, col, code) for _, line, col, code in found] == expected


def test_bad_bands_says_which_band_is_the_default(make_ws):
    from tests.conftest import CONFIG

    root = make_ws({C: COMPANY}, config=CONFIG + "scoring:\n  yellow: 0.8\n")
    [found] = check_workspace(root).diagnostics
    assert "default" in found.message and "0.8" in found.message


def test_two_people_with_one_email(make_ws, cli):
    from tests.conftest import CONFIG

    config = CONFIG.replace("tz: Europe/Berlin}", "tz: Europe/Berlin, email: alice@acme.example}").replace(
        "  bob: {name: Bob, team: platform, tz: Asia/Tokyo}\n",
        "  bob:\n    name: Bob\n    team: platform\n    email: Alice@Acme.example\n",  # as checkin compares: case aside
    )
    root = make_ws({C: COMPANY}, config=config)
    assert problems(root) == [("okrfile.yaml", 11, 12, "E316")]  # the second person's email
    # checkin no longer picks the first of the two silently: the error stops it
    result = cli("checkin", "-w", root, "--person", "alice", "--week", "2026-W46")
    assert result.exit_code == 1 and "E316" in result.output


def test_unknown_code_in_comment_at_its_own_column(make_ws):
    text = COMPANY.replace("    owner: dana", "    owner: dana  # okrfile: ignore[L004, L999]")
    assert problems(make_ws({C: text})) == [(C, 6, 42, "E312")]  # at L999, not L004 (36)
