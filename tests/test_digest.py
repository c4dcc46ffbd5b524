"""The Tuesday digest and `silence`, on the example's quarter of updates."""

import json

from tests.conftest import run_okrfile

W = "2026-W47"


def team(document, slug):
    return next(t for t in document["teams"] if t["team"] == slug)


def test_digest_json(cli, acme):
    result = cli("digest", "-w", acme, "--week", W, "--format", "json")
    assert result.exit_code == 0, result.output
    digest = json.loads(result.stdout)
    assert (digest["week"], digest["period"], digest["week_number"]) == (W, "2026-Q4", 7)
    assert digest["update_rate"] == 7 / 8
    company = team(digest, "company")
    assert {"ref": "company/O2/KR2", "person": "dana", "before": "yellow", "after": "red"}.items() <= company["status_changes"][0].items()
    growth = team(digest, "growth")
    assert growth["silent"] == [{"person": "farah", "name": "Farah Haddad", "weeks": 3}]
    assert (growth["posted"], growth["members"], growth["update_rate"]) == (1, 2, 0.5)
    platform = team(digest, "platform")
    assert {"person": "bob", "name": "Bob Ito", "text": "A reviewer for the digest bot."} in platform["help_needed"]
    assert any(b["ref"] == "platform/O1/KR2" and "security review" in b["text"] for b in platform["blockers"])
    assert platform["wins"] and platform["silent"] == []


def test_newly_off_track(cli, acme):
    digest = json.loads(cli("digest", "-w", acme, "--week", W, "--format", "json").stdout)
    refs = [o["ref"] for t in digest["teams"] for o in t["newly_off_track"]]
    assert refs  # the example has key results slipping behind pace this week
    earlier = json.loads(cli("digest", "-w", acme, "--week", "2026-W41", "--format", "json").stdout)
    assert [o for t in earlier["teams"] for o in t["newly_off_track"]] == []  # week 1: nothing to compare


def test_digest_markdown_and_slack(cli, acme):
    markdown = cli("digest", "-w", acme, "--week", W).stdout
    assert markdown.startswith(f"# Weekly digest {W} · week 7 of 2026-Q4")
    assert "- company/O2/KR2 Raise eNPS from 24 to 40: Yellow → **Red** (dana)" in markdown
    assert "- Farah Haddad: silent 3 weeks in a row" in markdown
    slack = cli("digest", "-w", acme, "--week", W, "--format", "slack").stdout
    assert slack.startswith(f"*Weekly digest {W}*")
    assert "_Not posted_: Farah Haddad (3 weeks)" in slack
    assert "**" not in slack  # mrkdwn bold is one star


def test_digest_template_override(cli, acme_copy):
    (acme_copy / "templates").mkdir()
    (acme_copy / "templates/digest.md.j2").write_text("{{ digest.week }}: {{ digest.teams | length }} teams\n")
    assert cli("digest", "-w", acme_copy, "--week", W).stdout == f"{W}: 4 teams\n"


