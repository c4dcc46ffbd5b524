"""`silence` and the digest's update counts, in a repository where one team's people live
in three time zones: on a Monday only some of them are due yet, and one posts late."""

import json
import os
import subprocess

import pytest

CONFIG = """\
okrfile: 1
org: Test Org
teams:
  core: {name: Core, lead: ana}
people:
  ana: {name: Ana Lima, team: core, tz: Asia/Tokyo}
  ben: {name: Ben Ode, team: core, tz: Europe/Berlin}
  cho: {name: Cho Park, team: core, tz: America/Los_Angeles}
"""

CORE = """\
period: 2026-Q4
team: core
objectives:
  - id: O1
    title: Grow
    owner: ana
    key_results:
      - id: KR1
        title: Revenue
        start: 0
        target: 100
"""


def update(person, week, value):
    return f"---\nperson: {person}\nweek: {week}\n---\n### OKR: O1 Grow\n**KR1: Revenue**\n- Current: {value} / Target: 100\n- Status: Green\n"


def git(root, *args, date=None):
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.update(GIT_AUTHOR_NAME="Ana Lima", GIT_AUTHOR_EMAIL="ana@example.org", GIT_COMMITTER_NAME="Ana Lima", GIT_COMMITTER_EMAIL="ana@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def core(tmp_path):
    """W41: nobody posts. W42: Ben on time, Ana on Tuesday (late), Cho not. W43, Monday 19 October 16:00 UTC:
    Ben has posted, Ana's Monday is over in Tokyo and she has not, Cho's has not begun to end
    in Los Angeles. The repository's HEAD is that Monday afternoon."""
    root = tmp_path / "core"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")

    def commit(files, date):
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "change", date=date)

    commit({"okrfile.yaml": CONFIG, "okrs/2026-Q4/core.yaml": CORE}, "2026-10-01T10:00:00+00:00")
    commit({"updates/2026-W42/ben.md": update("ben", "2026-W42", 10)}, "2026-10-12T09:00:00+00:00")
    commit({"updates/2026-W42/ana.md": update("ana", "2026-W42", 12)}, "2026-10-13T09:00:00+00:00")  # Tuesday in Tokyo
    commit({"updates/2026-W43/ben.md": update("ben", "2026-W43", 20)}, "2026-10-19T16:00:00+00:00")
    return root


def test_on_a_monday_the_count_is_of_those_due_as_the_rate_is(core, cli):
    table = cli("silence", "-w", core, "--at", "HEAD")
    assert table.exit_code == 0, table.output
    assert "1/2 50%" in table.stdout and "1/3" not in table.stdout
    assert "not due yet: Cho Park" in table.stdout
    markdown = cli("silence", "-w", core, "--at", "HEAD", "--format", "markdown").stdout
    assert "**Core** · 1/2 posted (50%; 1 not due yet)\n- Ana Lima: 1 week\n- not due yet: Cho Park\n" in markdown
    slack = cli("silence", "-w", core, "--at", "HEAD", "--format", "slack").stdout
    assert "*Core* · 1/2 posted (50%; 1 not due yet)\n• Ana Lima: 1 week\n• not due yet: Cho Park\n" in slack
    digest = cli("digest", "-w", core, "--at", "HEAD").stdout
    assert "## Core · 1/2 updates (50%; 1 not due yet)\n" in digest
    digest_slack = cli("digest", "-w", core, "--at", "HEAD", "--format", "slack").stdout
    assert "*Core* · 1/2 updates (50%; 1 not due yet)\n" in digest_slack
    # the JSON keeps its keys: every member in one of posted, silent or not due
    document = json.loads(cli("silence", "-w", core, "--at", "HEAD", "--format", "json").stdout)
    team = document["teams"][0]
    assert (team["posted"], [s["person"] for s in team["silent"]], team["not_due"]) == (["ben"], ["ana"], ["cho"])
    assert team["update_rate"] == document["update_rate"] == 0.5


def test_a_week_all_were_due_counts_the_whole_team(core, cli):
    markdown = cli("silence", "-w", core, "--week", "2026-W42", "--format", "markdown").stdout
    assert "**Core** · 2/3 posted (67%)\n- Cho Park: 2 weeks in a row\n- posted late: Ana Lima\n" in markdown
    assert "## Core · 2/3 updates (67%)\n" in cli("digest", "-w", core, "--week", "2026-W42").stdout


def test_silence_in_slack_says_who_posted_late(core, cli):
    slack = cli("silence", "-w", core, "--week", "2026-W42", "--format", "slack").stdout
    assert "• Cho Park: 2 weeks in a row\n• posted late: Ana Lima\n" in slack
    assert "late: Ana Lima" in cli("silence", "-w", core, "--week", "2026-W42").stdout  # as the table says


def test_silence_json_rates_have_four_decimals_like_scores(core, cli):
    document = json.loads(cli("silence", "-w", core, "--week", "2026-W42", "--format", "json").stdout)
    team = document["teams"][0]
    assert document["update_rate"] == team["update_rate"] == 0.6667
    assert (team["posted"], team["late"]) == (["ana", "ben"], ["ana"])  # slugs, as before


def test_nobody_due_yet_says_so(core, cli):
    """Monday morning in W43, before even Tokyo's Monday is over: no rate to give."""
    git(core, "reset", "-q", "--hard", "HEAD~1")  # back to the W42 posts, then a commit early on the Monday
    git(core, "commit", "-q", "--allow-empty", "-m", "early", date="2026-10-19T01:00:00+00:00")
    markdown = cli("silence", "-w", core, "--at", "HEAD", "--format", "markdown").stdout
    assert "**Core** · 0/3 posted (none due)\n- not due yet: Ana Lima, Ben Ode, Cho Park\n" in markdown
    slack = cli("silence", "-w", core, "--at", "HEAD", "--format", "slack").stdout
    assert "*Core* · 0/3 posted (none due)\n" in slack and "everyone posted" not in slack
    assert "0/3 none due" in cli("silence", "-w", core, "--at", "HEAD").stdout


def test_everyone_posted_is_said_in_slack_too(core, cli):
    for person in ("ana", "cho"):
        (core / f"updates/2026-W43/{person}.md").write_text(update(person, "2026-W43", 30))
    slack = cli("silence", "-w", core, "--week", "2026-W43", "--format", "slack").stdout
    assert "*Core* · 3/3 posted (100%)\n• everyone posted\n" in slack