def test_silence(cli, acme):
    result = cli("silence", "-w", acme, "--week", W, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert team(document, "growth")["silent"] == [{"person": "farah", "name": "Farah Haddad", "weeks": 3}]
    assert team(document, "platform")["silent"] == []
    isolated = json.loads(cli("silence", "-w", acme, "--week", "2026-W43", "--format", "json").stdout)
    assert team(isolated, "growth")["silent"] == [{"person": "emma", "name": "Emma Lindqvist", "weeks": 1}]
    table = cli("silence", "-w", acme, "--week", W)
    assert table.exit_code == 0 and "Farah Haddad (3 weeks in a row)" in table.stdout
    markdown = cli("silence", "-w", acme, "--week", W, "--format", "markdown").stdout
    assert "- Farah Haddad: 3 weeks in a row" in markdown


def test_silence_in_the_previous_quarter(cli, acme):
    document = json.loads(cli("silence", "-w", acme, "--week", "2026-W33", "--format", "json").stdout)
    assert document["period"] == "2026-Q3"
    assert team(document, "engineering")["silent"] == [{"person": "carlos", "name": "Carlos Mendes", "weeks": 1}]


def test_bad_week(cli, acme):
    assert cli("digest", "-w", acme, "--week", "2026-47").exit_code == 2
    assert cli("digest", "-w", acme, "--week", "2031-W02").exit_code == 2


def test_as_subprocesses(acme):
    digest = run_okrfile("digest", "-w", acme, "--week", W, "--format", "json")
    assert digest.returncode == 0 and json.loads(digest.stdout)["week"] == W
    silence = run_okrfile("silence", "-w", acme, "--week", W)
    assert silence.returncode == 0 and "Farah Haddad" in silence.stdout


def test_not_due_before_the_checkin_day_ends(acme):
    """Monday morning: nobody whose Monday is not over is silent yet."""
    import datetime as dt

    from okrfile.cadence import cadence
    from okrfile.check import check_workspace

    ws = check_workspace(acme).workspace
    monday_morning = dt.datetime(2026, 11, 16, 6, 0, tzinfo=dt.timezone.utc)  # W47's check-in day
    teams = {t.team: t for t in cadence(ws, W, "2026-Q4", now=monday_morning)}
    assert teams["growth"].silent == [] and teams["growth"].not_due == ["farah"]
    tuesday = dt.datetime(2026, 11, 17, 12, 0, tzinfo=dt.timezone.utc)
    teams = {t.team: t for t in cadence(ws, W, "2026-Q4", now=tuesday)}
    assert [s.person for s in teams["growth"].silent] == ["farah"] and teams["growth"].rate == 0.5


def test_front_matter_only_is_not_an_update(cli, acme_copy):
    (acme_copy / "updates/2026-W47/farah.md").write_text("---\nperson: farah\nweek: 2026-W47\n---\n")
    document = json.loads(cli("silence", "-w", acme_copy, "--week", W, "--format", "json").stdout)
    assert [s["person"] for s in team(document, "growth")["silent"]] == ["farah"]


def test_the_untouched_template_is_not_an_update(cli, acme_copy):
    (acme_copy / "updates/2026-W47/farah.md").unlink(missing_ok=True)
    assert cli("checkin", "-w", acme_copy, "--person", "farah", "--week", W).exit_code == 0
    document = json.loads(cli("silence", "-w", acme_copy, "--week", W, "--format", "json").stdout)
    assert [s["person"] for s in team(document, "growth")["silent"]] == ["farah"]


def test_silence_slack_and_a_week_in_no_period(cli, acme):
    slack = cli("silence", "-w", acme, "--week", W, "--format", "slack").stdout
    assert slack.startswith(f"*Who has not posted · {W}*") and "• Farah Haddad: 3 weeks in a row" in slack
    assert "**" not in slack and "#" not in slack
    outside = cli("silence", "-w", acme, "--week", "2026-W40")
    assert outside.exit_code == 2 and "no period" in outside.output


def test_stay_key_result_newly_off_track_says_which_line(cli, acme):
    digest = json.loads(cli("digest", "-w", acme, "--week", W, "--format", "json").stdout)
    tickets = next(o for t in digest["teams"] for o in t["newly_off_track"] if o["ref"] == "growth/O1/KR4")
    assert tickets["line"] == "5.4, past its limit of 5"


def test_silence_says_who_is_not_due_yet_not_that_everyone_posted(acme):
    import datetime as dt

    from okrfile.cadence import cadence
    from okrfile.check import check_workspace
    from okrfile.render.cadence import render_silence_markdown, render_silence_slack

    ws = check_workspace(acme).workspace
    monday_morning = dt.datetime(2026, 11, 16, 6, 0, tzinfo=dt.timezone.utc)  # a week before W48's check-in day
    teams = cadence(ws, "2026-W48", "2026-Q4", now=monday_morning)  # a week nobody has posted for
    text = render_silence_markdown("2026-W48", teams)
    assert "everyone posted" not in text and "- not due yet: Alice Ng, Bob Ito, Hana Novak" in text
    assert "• not due yet: Alice Ng, Bob Ito, Hana Novak" in render_silence_slack("2026-W48", teams)


def test_rates_round_to_nearest_while_progress_rounds_down():
    from okrfile.render.values import percent, share

    assert (share(2 / 3), percent(2 / 3)) == ("67%", "66%")  # 2 of 3 posted reads 67%; a progress of 0.667 reads 66%
    assert (share(0.5), share(None), share(1.0), share(0.0)) == ("50%", "–", "100%", "0%")
    assert (share(199 / 200), share(1 / 300)) == ("99%", "1%")  # only all is 100%, only none 0%


def test_a_week_nobody_was_due_says_so(make_ws, cli):
    from tests.conftest import COMPANY

    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY})
    digest = cli("digest", "-w", root, "--week", "2026-W40").stdout  # the quarter starts on Thursday 1 October
    assert "## Company · 0/1 updates (none due)" in digest


def test_a_bad_option_is_said_before_anything_else(acme_copy):
    from tests.conftest import run_okrfile

    (acme_copy / "updates/2026-W47/bob.md").write_text("---\nperson: [bob\n---\n")  # an update in error
    for args in (("status", "--today", "2026-13-01"), ("digest", "--week", "2026-W99"), ("silence", "--week", "soon")):
        result = run_okrfile(*args, "-w", acme_copy)
        assert result.returncode == 2 and "error(s) in" not in result.stderr, args


def test_a_mistake_in_a_workspace_digest_template_is_named_with_its_line(cli, acme_copy):
    (acme_copy / "templates").mkdir()
    (acme_copy / "templates/digest.md.j2").write_text("# {{ digest.week }}\n{% for team in digest.teams %}\n")
    (acme_copy / "templates/digest.slack.j2").write_text("*{{ digest.week }}*\n{{ digest.nothing_here }}\n")
    for args, where, problem in (
        ((), "templates/digest.md.j2:2:", "template syntax error"),
        (("--format", "slack"), "templates/digest.slack.j2:2:", "has no attribute 'nothing_here'"),
    ):
        result = cli("digest", "-w", acme_copy, "--week", W, *args)
        assert isinstance(result.exception, SystemExit), result.exception  # a user's error, not a crash
        said = " ".join(result.output.replace("│", " ").split())
        assert result.exit_code == 1 and where in said and problem in said, result.output
        assert result.stdout == ""  # no half digest
    # posting: the Markdown digest is not printed when the Slack text cannot be made
    (acme_copy / "templates/digest.md.j2").write_text("# {{ digest.week }}\n")
    result = cli("digest", "-w", acme_copy, "--week", W, "--post", "https://hooks.slack.invalid/x")
    assert result.exit_code == 1 and result.stdout == "" and "templates/digest.slack.j2:2:" in result.output


def test_a_misnamed_update_says_nothing_in_the_digest(cli, acme_copy):
    """An update whose front matter disagrees with its path (E402) does not count: silence
    calls its writer silent, and the digest shows none of its wins, blockers or help."""
    farah = (acme_copy / "updates/2026-W44/farah.md").read_text().replace("- Blockers: GRO-88 fix is in review, not deployed.", "- Blockers: Misfiled blocker.")
    farah = farah.replace("week: 2026-W44", "week: 2026-W47")  # W47's, filed in W48
    (acme_copy / "updates/2026-W48").mkdir()
    (acme_copy / "updates/2026-W48/farah.md").write_text(farah)
    gus = (acme_copy / "updates/2026-W46/gus.md").read_text().replace("week: 2026-W46", "week: 2026-W47")
    (acme_copy / "updates/2026-W46/gus.md").write_text(gus.replace("person: gus", "person: farah"))  # farah's, in gus's name
    result = json.loads(cli("validate", "-w", acme_copy, "--format", "json").stdout)
    misnamed = [(d["path"], d["line"], d["col"], d["code"]) for d in result["diagnostics"] if d["code"] == "E402"]
    assert misnamed == [
        ("updates/2026-W46/gus.md", 2, 9, "E402"),
        ("updates/2026-W46/gus.md", 3, 7, "E402"),
        ("updates/2026-W48/farah.md", 3, 7, "E402"),
    ]
    growth = team(json.loads(cli("digest", "-w", acme_copy, "--week", W, "--format", "json").stdout), "growth")
    assert growth["silent"] == [{"person": "farah", "name": "Farah Haddad", "weeks": 3}]
    said = growth["wins"] + growth["blockers"] + growth["help_needed"]
    assert [s for s in said if s["person"] == "farah"] == []


def test_a_draft_blocks_blocker_is_not_in_the_digest(cli, acme_copy):
    """A block with a placeholder left in counts for nothing (E409), its blocker included."""
    bob = acme_copy / "updates/2026-W47/bob.md"
    bob.write_text(bob.read_text().replace("- Current: not done / Target: done", "- Current: [not done / done] / Target: done"))
    platform = team(json.loads(cli("digest", "-w", acme_copy, "--week", W, "--format", "json").stdout), "platform")
    assert "Waiting on security review for the Slack app." not in [b["text"] for b in platform["blockers"]]


def test_digest_json_names_late_people_by_slug_too_and_rounds_rates(cli, acme_copy):
    document = json.loads(cli("digest", "-w", acme_copy, "--week", W, "--format", "json").stdout)
    for t in document["teams"]:
        assert len(t["late_people"]) == len(t["late"])
        assert t["update_rate"] is None or t["update_rate"] == round(t["update_rate"], 4)
