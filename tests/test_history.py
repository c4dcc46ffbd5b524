"""History from real git repositories with dated commits."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import pytest

from okrfile.history import HistoryError, read_history
from tests.conftest import COMPANY, CONFIG, run_okrfile

C = "okrs/2026-Q4/company.yaml"


def git(root, *args, date=None, author="Dana Ruiz <dana@acme.example>"):
    name, email = author[:-1].split(" <")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")

    def commit(files: dict, date: str, author="Dana Ruiz <dana@acme.example>", message="change", delete=()):
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text)
        for name in delete:
            (root / name).unlink()
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, date=date, author=author)
        return git(root, "rev-parse", "HEAD").strip()

    def branch(name: str, files: dict, date: str, **kwargs):
        """A commit on a new branch (a pull request's), then back on main."""
        git(root, "checkout", "-q", "-b", name)
        sha = commit(files, date, **kwargs)
        git(root, "checkout", "-q", "main")
        return sha

    commit.root = root
    commit.branch = branch
    return commit


def update(person, week, value, status="Green"):
    return (
        f"---\nperson: {person}\nweek: {week}\n---\n### OKR: O1 Grow\n**KR1: Revenue**\n"
        f"- Current: {value} / Target: 100\n- Status: {status}\n"
    )


def test_values_over_time_from_updates_and_the_okr_file(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY.replace("        current: 50\n", "")}, "2026-09-28T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00-04:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T09:00:00-04:00")
    sha = repo({C: COMPANY.replace("current: 50", "current: 25")}, "2026-10-14T12:00:00+00:00", author="Alice Ng <alice@acme.example>")
    history = read_history(repo.root)
    points = history.points["2026-Q4/company/O1/KR1"]
    assert [(p.date.date().isoformat(), p.value, p.source, p.author) for p in points] == [
        ("2026-10-05", 10, "updates/2026-W41/dana.md", "Dana Ruiz"),
        ("2026-10-12", 20, "updates/2026-W42/dana.md", "Dana Ruiz"),
        ("2026-10-14", 25, C, "Alice Ng"),
    ]
    assert points[-1].commit == sha
    assert history.commits == 4 and not history.shallow


def test_moved_goalposts_only_after_the_period_starts(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-20T10:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 120")}, "2026-09-25T10:00:00+00:00")  # still planning
    sha = repo({C: COMPANY.replace("target: 100", "target: 90")}, "2026-10-20T10:00:00+00:00", author="Alice Ng <alice@acme.example>")
    more = COMPANY.replace("target: 100", "target: 90") + "      - {id: KR2, title: Margin, start: 0, target: 1}\n"
    repo({C: more.replace("title: Revenue", "title: Net revenue")}, "2026-10-27T10:00:00+00:00")
    history = read_history(repo.root)
    changes = [(g.ref, g.field, g.old, g.new) for g in history.goalposts]
    assert changes == [
        ("2026-Q4/company/O1/KR1", "target", 120, 90),
        ("2026-Q4/company/O1/KR1", "title", "Revenue", "Net revenue"),
        ("2026-Q4/company/O1/KR2", "added", None, "Margin"),
    ]
    assert history.goalposts[0].commit == sha and history.goalposts[0].author == "Alice Ng"


def test_renames_are_followed(repo):
    old = "okrs/2026-Q4/company-okrs.yaml"
    repo({"okrfile.yaml": CONFIG, old: COMPANY}, "2026-10-06T10:00:00+00:00")
    git(repo.root, "mv", old, C)
    repo({}, "2026-10-07T10:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 90")}, "2026-10-08T10:00:00+00:00")
    history = read_history(repo.root)
    # the rename neither adds nor removes key results; the later edit is compared with the renamed file
    assert [(g.field, g.old, g.new) for g in history.goalposts] == [("target", 100, 90)]
    assert [p.source for p in history.points["2026-Q4/company/O1/KR1"]] == [old]


def test_cadence_on_time_late_missing(repo, cli):
    config = CONFIG.replace("dana: {name: Dana, team: company, tz: America/New_York}", "dana: {name: Dana, team: company, tz: Asia/Tokyo}")
    repo({"okrfile.yaml": config, C: COMPANY}, "2026-09-28T10:00:00+00:00")
    # W41's Monday ends at 2026-10-06T00:00 in Tokyo = 2026-10-05T15:00Z
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T14:00:00+00:00")  # on time
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T16:00:00+00:00")  # late in Tokyo
    result = cli("history", "-w", repo.root, "--period", "2026-Q4", "--format", "json")
    assert result.exit_code == 0, result.output
    cadence = json.loads(result.stdout)["cadence"]
    dana = cadence["people"]["dana"]
    assert (dana["2026-W41"], dana["2026-W42"], dana["2026-W43"]) == ("on_time", "late", "missing")
    assert cadence["teams"]["company"]["2026-W41"] == 1.0 and cadence["teams"]["company"]["2026-W42"] == 0.0


def test_history_json_for_one_key_result(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    result = cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json")
    document = json.loads(result.stdout)
    assert document["ref"] == "2026-Q4/company/O1/KR1"
    assert [p["value"] for p in document["points"]] == [50, 10]
    assert set(document["points"][0]) == {"date", "value", "source", "commit", "author", "week", "corrects"}
    assert [p["week"] for p in document["points"]] == [None, "2026-W41"]
    assert document["goalpost_changes"] == []
    full = cli("history", "2026-Q4/company/O1/KR1", "-w", repo.root, "--format", "json")
    assert json.loads(full.stdout)["ref"] == "2026-Q4/company/O1/KR1"
    table = cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4")
    assert "updates/2026-W41/dana.md" in table.stdout
    unknown = cli("history", "company/O1/KR9", "-w", repo.root, "--period", "2026-Q4")
    assert unknown.exit_code == 2 and "KR1" in unknown.output


def test_status_marks_moved_goalposts_and_dates_file_values(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 80")}, "2026-10-20T10:00:00+00:00")
    report = json.loads(cli("status", "-w", repo.root, "--today", "2026-11-20", "--format", "json").stdout)
    kr = report["teams"][0]["objectives"][0]["key_results"][0]
    assert kr["goalpost_moved"] == ["target"]
    assert kr["stale"] is True  # `current: 50` last changed on 2026-10-01
    earlier = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-06", "--format", "json").stdout)
    assert earlier["teams"][0]["objectives"][0]["key_results"][0]["goalpost_moved"] == []
    # --at reads the history up to its revision: the same marks, as of then
    at_head = json.loads(cli("status", "-w", repo.root, "--at", "HEAD", "--today", "2026-11-20", "--format", "json").stdout)
    assert at_head["teams"][0]["objectives"][0]["key_results"][0] == kr
    before_move = json.loads(cli("status", "-w", repo.root, "--at", "2026-10-19", "--today", "2026-11-20", "--format", "json").stdout)
    kr = before_move["teams"][0]["objectives"][0]["key_results"][0]
    assert kr["goalpost_moved"] == [] and kr["target"] == 100 and kr["stale"] is True


def test_at_reads_an_old_revision_without_touching_the_tree(repo, cli):
    first = repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    git(repo.root, "tag", "kickoff")
    repo({C: COMPANY.replace("current: 50", "current: 75")}, "2026-10-20T10:00:00+00:00")
    (repo.root / C).write_text(COMPANY.replace("current: 50", "current: 99"))  # uncommitted
    for rev in (first, "kickoff", "2026-10-05", "main~1"):
        report = json.loads(cli("status", "-w", repo.root, "--at", rev, "--today", "2026-10-30", "--format", "json").stdout)
        assert report["teams"][0]["objectives"][0]["key_results"][0]["current"] == 50, rev
    now = json.loads(cli("status", "-w", repo.root, "--at", "HEAD", "--today", "2026-10-30", "--format", "json").stdout)
    assert now["teams"][0]["objectives"][0]["key_results"][0]["current"] == 75
    assert (repo.root / C).read_text().count("current: 99") == 1  # the working tree is untouched
    assert cli("validate", "-w", repo.root, "--at", first).exit_code == 0
    assert run_okrfile("validate", "-w", repo.root, "--at", first).returncode == 0  # the fast path takes --at too
    assert cli("silence", "-w", repo.root, "--at", first, "--week", "2026-W41").exit_code == 0
    assert cli("digest", "-w", repo.root, "--at", first, "--week", "2026-W41").exit_code == 0
    before = cli("status", "-w", repo.root, "--at", "2026-01-01")
    assert before.exit_code == 2 and "no commit on or before" in before.output
    bogus = cli("status", "-w", repo.root, "--at", "no-such-branch")
    assert bogus.exit_code == 2 and "not a commit" in bogus.output


def test_old_broken_blobs_are_skipped(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({C: "period: 2026-Q4\n<<<<<<< HEAD\nteam: company\n=======\nteam: x\n>>>>>>> other\n"}, "2026-10-02T10:00:00+00:00")
    repo({C: COMPANY.encode().replace(b"Grow", b"Gr\xf6w")}, "2026-10-03T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-04T10:00:00+00:00")
    history = read_history(repo.root)
    assert len(history.skipped) == 2
    assert [p.value for p in history.points["2026-Q4/company/O1/KR1"]] == [50, 60]
    result = run_okrfile("history", "-w", repo.root, "--period", "2026-Q4")
    assert result.returncode == 0 and "did not parse and were skipped" in result.stderr
    assert "Traceback" not in result.stderr
    status = run_okrfile("status", "-w", repo.root, "--today", "2026-10-05")  # it reads the history to date values
    assert status.returncode == 0 and "skipped" not in status.stderr  # the past is history's to say


def test_no_repository_empty_repository_detached_head(make_ws, tmp_path, cli, repo):
    plain = make_ws({C: COMPANY})
    with pytest.raises(HistoryError):
        read_history(plain)
    no_repo = run_okrfile("history", "-w", plain, "--period", "2026-Q4")
    assert no_repo.returncode == 2 and "not in a git repository" in no_repo.stderr
    assert cli("status", "-w", plain, "--today", "2026-11-01").exit_code == 0  # status does without
    git(plain, "init", "-q")
    empty = run_okrfile("history", "-w", plain, "--period", "2026-Q4")
    assert empty.returncode == 2 and "no commits" in empty.stderr
    first = repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-04T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "--detach", first)
    detached = run_okrfile("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json")
    assert detached.returncode == 0 and [p["value"] for p in json.loads(detached.stdout)["points"]] == [50]


def test_shallow_clone_warns_and_reports(repo, tmp_path):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-14T10:00:00+00:00")
    repo({"updates/2026-W43/dana.md": update("dana", "2026-W43", 30)}, "2026-10-19T09:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)], check=True)
    result = run_okrfile("history", "company/O1/KR1", "-w", clone, "--period", "2026-Q4", "--format", "json")
    assert result.returncode == 0
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr and "GIT_DEPTH: 0" in result.stderr
    # what it can: what came after the cut; when the values there were set (W41's update,
    # the OKR file's 60) is beyond it, and who set them
    assert [p["value"] for p in json.loads(result.stdout)["points"]] == [30]
    whole = json.loads(run_okrfile("history", "-w", clone, "--period", "2026-Q4", "--format", "json").stdout)
    assert whole["cadence"]["people"]["dana"]["2026-W41"] == "unknown"  # not "late"
    assert whole["cadence"]["people"]["dana"]["2026-W43"] == "on_time"
    judged = whole["cadence"]["judged"]["dana"]
    assert "2026-W41" not in judged  # unknown: nothing to judge by
    w43 = judged["2026-W43"]  # Monday 09:00 UTC against the end of Monday in New York
    assert (w43["date"], w43["deadline"]) == ("2026-10-19T09:00:00+00:00", "2026-10-20T00:00:00-04:00")
    assert w43["commit"] == git(repo.root, "rev-parse", "HEAD").strip()
    before = run_okrfile("status", "-w", clone, "--at", "2026-10-02")
    assert before.returncode == 2 and "git fetch --unshallow" in before.stderr
    first = git(repo.root, "rev-list", "--max-parents=0", "HEAD").strip()  # a commit beyond the cut
    beyond = run_okrfile("status", "-w", clone, "--at", first)
    assert beyond.returncode == 2 and "git fetch --unshallow" in beyond.stderr


def test_workspace_in_a_subfolder_of_the_repo(repo, cli):
    repo({"okr/okrfile.yaml": CONFIG, f"okr/{C}": COMPANY, "src/app.py": "print()\n"}, "2026-10-01T10:00:00+00:00")
    repo({f"okr/{C}": COMPANY.replace("current: 50", "current: 60")}, "2026-10-04T10:00:00+00:00")
    history = read_history(repo.root / "okr")
    assert [(p.value, p.source) for p in history.points["2026-Q4/company/O1/KR1"]] == [(50, C), (60, C)]
    report = json.loads(cli("status", "-w", repo.root / "okr", "--at", "HEAD~1", "--today", "2026-10-30", "--format", "json").stdout)
    assert report["teams"][0]["objectives"][0]["key_results"][0]["current"] == 50


def test_demo(tmp_path):
    target = tmp_path / "demo"
    result = run_okrfile("demo", target, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"created {target}" in result.stdout
    log = git(target, "log", "--format=%an|%ad", "--date=short")
    authors = {line.split("|")[0] for line in log.splitlines()}
    assert {"Bob Ito", "Farah Haddad", "Dana Kowalski"} <= authors
    assert min(line.split("|")[1] for line in log.splitlines()).startswith("2026-07")  # backdated
    history = read_history(target)
    moved = [(g.ref, g.field, g.old, g.new) for g in history.goalposts]
    assert ("2026-Q4/platform/O1/KR1", "target", 10, 12) in moved
    assert run_okrfile("validate", "-w", target).returncode == 0
    again = run_okrfile("demo", target)
    assert again.returncode == 2 and "not empty" in again.stderr


def test_demo_repo_cadence_has_late_and_missing(tmp_path, cli):
    from okrfile.demo import build_demo

    build_demo(tmp_path / "d")
    document = json.loads(cli("history", "-w", tmp_path / "d", "--period", "2026-Q4", "--format", "json").stdout)
    marks = [m for weeks in document["cadence"]["people"].values() for m in weeks.values()]
    assert {"on_time", "late", "missing"} <= set(marks)
    assert document["cadence"]["people"]["farah"]["2026-W46"] == "missing"


def test_silence_and_digest_name_late_posters(tmp_path, cli):
    from okrfile.demo import build_demo

    build_demo(tmp_path / "d")
    document = json.loads(cli("silence", "-w", tmp_path / "d", "--week", "2026-W47", "--format", "json").stdout)
    late = {t["team"]: t["late"] for t in document["teams"]}
    assert late["engineering"] == ["carlos"]  # the demo commits his W47 update a day late
    digest = json.loads(cli("digest", "-w", tmp_path / "d", "--week", "2026-W47", "--format", "json").stdout)
    assert next(t for t in digest["teams"] if t["team"] == "engineering")["late"] == ["Carlos Mendes"]
    assert "late: Carlos Mendes" in cli("silence", "-w", tmp_path / "d", "--week", "2026-W47").stdout


def test_at_reports_as_of_that_commit(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-20T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 75")}, "2026-11-20T10:00:00+00:00")
    report = json.loads(cli("status", "-w", repo.root, "--at", "2026-10-20", "--format", "json").stdout)
    assert report["today"] == "2026-10-20"
    pinned = json.loads(cli("status", "-w", repo.root, "--at", "2026-10-20", "--today", "2026-11-01", "--format", "json").stdout)
    assert pinned["today"] == "2026-11-01"
    silence = json.loads(cli("silence", "-w", repo.root, "--at", "2026-10-20", "--format", "json").stdout)
    assert silence["week"] == "2026-W43"


def test_unclosed_quote_points_at_its_start(make_ws, cli):
    root = make_ws({C: COMPANY.replace("title: Grow", "title: 'Grow") })
    result = json.loads(cli("validate", "-w", root, "--format", "json").stdout)
    assert [(d["line"], d["code"]) for d in result["diagnostics"]] == [(5, "E101")]


def test_history_before_anything_is_committed(repo, make_ws, cli):
    repo({"README.md": "other things\n"}, "2026-10-01T10:00:00+00:00")
    (repo.root / "okrfile.yaml").write_text(CONFIG)
    result = run_okrfile("history", "-w", repo.root)
    assert result.returncode == 2 and "committed" in result.stderr


def _history_facts(history):
    points = {ref: [(p.date, p.value, p.source, p.commit) for p in found] for ref, found in history.points.items()}
    goalposts = [(g.ref, g.field, g.old, g.new, g.commit) for g in history.goalposts]
    return points, goalposts, history.first_posted, history.posted, history.commits


def test_log_records_cut_across_reads_are_joined(repo, monkeypatch):
    import okrfile.history

    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    for week, value in (("2026-W41", 10), ("2026-W42", 20), ("2026-W43", 30)):
        repo({f"updates/{week}/dana.md": update("dana", week, value)}, f"2026-10-{int(week[-2:]) - 35:02d}T09:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 120")}, "2026-10-20T10:00:00+00:00")
    whole = _history_facts(read_history(repo.root, cache=False))
    monkeypatch.setattr(okrfile.history, "_LOG_CHUNK", 7)  # every record arrives in pieces
    assert _history_facts(read_history(repo.root, cache=False)) == whole
    assert [p[1] for p in whole[0]["2026-Q4/company/O1/KR1"]] == [50, 10, 20, 30]
    assert [g[1:4] for g in whole[1]] == [("target", 100, 120)]


def test_a_blob_missing_from_the_repository_is_skipped(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-04T10:00:00+00:00")
    blob = git(repo.root, "rev-parse", f"HEAD~1:{C}").strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # as a damaged or partial clone has it
    history = read_history(repo.root, cache=False)
    assert history.skipped == [f"{C} in commit {git(repo.root, 'rev-parse', 'HEAD~1').strip()[:10]}"]  # a commit to look at
    assert [p.value for p in history.points["2026-Q4/company/O1/KR1"]] == [60]


SMALL_PIPES = """
import fcntl, json, sys
from pathlib import Path
from okrfile.history import Repository

blobs = json.loads(sys.stdin.read())
found = Repository(Path(sys.argv[1]))
found.ask_blobs([])  # starts git cat-file --batch
for pipe in (found._batch.stdin, found._batch.stdout):
    fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 4096)  # the smallest pipes a system gives
found.ask_blobs([*blobs, "1" * 40, "0" * 40])
for sha in reversed(list(blobs)):  # the last asked is wanted first
    assert found.take_blob(sha).decode() == blobs[sha], sha
assert found.blob("1" * 40) is None and found.blob("0" * 40) is None
found.ask_blobs(blobs)
found.close()  # with answers still owed
print("done")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="F_SETPIPE_SZ is Linux's")
def test_blobs_asked_ahead_never_block_on_small_pipes(repo):
    texts = {f"updates/2026-W41/p{n:03}.md": f"p{n}\n" + "x" * 3000 + "\n" for n in range(300)}
    repo({"okrfile.yaml": CONFIG, **texts}, "2026-10-01T10:00:00+00:00")
    listing = git(repo.root, "ls-tree", "-r", "HEAD", "updates").splitlines()
    blobs = {line.split()[2]: texts[line.split("\t")[1]] for line in listing}
    done = subprocess.run(
        [sys.executable, "-c", SMALL_PIPES, str(repo.root)], input=json.dumps(blobs), capture_output=True, text=True, timeout=120
    )  # a deadlock ends in TimeoutExpired, not a hung suite
    assert done.returncode == 0 and done.stdout == "done\n", done.stderr


CACHED_RUN = """
import sys
sys.argv = ["okrfile", "history", "-w", {root!r}, "--period", "2026-Q4", "--format", "json"]
from okrfile.entry import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("GIT=" + repr("git" in sys.modules) + "\\n")
"""


def test_a_cached_history_is_the_same_and_needs_no_gitpython(repo, tmp_path):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-14T09:00:00+00:00")
    env = {**os.environ, "OKRFILE_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", CACHED_RUN.format(root=str(repo.root))], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    uncached = run_okrfile("history", "-w", repo.root, "--period", "2026-Q4", "--format", "json", "--no-cache")
    assert [r.stderr.splitlines()[-1] for r in runs] == ["GIT=True", "GIT=False"]
    documents = [json.loads(r.stdout) for r in (*runs, uncached)]
    assert documents[0] == documents[1] == documents[2]
    assert documents[0]["cadence"]["people"]["dana"]["2026-W41"] == "on_time"
    assert documents[0]["cadence"]["people"]["dana"]["2026-W42"] == "late"


def test_a_backfilled_update_joins_the_timeline_by_date(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T09:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")  # committed later
    assert [p.value for p in read_history(repo.root, cache=False).points["2026-Q4/company/O1/KR1"]] == [50, 10, 20]
    wrong = cli("status", "-w", repo.root, "--at", "2026-13-01")
    assert wrong.exit_code == 2 and "not a real date" in wrong.output


def test_no_check_in_is_due_before_the_period_begins(repo, cli):
    # 2026-Q4 is the calendar quarter here: it begins on Thursday 1 October, after W40's Monday
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    whole = json.loads(run_okrfile("history", "-w", repo.root, "--period", "2026-Q4", "--format", "json").stdout)
    assert whole["cadence"]["weeks"][0] == "2026-W41"
    early = json.loads(cli("silence", "-w", repo.root, "--week", "2026-W40", "--format", "json").stdout)
    assert all(not t["silent"] and t["not_due"] for t in early["teams"])


def test_shallow_cut_edits_and_deepening(repo, tmp_path):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-06T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 11)}, "2026-10-13T09:00:00+00:00")  # a fix, a week on
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)], check=True)

    def dana_w41():
        found = run_okrfile("history", "-w", clone, "--period", "2026-Q4", "--format", "json")
        assert found.returncode == 0, found.stderr
        return json.loads(found.stdout)["cadence"]["people"]["dana"]["2026-W41"]

    assert dana_w41() == "unknown"  # the edit after the cut is not the first post
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=clone, check=True)
    assert dana_w41() == "on_time"  # the cached history was for the cut clone


def test_odd_bytes_in_names_and_paths_do_not_break_the_log(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00", author="Odd\x1fName <odd@acme.example>")
    repo({"updates/2026-W41/da\x1ena.md": "not an update"}, "2026-10-05T09:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-06T10:00:00+00:00")
    history = read_history(repo.root, cache=False)
    assert history.commits == 3
    assert [(p.value, p.author) for p in history.points["2026-Q4/company/O1/KR1"]] == [(50, "Odd\x1fName"), (60, "Dana Ruiz")]


def test_history_follows_the_owner_and_starts_with_the_repository(repo):
    # company/O1/KR1 has no owner of its own, so its objective's owner, dana, is the one that counts
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-14T10:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T09:00:00+00:00")
    other = update("alice", "2026-W42", 25).replace("### OKR: O1 Grow", "### OKR: company/O1 Grow")
    repo({"updates/2026-W42/alice.md": other}, "2026-10-13T09:00:00+00:00")  # after dana's, not the owner
    found = run_okrfile("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json")
    assert [p["value"] for p in json.loads(found.stdout)["points"]] == [20, 50]  # alice's 25 does not count
    whole = json.loads(run_okrfile("history", "-w", repo.root, "--period", "2026-Q4", "--format", "json").stdout)
    assert whole["cadence"]["weeks"][0] == "2026-W42"  # nothing was due before the first commit


def test_history_reuses_what_the_last_check_parsed(repo, monkeypatch):
    import okrfile.workspace
    from okrfile.check import check_workspace

    repo({"okrfile.yaml": CONFIG, C: COMPANY.replace("current: 50", "current: 40")}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY}, "2026-10-04T10:00:00+00:00")
    check_workspace(repo.root, cache=True)  # as validate or status would: HEAD's files are the working tree's
    parsed = []
    real = okrfile.workspace.parse_file
    monkeypatch.setattr(okrfile.workspace, "parse_file", lambda data, path, kind: parsed.append(path) or real(data, path, kind))
    history = read_history(repo.root)
    assert [p.value for p in history.points["2026-Q4/company/O1/KR1"]] == [40, 50]
    assert parsed == [C]  # only the old version; okrfile.yaml and the current OKR set came from the cache


def test_removed_key_results_objectives_and_files_are_goalposts_that_show(repo, cli):
    two = COMPANY + "      - {id: KR2, title: Margin, start: 0, target: 1}\n  - id: O2\n    title: Hire\n    key_results:\n      - {id: KR1, title: Engineers, start: 0, target: 5}\n"
    other = "okrs/2026-Q4/platform.yaml"
    repo({"okrfile.yaml": CONFIG, C: two, other: COMPANY.replace("team: company", "team: platform")}, "2026-09-28T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({C: two.replace("      - {id: KR2, title: Margin, start: 0, target: 1}\n", "")}, "2026-10-20T10:00:00+00:00")
    repo({C: COMPANY}, "2026-10-21T10:00:00+00:00")  # O2 goes
    repo({}, "2026-10-22T10:00:00+00:00", delete=[other])
    document = json.loads(cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-30", "--format", "json").stdout)
    changes = [(g["date"][:10], g["ref"], g["field"], g["old"]) for g in document["goalpost_changes"]]
    assert changes == [
        ("2026-10-20", "2026-Q4/company/O1/KR2", "removed", "Margin"),
        ("2026-10-21", "2026-Q4/company/O2/KR1", "removed", "Engineers"),
        ("2026-10-21", "2026-Q4/company/O2", "removed", "Hire"),
        ("2026-10-22", "2026-Q4/platform/O1/KR1", "removed", "Revenue"),
        ("2026-10-22", "2026-Q4/platform/O1", "removed", "Grow"),
    ]
    removed = {k["ref"] for k in document["key_results"] if k["removed"]}
    assert removed == {"2026-Q4/company/O1/KR2", "2026-Q4/company/O2/KR1", "2026-Q4/platform/O1/KR1"}
    table = cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-30")
    assert "removed 'Engineers'" in table.stdout and "(removed)" in table.stdout
    one = cli("history", "platform/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json")
    assert one.exit_code == 0, one.output
    gone = json.loads(one.stdout)
    assert gone["removed"] is True and [p["value"] for p in gone["points"]] == [50]
    assert [g["field"] for g in gone["goalpost_changes"]] == ["removed"]
    # as of a day before the removals, nothing was removed yet: listed, not marked
    earlier = json.loads(cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-19", "--format", "json").stdout)
    listed = {k["ref"]: k["removed"] for k in earlier["key_results"]}
    assert listed["2026-Q4/company/O1/KR2"] is False and earlier["goalpost_changes"] == []


def test_a_weight_change_is_a_moved_goalpost(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-28T10:00:00+00:00")
    repo({C: COMPANY.replace("        current: 50\n", "        current: 50\n        weight: 3\n")}, "2026-10-20T10:00:00+00:00")
    assert [(g.field, g.old, g.new) for g in read_history(repo.root).goalposts] == [("weight", 1, 3)]


def test_values_committed_together_go_by_week_then_the_okr_file(repo):
    # a team adopting okrfile mid-period commits its past weeks at once
    repo(
        {
            "okrfile.yaml": CONFIG,
            C: COMPANY.replace("current: 50", "current: 30"),
            "updates/2026-W43/dana.md": update("dana", "2026-W43", 20),
            "updates/2026-W41/dana.md": update("dana", "2026-W41", 5),
            "updates/2026-W42/dana.md": update("dana", "2026-W42", 10),
        },
        "2026-10-22T10:00:00+00:00",
    )
    points = read_history(repo.root).points["2026-Q4/company/O1/KR1"]
    assert [(p.week, p.value) for p in points] == [("2026-W41", 5), ("2026-W42", 10), ("2026-W43", 20), ("", 30)]


def test_at_a_day_reports_as_of_that_day_and_its_instant(repo, cli):
    # Alice posts W43 on Monday at 16:00 UTC; Dana (New York) posts weeks later
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    monday = repo({"updates/2026-W43/alice.md": update("alice", "2026-W43", 10)}, "2026-10-19T16:00:00+00:00")
    repo({"updates/2026-W43/dana.md": update("dana", "2026-W43", 20)}, "2026-11-20T10:00:00+00:00")
    report = json.loads(cli("status", "-w", repo.root, "--at", "2026-10-25", "--format", "json").stdout)
    assert report["today"] == "2026-10-25"  # the day asked for, not the day of the commit found
    silence = json.loads(cli("silence", "-w", repo.root, "--at", "2026-10-25", "--format", "json").stdout)
    company = next(t for t in silence["teams"] if t["team"] == "company")
    assert [s["person"] for s in company["silent"]] == ["dana"]  # by the 25th her Monday was over
    # at Alice's commit, Monday 16:00 UTC, Bob's Monday was over in Tokyo, Dana's not in New York
    early = json.loads(cli("silence", "-w", repo.root, "--at", monday, "--format", "json").stdout)
    assert early["week"] == "2026-W43"
    company = next(t for t in early["teams"] if t["team"] == "company")
    assert company["not_due"] == ["dana"] and company["silent"] == []
    digest = cli("digest", "-w", repo.root, "--at", monday).stdout
    assert "## Company · 0/1 updates (none due)" in digest
    assert "## Platform · 1/2 updates (50%)\n" in digest
    platform = next(t for t in early["teams"] if t["team"] == "platform")
    assert [s["person"] for s in platform["silent"]] == ["bob"]
    future = cli("status", "-w", repo.root, "--at", (dt.date.today() + dt.timedelta(days=2)).isoformat())
    assert future.exit_code == 2 and "future" in future.output


def test_digest_and_silence_at_a_revision_know_who_posted_late(repo, cli):
    # Bob (Tokyo) posts W41 on Tuesday: late; the history up to --at's revision says so
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/bob.md": update("bob", "2026-W41", 10)}, "2026-10-06T12:00:00+00:00", author="Bob Ito <bob@acme.example>")
    repo({"updates/2026-W42/bob.md": update("bob", "2026-W42", 20)}, "2026-10-12T01:00:00+00:00", author="Bob Ito <bob@acme.example>")
    for args in (("--at", "2026-10-08"), ("--at", "HEAD~1"), ()):
        silence = json.loads(cli("silence", "-w", repo.root, *args, "--week", "2026-W41", "--format", "json").stdout)
        assert next(t for t in silence["teams"] if t["team"] == "platform")["late"] == ["bob"], args
        digest = json.loads(cli("digest", "-w", repo.root, *args, "--week", "2026-W41", "--format", "json").stdout)
        assert next(t for t in digest["teams"] if t["team"] == "platform")["late"] == ["Bob"], args


def test_validate_at_a_revision_takes_paths_as_they_were_there(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    git(repo.root, "tag", "start")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    missing = cli("validate", "-w", repo.root, "--at", "start", str(repo.root / "updates/2026-W41/dana.md"))
    assert missing.exit_code == 2 and "no such file or folder at start" in missing.output
    (repo.root / C).unlink()  # gone from the working tree, there at the revision
    there = cli("validate", "-w", repo.root, "--at", "start", str(repo.root / C))
    assert there.exit_code == 0, there.output


def test_shallow_cadence_rates_count_only_what_is_known(repo, cli, tmp_path):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    for week, day in (("2026-W41", "05"), ("2026-W42", "12"), ("2026-W43", "19")):
        repo({f"updates/{week}/dana.md": update("dana", week, int(day))}, f"2026-10-{day}T09:00:00+00:00")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    document = json.loads(cli("history", "-w", clone, "--period", "2026-Q4", "--today", "2026-10-30", "--format", "json").stdout)
    cadence = document["cadence"]
    assert cadence["people"]["dana"]["2026-W41"] == "unknown"
    assert cadence["teams"]["company"]["2026-W41"] is None  # not 0: nobody's timeliness is known
    table = cli("history", "-w", clone, "--period", "2026-Q4", "--today", "2026-10-30")
    assert "? unknown" in table.stdout
    # someone whose update came after the cut is known: the rate is theirs, and says it leaves dana out
    config = CONFIG + "  erin: {name: Erin, team: company, tz: UTC}\n"
    (clone / "okrfile.yaml").write_text(config)
    (clone / "updates/2026-W41/erin.md").write_text(update("erin", "2026-W41", 7))
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "erin", date="2026-10-05T08:00:00+00:00")
    document = json.loads(cli("history", "-w", clone, "--period", "2026-Q4", "--today", "2026-10-30", "--format", "json").stdout)
    assert document["cadence"]["teams"]["company"]["2026-W41"] == 1.0
    table = cli("history", "-w", clone, "--period", "2026-Q4", "--today", "2026-10-30")
    rates = next(line for line in table.stdout.splitlines() if line.startswith("company % on time"))
    assert rates.split()[4] == "100?" and "of those known only" in table.stdout


def test_history_today_pins_the_cadence(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    document = json.loads(cli("history", "-w", repo.root, "--today", "2026-10-13", "--format", "json").stdout)
    assert document["today"] == "2026-10-13" and document["cadence"]["weeks"] == ["2026-W41", "2026-W42"]
    assert document["cadence"]["people"]["dana"] == {"2026-W41": "on_time", "2026-W42": "missing"}
    fast = run_okrfile("history", "-w", repo.root, "--today", "2026-10-13", "--format", "json")
    assert json.loads(fast.stdout)["cadence"] == document["cadence"]
    wrong = cli("history", "-w", repo.root, "--today", "13/10")
    assert wrong.exit_code == 2 and "--today" in wrong.output


def test_history_of_an_objective_or_a_team(repo, cli):
    two = COMPANY + "  - id: O2\n    title: Hire\n    key_results:\n      - {id: KR1, title: Engineers, start: 0, target: 5}\n"
    repo({"okrfile.yaml": CONFIG, C: two, "okrs/2026-Q4/platform.yaml": COMPANY.replace("team: company", "team: platform")}, "2026-09-28T10:00:00+00:00")
    repo({C: two.replace("target: 5", "target: 4")}, "2026-10-20T10:00:00+00:00")
    args = ("-w", repo.root, "--today", "2026-10-30", "--format", "json")
    objective = json.loads(cli("history", "company/O2", *args).stdout)
    assert objective["scope"] == "company/O2"
    assert [k["ref"] for k in objective["key_results"]] == ["2026-Q4/company/O2/KR1"]
    assert [(g["ref"], g["field"]) for g in objective["goalpost_changes"]] == [("2026-Q4/company/O2/KR1", "target")]
    assert set(objective["cadence"]["people"]) == {"dana"} and set(objective["cadence"]["teams"]) == {"company"}
    team = json.loads(cli("history", "2026-Q4/platform", *args).stdout)
    assert [k["ref"] for k in team["key_results"]] == ["2026-Q4/platform/O1/KR1"] and team["goalpost_changes"] == []
    assert set(team["cadence"]["people"]) == {"alice", "bob"}
    whole = json.loads(cli("history", *args).stdout)
    assert whole["scope"] is None and len(whole["key_results"]) == 3
    wrong = cli("history", "company/O3", *args)
    assert wrong.exit_code == 2 and "`company/O1`" in wrong.output  # did you mean


def test_a_run_after_new_commits_reads_only_those_and_agrees_with_a_full_read(repo, monkeypatch):
    import okrfile.history

    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-28T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    first = read_history(repo.root)
    assert first.commits == 2
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T16:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 90")}, "2026-10-14T10:00:00+00:00")
    git(repo.root, "mv", "updates/2026-W41/dana.md", "updates/2026-W41/dana-old.md")
    repo({}, "2026-10-15T10:00:00+00:00")
    repo({}, "2026-10-16T10:00:00+00:00", delete=["updates/2026-W41/dana-old.md"])
    walked = []
    real_walk = okrfile.history.Repository.walk

    def counting_walk(self, wanted, since=None, meanwhile=None):
        for commit in real_walk(self, wanted, since, meanwhile):
            walked.append(commit.sha)
            yield commit

    monkeypatch.setattr(okrfile.history.Repository, "walk", counting_walk)
    grown = read_history(repo.root)
    assert len(walked) == 4  # the four new commits, not all six
    whole = read_history(repo.root, cache=False)
    assert _history_facts(grown) == _history_facts(whole)
    assert grown.commits == 6 and grown.started == whole.started
    assert [(g.field, g.old, g.new) for g in grown.goalposts] == [("target", 100, 90)]
    assert grown.posted == {("dana", "2026-W42")}  # W41's update was renamed, then deleted
    # history rewritten (an amend): read it all again
    walked.clear()
    git(repo.root, "commit", "-q", "--amend", "-m", "reworded", date="2026-10-16T10:00:00+00:00")
    again = read_history(repo.root)
    assert len(walked) == 6 and _history_facts(again)[:4] == _history_facts(read_history(repo.root, cache=False))[:4]


def test_merged_branches_keep_each_commits_own_changes_and_heads_state(repo, cli):
    # a pull-request flow: two branches change the same OKR file in different places, then merge
    two = COMPANY + "        owner: dana\n        unit: USD\n  - id: O2\n    title: Hire\n    owner: dana\n    key_results:\n"
    two += "      - {id: KR2, title: Margin, start: 0, target: 10, current: 1}\n"
    repo({"okrfile.yaml": CONFIG, C: two}, "2026-10-01T10:00:00+00:00")
    repo.branch("side", {C: two.replace("current: 1}", "current: 5}")}, "2026-10-03T10:00:00+00:00", author="Alice Ng <alice@acme.example>")
    repo({C: two.replace("current: 50", "current: 60")}, "2026-10-02T10:00:00+00:00")
    repo({C: two.replace("current: 50", "current: 60").replace("target: 100", "target: 90")}, "2026-10-04T10:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "side", "-m", "merge side", date="2026-10-05T10:00:00+00:00")
    assert "current: 60" in (repo.root / C).read_text() and "current: 5}" in (repo.root / C).read_text()
    for cached in (False, True, True):
        history = read_history(repo.root, cache=cached)
        values = {ref: [(p.date.date().isoformat(), p.value, p.author) for p in points] for ref, points in history.points.items()}
        assert values["2026-Q4/company/O1/KR1"] == [("2026-10-01", 50, "Dana Ruiz"), ("2026-10-02", 60, "Dana Ruiz")]
        assert values["2026-Q4/company/O2/KR2"] == [("2026-10-01", 1, "Dana Ruiz"), ("2026-10-03", 5, "Alice Ng")]
        # the side branch never saw main's target change: it moved once, not back and forth
        assert [(g.ref, g.field, g.old, g.new) for g in history.goalposts] == [("2026-Q4/company/O1/KR1", "target", 100, 90)]
        # the state at HEAD is the merge's, not the last branch commit replayed
        o1, o2 = history.workspace.okr_sets[0].objectives
        assert (o1.key_results[0].current, o1.key_results[0].target, o2.key_results[0].current) == (60, 90, 5)


def test_an_edit_that_restates_a_value_adds_no_point(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10) + "Fixed a typo.\n"}, "2026-10-05T11:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 12)}, "2026-10-05T12:00:00+00:00")  # a correction
    points = read_history(repo.root, cache=False).points["2026-Q4/company/O1/KR1"]
    assert [(p.date.hour, p.value, p.corrects) for p in points if p.replaced is None] == [(10, 50, None), (12, 12, 10)]  # the correction stands in
    assert [(p.date.hour, p.value, p.replaced.hour) for p in points if p.replaced] == [(9, 10, 12)]  # the 10 until then


def test_the_start_is_known_once_the_workspace_is_committed_after_an_earlier_read(repo):
    repo({"README.md": "# OKRs\n"}, "2026-09-20T10:00:00+00:00")
    assert read_history(repo.root).started is None  # nothing of the workspace committed yet
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-28T10:00:00+00:00")
    assert read_history(repo.root).started.date().isoformat() == "2026-09-28"


def test_a_merge_that_keeps_one_side_does_not_hide_the_other(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("side", {C: COMPANY.replace("current: 50", "current: 70")}, "2026-10-03T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-02T10:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "-X", "theirs", "side", "-m", "merge", date="2026-10-04T10:00:00+00:00")
    history = read_history(repo.root, cache=False)
    assert [(p.date.day, p.value) for p in history.points["2026-Q4/company/O1/KR1"]] == [(1, 50), (2, 60), (3, 70)]
    assert history.workspace.okr_sets[0].objectives[0].key_results[0].current == 70  # HEAD's


def test_a_commit_dated_before_its_parent_is_replayed_after_it(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-28T10:00:00+00:00")
    # a backfilled update whose committer clock says it came first
    repo({"updates/2026-W40/dana.md": update("dana", "2026-W40", 30)}, "2026-09-26T10:00:00+00:00")
    history = read_history(repo.root, cache=False)
    assert [p.value for p in history.points["2026-Q4/company/O1/KR1"]] == [30, 50]  # by date, and not lost
    assert history.started.date().isoformat() == "2026-09-28"


def test_an_update_after_a_merge_finds_a_key_result_only_one_branch_added(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("side", {C: COMPANY.replace("title: Grow", "title: Grow more")}, "2026-10-03T10:00:00+00:00")  # replayed after main's
    repo({C: COMPANY + "      - {id: KR2, title: Margin, start: 0, target: 10}\n"}, "2026-10-02T10:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "side", "-m", "merge", date="2026-10-04T10:00:00+00:00")
    text = "---\nperson: dana\nweek: 2026-W42\n---\n### OKR: O1 Grow more\n**KR2: Margin**\n- Current: 7 / Target: 10\n- Status: Green\n"
    repo({"updates/2026-W42/dana.md": text}, "2026-10-12T10:00:00+00:00")
    history = read_history(repo.root, cache=False)
    assert [p.value for p in history.points["2026-Q4/company/O1/KR2"]] == [7]


def test_first_posts_and_owners_reports_do_not_depend_on_when_history_was_read(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("side", {"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T08:00:00+00:00")
    repo({"updates/2026-W42/alice.md": update("alice", "2026-W42", 30)}, "2026-10-12T09:00:00+00:00")  # not the owner
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 25)}, "2026-10-13T10:00:00+00:00")
    read_history(repo.root)  # cached before the merge
    git(repo.root, "merge", "-q", "--no-ff", "-X", "ours", "side", "-m", "merge", date="2026-10-14T10:00:00+00:00")
    for history in (read_history(repo.root), read_history(repo.root, cache=False)):
        assert history.first_posted[("dana", "2026-W42")].date.day == 12  # the earliest commit adding it
        # Alice's report of the week goes: Dana owns the key result (L010)
        assert [(p.value, p.by_owner) for p in history.points["2026-Q4/company/O1/KR1"]] == [(50, True), (20, True), (25, True)]


def test_history_today_leaves_out_what_was_committed_later(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-28T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-14T09:00:00+00:00")  # late, after the 13th
    repo({C: COMPANY.replace("target: 100", "target: 90")}, "2026-10-14T10:00:00+00:00")
    document = json.loads(cli("history", "-w", repo.root, "--today", "2026-10-13", "--format", "json").stdout)
    kr = document["key_results"][0]
    assert [p["value"] for p in kr["points"]] == [50, 10] and document["goalpost_changes"] == []
    assert document["cadence"]["people"]["dana"] == {"2026-W41": "on_time", "2026-W42": "missing"}
    later = json.loads(cli("history", "-w", repo.root, "--today", "2026-10-20", "--format", "json").stdout)
    assert later["cadence"]["people"]["dana"]["2026-W42"] == "late" and len(later["goalpost_changes"]) == 1
    assert cli("history", "-w", repo.root, "--today", "9999-12-31").exit_code == 2
    after = cli("history", "-w", repo.root, "--today", "2027-02-01", "--format", "json")  # the period that ended last
    assert after.exit_code == 0 and json.loads(after.stdout)["period"] == "2026-Q4"
    before = cli("history", "-w", repo.root, "--today", "2026-01-02")
    assert before.exit_code == 2 and "2026-01-02" in before.output and "None" not in before.output
    slash = json.loads(cli("history", "company/O1/", "-w", repo.root, "--today", "2026-10-20", "--format", "json").stdout)
    assert slash["scope"] == "company/O1" and slash["cadence"] is not None


def test_a_sha256_repository_and_a_file_broken_at_head(tmp_path, cli):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main", "--object-format=sha256")
    for name, text in {"okrfile.yaml": CONFIG, C: COMPANY, "updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start", date="2026-10-05T09:00:00+00:00")
    history = read_history(root, cache=False)
    assert history.skipped == [] and [p.value for p in history.points["2026-Q4/company/O1/KR1"]] == [10, 50]
    (root / "updates/2026-W41/dana.md").write_text("---\nperson: [dana\n---\n")
    git(root, "commit", "-q", "-am", "broken", date="2026-10-05T10:00:00+00:00")
    broken_in = git(root, "rev-parse", "HEAD").strip()[:10]
    assert read_history(root, cache=False).skipped == [f"updates/2026-W41/dana.md in commit {broken_in}"]


def test_a_broken_version_is_named_by_its_commit_whether_read_at_once_or_run_by_run(repo, tmp_path, monkeypatch):
    # one run while the broken version is HEAD's, another after it was fixed: the same
    # words as one read of the whole history, naming the commit that brought it
    monkeypatch.setenv("OKRFILE_CACHE_DIR", str(tmp_path / "cache"))
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: [60")}, "2026-10-02T10:00:00+00:00")
    broken_in = git(repo.root, "rev-parse", "HEAD").strip()[:10]
    assert read_history(repo.root).skipped == [f"{C} in commit {broken_in}"]
    repo({C: COMPANY.replace("current: 50", "current: 70")}, "2026-10-03T10:00:00+00:00")
    run_by_run = read_history(repo.root)
    assert run_by_run.skipped == read_history(repo.root, cache=False).skipped == [f"{C} in commit {broken_in}"]
    assert [p.value for p in run_by_run.points["2026-Q4/company/O1/KR1"]] == [50, 70]


def test_history_at_an_earlier_revision(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-28T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    git(repo.root, "tag", "w41")
    repo({C: COMPANY.replace("target: 100", "target: 90")}, "2026-10-14T10:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-14T11:00:00+00:00")
    now = json.loads(cli("history", "-w", repo.root, "--format", "json").stdout)  # caches HEAD's history
    for at in ("w41", "2026-10-05"):
        result = cli("history", "-w", repo.root, "--at", at, "--format", "json")
        assert result.exit_code == 0, result.output
        then = json.loads(result.stdout)
        assert [p["value"] for p in then["key_results"][0]["points"]] == [50, 10] and then["goalpost_changes"] == []
        assert then["commits"] == 2 and then["today"] == "2026-10-05"
        assert then["cadence"]["weeks"] == ["2026-W41"]
    fast = run_okrfile("history", "-w", repo.root, "--at", "w41", "--format", "json")
    assert json.loads(fast.stdout)["commits"] == 2
    # HEAD's cached history is untouched by a read at an earlier revision
    assert json.loads(cli("history", "-w", repo.root, "--format", "json").stdout) == now and now["commits"] == 4
    bogus = cli("history", "-w", repo.root, "--at", "nope")
    assert bogus.exit_code == 2 and "not a commit" in bogus.output and "--at nope:" in bogus.output


def test_an_okr_file_broken_at_head_stands_as_its_newest_good_version(repo, tmp_path, monkeypatch):
    # a branch that deleted the file, dated later, was merged without taking the deletion:
    # HEAD has the file, broken; its newest good version stands in, run by run or read at once
    monkeypatch.setenv("OKRFILE_CACHE_DIR", str(tmp_path / "cache"))
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("side", {}, "2026-10-06T10:00:00+00:00", delete=[C])
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-02T10:00:00+00:00")
    read_history(repo.root)
    repo({C: COMPANY.replace("current: 50", "current: [60")}, "2026-10-03T10:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "-s", "ours", "side", "-m", "merge", date="2026-10-07T10:00:00+00:00")
    for history in (read_history(repo.root), read_history(repo.root, cache=False)):
        (okr_set,) = history.workspace.okr_sets
        assert okr_set.objectives[0].key_results[0].current == 60


def test_fixing_a_broken_file_restates_no_value(repo):
    # a commit breaks the YAML (or an update's front matter), the next one fixes it: the
    # values the fix brings back were there before the break and add no point
    repo({"okrfile.yaml": CONFIG, C: COMPANY, "updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T10:00:00+00:00")
    repo({C: COMPANY.replace("title: Grow", "title: [Grow"), "updates/2026-W41/dana.md": "---\nperson: [dana\n---\n"}, "2026-10-06T10:00:00+00:00")
    repo({C: COMPANY, "updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-07T10:00:00+00:00")
    history = read_history(repo.root, cache=False)
    assert len(history.skipped) == 2
    assert [(p.value, p.source) for p in history.points["2026-Q4/company/O1/KR1"]] == [(10, "updates/2026-W41/dana.md"), (50, C)]
    assert history.goalposts == []
    repo({C: COMPANY.replace("title: Grow", "title: [Grow")}, "2026-10-08T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60").replace("target: 100", "target: 90")}, "2026-10-09T10:00:00+00:00")
    history = read_history(repo.root, cache=False)
    assert [p.value for p in history.points["2026-Q4/company/O1/KR1"]] == [10, 50, 60]
    assert [(g.field, g.old, g.new) for g in history.goalposts] == [("target", 100, 90)]  # against the last good version


def test_an_update_posted_late_sits_in_its_week_and_history_shows_what_status_counts(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY.replace("        current: 50\n", "")}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W45/dana.md": update("dana", "2026-W45", 40)}, "2026-11-02T10:00:00+00:00")
    repo({"updates/2026-W47/dana.md": update("dana", "2026-W47", 70)}, "2026-11-16T10:00:00+00:00")
    repo({"updates/2026-W46/dana.md": update("dana", "2026-W46", 65)}, "2026-11-20T10:00:00+00:00")  # backfilled
    repo({"updates/2026-W49/dana.md": update("dana", "2026-W49", 90)}, "2026-11-20T11:00:00+00:00")  # ahead of its week
    history = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json").stdout)
    assert [(p["value"], p["date"][:10]) for p in history["points"]] == [(40, "2026-11-02"), (65, "2026-11-20"), (70, "2026-11-16"), (90, "2026-11-20")]
    status = json.loads(cli("status", "-w", repo.root, "--today", "2026-11-21", "--format", "json").stdout)
    assert status["teams"][0]["objectives"][0]["key_results"][0]["current"] == 70
    table = cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-11-21")
    row = next(line for line in table.stdout.splitlines() if line.startswith("2026-Q4/company/O1/KR1"))
    assert row.split()[-1] == "70"


TWO_KRS = COMPANY + "      - id: KR2\n        title: Margin\n        start: 0\n        target: 10\n"


def two_blocks(week):
    return (
        f"---\nperson: dana\nweek: {week}\n---\n### OKR: O1 Grow\n**KR1: Revenue**\n- Current: 50 / Target: 100\n- Status: Green\n"
        "**KR2: Margin**\n- Current: 5 / Target: 10\n- Status: Green\n"
    )


def test_updates_naming_a_key_result_removed_later_are_records_not_mistakes(repo, cli, tmp_path):
    def problems(*args):
        result = cli("validate", "-w", repo.root, "--format", "json", *args)
        return result.exit_code, [(d["path"], d["line"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]

    U41, U42, U43 = (f"updates/2026-W4{n}/dana.md" for n in (1, 2, 3))
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    repo({U41: two_blocks("2026-W41")}, "2026-10-05T10:00:00+00:00")
    assert problems() == (0, [])
    # the commit removing KR2 runs the pre-commit hook before it exists: HEAD still has KR2.
    # W41's update was committed while KR2 was there: a record of its week, nothing to say
    (repo.root / C).write_text(COMPANY)
    (repo.root / "updates/2026-W42").mkdir()
    (repo.root / U42).write_text(two_blocks("2026-W42"))  # W42 began before the removal; not committed yet
    assert problems() == (0, [(U42, 9, "L012")])
    hook = run_okrfile("validate", "--all", "-w", repo.root, str(repo.root / C))
    assert hook.returncode == 0 and "L012" in hook.stdout and "not committed yet" in hook.stdout
    removal = repo({C: COMPANY}, "2026-10-14T10:00:00+00:00", delete=[U42])
    repo({U42: two_blocks("2026-W42")}, "2026-10-15T10:00:00+00:00")  # posted late, after KR2 went
    assert problems() == (0, [(U42, 9, "L012")])
    # history agrees with L012: the late W42 value is no point of KR2's, whichever way it is read
    for cache in (True, False):
        points = read_history(repo.root, cache=cache).points["2026-Q4/company/O1/KR2"]
        assert [(p.week, p.value) for p in points] == [("2026-W41", 5)]
    assert removal[:10] in cli("validate", "-w", repo.root).stdout
    # a week that began after the removal: naming KR2 is a mistake, and says when it went
    (repo.root / "updates/2026-W43").mkdir()
    (repo.root / U43).write_text(two_blocks("2026-W43"))
    assert problems() == (1, [(U42, 9, "L012"), (U43, 9, "E406")])
    assert "removed on 2026-10-14" in cli("validate", "-w", repo.root).stdout
    # --at the removal's commit reads the history up to it: W41's record says nothing there either
    assert problems("--at", removal) == (0, [])
    # switched off like any lint rule
    (repo.root / "okrfile.yaml").write_text(CONFIG + "lint:\n  ignore: [L012]\n")
    assert problems()[1] == [(U43, 9, "E406")]
    # without a git history nobody can tell: mistakes all
    plain = tmp_path / "plain"
    shutil.copytree(repo.root, plain, ignore=shutil.ignore_patterns(".git"))
    (plain / "okrfile.yaml").write_text(CONFIG)
    result = json.loads(cli("validate", "-w", plain, "--format", "json").stdout)
    assert [(d["path"], d["code"]) for d in result["diagnostics"]] == [(U41, "E406"), (U42, "E406"), (U43, "E406")]


def test_moved_goalposts_are_judged_by_the_periods_as_head_has_them(repo, tmp_path, monkeypatch):
    # the team moves its quarter's start later: a change made before the new start was planning
    monkeypatch.setenv("OKRFILE_CACHE_DIR", str(tmp_path / "cache"))
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 120")}, "2026-10-05T10:00:00+00:00")
    assert [(g.field, g.old, g.new) for g in read_history(repo.root).goalposts] == [("target", 100, 120)]
    later_start = CONFIG + "periods:\n  2026-Q4: {start: 2026-10-12, end: 2026-12-31}\n"
    repo({"okrfile.yaml": later_start}, "2026-10-20T10:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 130")}, "2026-10-21T10:00:00+00:00")
    for history in (read_history(repo.root), read_history(repo.root, cache=False)):
        assert [(g.field, g.old, g.new) for g in history.goalposts] == [("target", 120, 130)]


def test_deleting_an_okr_file_whose_last_version_is_broken_removes_its_key_results(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY.replace("title: Grow", "title: [Grow")}, "2026-10-05T10:00:00+00:00")
    gone = repo({}, "2026-10-06T10:00:00+00:00", delete=[C])
    history = read_history(repo.root, cache=False)
    assert [(g.ref, g.field, g.commit) for g in history.goalposts] == [
        ("2026-Q4/company/O1/KR1", "removed", gone),
        ("2026-Q4/company/O1", "removed", gone),
    ]


def test_l012_when_removed_on_or_after_the_updates_week_began(repo, cli, tmp_path):
    def found(root=None):
        result = cli("validate", "-w", root or repo.root, "--format", "json")
        return {d["path"]: (d["code"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]}

    W43, W45 = "updates/2026-W43/dana.md", "updates/2026-W45/dana.md"
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS.replace("title: Margin", "title: Gross margin")}, "2026-10-01T10:00:00+00:00")
    first = repo({C: COMPANY}, "2026-10-14T10:00:00+00:00")
    repo({W43: two_blocks("2026-W43").replace("KR2: Margin", "KR2: Gross margin")}, "2026-10-20T10:00:00+00:00")
    # gone before W43 began: a mistake, said with when it went
    assert found()[W43][0] == "E406" and f"removed on 2026-10-14 (commit {first[:10]}), before this week" in found()[W43][1]
    # renumbered, the usual cause: the hint names the key result the title belongs to
    renumbered = repo({C: TWO_KRS.replace("id: KR2", "id: KR3").replace("title: Margin", "title: Gross margin")}, "2026-10-21T10:00:00+00:00")
    assert found()[W43][1].endswith("before this week; did you mean `KR3`?")
    repo({C: TWO_KRS}, "2026-10-28T10:00:00+00:00")  # KR2 back, KR3 gone
    repo({W45: two_blocks("2026-W45")}, "2026-11-02T10:00:00+00:00")
    again = repo({C: COMPANY}, "2026-11-04T10:00:00+00:00")  # and gone again
    # W43 was committed while KR2 was out, and it came back after: its value no longer counts (L012);
    # W45 was committed while KR2 was there: a record of its week, nothing to say
    assert found()[W43][0] == "L012" and f"since 2026-11-04 (commit {again[:10]})" in found()[W43][1]
    assert W45 not in found()
    assert renumbered
    # a shallow clone cannot see the removals: it says so, and how to fetch the rest
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone))
    shallow = found(root=clone)
    assert shallow[W43][0] == "E406" and "shallow clone" in shallow[W43][1]


def test_a_removal_on_the_periods_first_day_is_planning_committed_or_not(repo, cli):
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    week = f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
    config = CONFIG + f"periods:\n  2026-Q4: {{start: {today}, end: {today + dt.timedelta(days=60)}}}\n"
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    repo({"okrfile.yaml": config, C: TWO_KRS, f"updates/{week}/dana.md": two_blocks(week)}, now)
    (repo.root / C).write_text(COMPANY)
    uncommitted = json.loads(cli("validate", "-w", repo.root, "--format", "json").stdout)["diagnostics"]
    repo({}, now)
    committed = json.loads(cli("validate", "-w", repo.root, "--format", "json").stdout)["diagnostics"]
    assert [d["code"] for d in uncommitted] == [d["code"] for d in committed] == ["E406"]


def test_a_result_that_asked_the_history_is_kept_while_head_stays(repo, cli, monkeypatch):
    import okrfile.history

    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY}, "2026-10-14T10:00:00+00:00")
    repo({"updates/2026-W42/dana.md": two_blocks("2026-W42")}, "2026-10-15T10:00:00+00:00")  # late, after KR2 went
    assert "L012" in cli("validate", "-w", repo.root).stdout
    asked = []
    real = okrfile.history.membership
    monkeypatch.setattr(okrfile.history, "membership", lambda *args, **kwargs: asked.append(1) or real(*args, **kwargs))
    assert "L012" in cli("validate", "-w", repo.root).stdout and asked == []  # the same files, the same HEAD
    repo({"README.md": "notes"}, "2026-10-15T10:00:00+00:00")
    assert "L012" in cli("validate", "-w", repo.root).stdout and asked == [1]  # HEAD moved: asked again


def test_an_update_naming_a_key_result_removed_before_its_week_adds_no_value(repo):
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": two_blocks("2026-W41")}, "2026-10-05T10:00:00+00:00")
    repo({C: COMPANY}, "2026-10-14T10:00:00+00:00")
    repo({"updates/2026-W43/dana.md": two_blocks("2026-W43").replace("Current: 5 /", "Current: 7 /")}, "2026-10-19T10:00:00+00:00")
    history = read_history(repo.root, cache=False)
    assert [(p.value, p.week) for p in history.points["2026-Q4/company/O1/KR2"]] == [(5, "2026-W41")]  # E406, not a value
    assert [p.week for p in history.points["2026-Q4/company/O1/KR1"] if p.week] == ["2026-W41", "2026-W43"]


def test_status_says_a_key_result_was_added_mid_period(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-28T10:00:00+00:00")
    repo({C: TWO_KRS.replace("target: 10\n", "target: 10\n        current: 4\n")}, "2026-10-20T10:00:00+00:00")
    report = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-21", "--format", "json").stdout)
    assert report["teams"][0]["objectives"][0]["key_results"][1]["goalpost_moved"] == ["added"]
    for fmt in ("table", "markdown"):
        shown = cli("status", "-w", repo.root, "--today", "2026-10-21", "--format", fmt).stdout
        assert "mid-period" in shown and "added moved" not in shown  # the table may wrap it
    assert "added mid-period" in shown


def test_at_a_commit_reports_its_day_in_local_time(repo):
    # committed late on the 20th in New York: already the 21st in UTC, and in Tokyo
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-20T23:30:00-04:00")
    for tz, day in (("UTC", "2026-10-21"), ("Asia/Tokyo", "2026-10-21"), ("America/Los_Angeles", "2026-10-20")):
        found = run_okrfile("status", "-w", repo.root, "--at", "HEAD", "--format", "json", env={**os.environ, "TZ": tz})
        assert json.loads(found.stdout)["today"] == day, tz


def test_status_says_a_key_result_came_back(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY}, "2026-10-14T10:00:00+00:00")
    repo({C: TWO_KRS}, "2026-10-28T10:00:00+00:00")
    report = json.loads(cli("status", "-w", repo.root, "--today", "2026-11-02", "--format", "json").stdout)
    assert report["teams"][0]["objectives"][0]["key_results"][1]["goalpost_moved"] == ["added", "removed"]
    shown = cli("status", "-w", repo.root, "--today", "2026-11-02", "--format", "markdown").stdout
    assert "re-added mid-period" in shown and "·  |" not in shown
    history = json.loads(cli("history", "company/O1/KR2", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-20", "--format", "json").stdout)
    assert history["removed"] is True  # out between the 14th and the 28th
    assert json.loads(cli("history", "company/O1/KR2", "-w", repo.root, "--period", "2026-Q4", "--format", "json").stdout)["removed"] is False


def test_a_heading_naming_a_key_result_stays_a_mistake_after_it_is_removed(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    heading = two_blocks("2026-W41").replace("### OKR: O1 Grow", "### OKR: company/O1/KR2 Margin")
    repo({"updates/2026-W41/dana.md": heading}, "2026-10-05T10:00:00+00:00")
    repo({C: COMPANY}, "2026-10-14T10:00:00+00:00")
    found = json.loads(cli("validate", "-w", repo.root, "--format", "json").stdout)["diagnostics"]
    assert [d["code"] for d in found if d["path"].startswith("updates/")] == ["E405"]


def test_validate_today_dates_an_uncommitted_removal_and_keeps_results_apart(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    (repo.root / C).write_text(COMPANY)  # KR2 goes, not committed yet; nor is the update naming it
    (repo.root / "updates/2026-W50").mkdir(parents=True)
    (repo.root / "updates/2026-W50/dana.md").write_text(two_blocks("2026-W50"))

    def code(day):
        found = json.loads(cli("validate", "-w", repo.root, "--today", day, "--format", "json").stdout)["diagnostics"]
        return [(d["code"], d["message"]) for d in found if d["path"].startswith("updates/") and d["code"] != "L009"]

    (before,) = code("2026-11-23")  # removed on the 23rd: before W50 began
    assert before[0] == "E406" and "removed on 2026-11-23 (not committed yet)" in before[1]
    (after,) = code("2026-12-08")  # removed on the 8th of December: after W50 began
    assert after[0] == "L012" and "since 2026-12-08" in after[1]
    assert code("2026-11-23") == [before]  # a day's result is not another day's


def test_status_at_reads_the_history_once(repo, cli, monkeypatch):
    import okrfile.history

    repo({"okrfile.yaml": CONFIG, C: TWO_KRS, "updates/2026-W41/dana.md": two_blocks("2026-W41")}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY}, "2026-10-14T10:00:00+00:00")
    walks = []
    real = okrfile.history.Repository.walk
    monkeypatch.setattr(okrfile.history.Repository, "walk", lambda self, *a, **k: walks.append(1) or real(self, *a, **k))
    for at in ("HEAD", "2026-10-20"):
        walks.clear()
        okrfile.history._READ_AT.clear()
        result = cli("status", "-w", repo.root, "--at", at, "--format", "json")
        assert result.exit_code == 0 and len(walks) == 1, at  # the check's L012 and the report share one read


def test_a_corrected_value_takes_the_typos_place(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY.replace("        current: 50\n", "")}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 200)}, "2026-10-12T09:00:00+00:00")  # meant 20
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-13T09:00:00+00:00")
    document = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json").stdout)
    assert [(p["value"], p["week"], p["corrects"]) for p in document["points"]] == [(10, "2026-W41", None), (20, "2026-W42", 200)]
    table = cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4").stdout
    assert "20 (was 200)" in table


def test_a_day_ends_before_the_midnight_after_it(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-12T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-12T23:59:59+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 70")}, "2026-10-13T00:00:00+00:00")  # the 13th's
    env = {**os.environ, "TZ": "UTC"}
    status = run_okrfile("status", "-w", repo.root, "--at", "2026-10-12", "--format", "json", env=env)
    assert json.loads(status.stdout)["teams"][0]["objectives"][0]["key_results"][0]["current"] == 60
    history = run_okrfile("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-12", "--format", "json", env=env)
    assert [p["value"] for p in json.loads(history.stdout)["points"]] == [50, 60]


def test_the_hook_does_not_stop_a_commit_for_an_error_committed_before_in_another_file(repo):
    bad = update("dana", "2026-W41", 10).replace("**KR1: Revenue**", "**KR7: Revenue**")  # E406, committed anyway
    repo({"okrfile.yaml": CONFIG, C: COMPANY, "updates/2026-W41/dana.md": bad}, "2026-10-01T10:00:00+00:00")
    alice = repo.root / "updates/2026-W41/alice.md"
    alice.write_text(update("alice", "2026-W41", 10).replace("### OKR: O1 Grow", "### OKR: company/O1 Grow"))
    hook = run_okrfile("validate", "--all", "-w", repo.root, str(alice))
    assert hook.returncode == 0, hook.stdout + hook.stderr
    assert "E406" in hook.stdout and "HEAD has them too" in hook.stderr  # still shown
    assert run_okrfile("validate", "-w", repo.root).returncode == 1  # CI still says so
    # an error this commit makes in a file it leaves alone does stop it: platform's objective
    # aligns to company/O1, which the commit renumbers
    platform = COMPANY.replace("team: company", "team: platform").replace("owner: dana", "owner: alice\n    aligns_to: company/O1")
    repo({"okrs/2026-Q4/platform.yaml": platform, alice.relative_to(repo.root).as_posix(): alice.read_text()}, "2026-10-02T10:00:00+00:00")
    (repo.root / C).write_text(COMPANY.replace("id: O1", "id: O2"))
    hook = run_okrfile("validate", "--all", "-w", repo.root, str(repo.root / C))
    assert hook.returncode == 1 and "okrs/2026-Q4/platform.yaml" in hook.stdout and "E301" in hook.stdout


def test_a_map_naming_a_removed_key_result_says_when_it_went(repo, cli):
    growth = (
        "id: growth\nperiod: 2026-Q4\nwhy: Revenue doubles\naligns_to: company/O1\nwho:\n  - actor: New customers\n"
        "    how:\n      - impact: Sign up alone\n        what:\n          - deliverable: Self-serve checkout\n"
        "            krs: [company/O1/KR2]\n"
    )
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS, "maps/growth.yaml": growth}, "2026-10-01T10:00:00+00:00")
    gone = repo({C: COMPANY}, "2026-10-14T10:00:00+00:00")
    (found,) = json.loads(cli("validate", "-w", repo.root, "--format", "json").stdout)["diagnostics"]
    assert found["code"] == "E500" and f"it was removed on 2026-10-14 (commit {gone[:10]})" in found["message"]


def test_at_a_date_takes_heads_own_line_not_a_branch_merged_later(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("target", {C: COMPANY.replace("target: 100", "target: 80")}, "2026-10-16T10:00:00+00:00")  # the pull request's commit
    git(repo.root, "merge", "-q", "--no-ff", "target", "-m", "merge target", date="2026-10-19T10:00:00+00:00")
    on_the_17th = json.loads(cli("status", "-w", repo.root, "--at", "2026-10-17", "--format", "json").stdout)
    assert on_the_17th["teams"][0]["objectives"][0]["key_results"][0]["target"] == 100  # main had not merged it yet
    on_the_19th = json.loads(cli("status", "-w", repo.root, "--at", "2026-10-19", "--format", "json").stdout)
    assert on_the_19th["teams"][0]["objectives"][0]["key_results"][0]["target"] == 80


def test_the_last_value_is_the_one_a_merge_settled(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("alice", {C: COMPANY.replace("current: 50", "current: 70")}, "2026-10-05T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 65")}, "2026-10-06T10:00:00+00:00")
    # the two conflict; whoever merges settles it at 68, a value neither branch's commit gave
    git(repo.root, "merge", "-q", "--no-ff", "-s", "ours", "alice", "-m", "merge alice", date="2026-10-07T10:00:00+00:00")
    (repo.root / C).write_text(COMPANY.replace("current: 50", "current: 68"))
    git(repo.root, "commit", "-q", "-a", "--amend", "--no-edit", date="2026-10-07T10:00:00+00:00")
    status = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-08", "--format", "json").stdout)
    assert status["teams"][0]["objectives"][0]["key_results"][0]["current"] == 68
    row = next(line for line in cli("history", "-w", repo.root, "--period", "2026-Q4").stdout.splitlines() if line.startswith("2026-Q4/company/O1/KR1"))
    assert row.split()[-1] == "68"


def test_one_commit_moving_two_goalposts_counts_both_as_the_list_shows(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 80").replace("title: Revenue", "title: Revenue to 80")}, "2026-10-14T10:00:00+00:00")
    shown = cli("history", "-w", repo.root, "--period", "2026-Q4").stdout.splitlines()
    row = next(line for line in shown if line.startswith("2026-Q4/company/O1/KR1"))
    assert row.split()[-1] == "2" and any("goalpost changes" in line for line in shown)
    document = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json").stdout)
    assert sorted(g["field"] for g in document["goalpost_changes"]) == ["target", "title"]  # each change still listed


def _kr2_points(root, cache):
    return [(p.week, p.value, p.commit) for p in read_history(root, cache=cache).points.get("2026-Q4/company/O1/KR2", [])]


def test_an_update_on_a_branch_names_what_the_merge_that_landed_it_has(repo):
    """Written on a branch for KR2, which main added meanwhile: its own commit's OKR file
    lacks KR2, the merge's has it. The same value however the history is read (read on
    main before the merge and cached, or all at once, where the update comes first by date)."""
    U = "updates/2026-W42/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    posted = repo.branch("checkin", {U: two_blocks("2026-W42")}, "2026-10-12T09:00:00+00:00")
    repo({C: TWO_KRS}, "2026-10-12T10:00:00+00:00")
    assert _kr2_points(repo.root, cache=True) == []
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge checkin", "checkin", date="2026-10-13T10:00:00+00:00")
    assert _kr2_points(repo.root, cache=True) == _kr2_points(repo.root, cache=False) == [("2026-W42", 5, posted)]


def test_a_branch_that_merged_main_in_is_read_by_its_own_line(repo):
    """An update on main named KR2 before main had it; a branch that has KR2 merged main in.
    On the branch, that update lands by the merge, whose OKR file has KR2: the history read
    on main (cached) is not the branch's, so it is read again."""
    U = "updates/2026-W42/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "-b", "feature")
    repo({C: TWO_KRS}, "2026-10-05T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "main")
    posted = repo({U: two_blocks("2026-W42")}, "2026-10-12T09:00:00+00:00")
    assert _kr2_points(repo.root, cache=True) == []
    git(repo.root, "checkout", "-q", "feature")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge main", "main", date="2026-10-13T10:00:00+00:00")
    assert _kr2_points(repo.root, cache=True) == _kr2_points(repo.root, cache=False) == [("2026-W42", 5, posted)]


def test_before_git_2_31_a_merge_is_read_by_its_diff_from_its_first_parent(repo, monkeypatch):
    """Older git has no --diff-merges=first-parent: -m lists a merge once per parent, first
    parent first, and only that first one is read."""
    import okrfile.history

    monkeypatch.setattr(okrfile.history.Repository, "merge_diffs", lambda self: False)
    U = "updates/2026-W42/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "-b", "okrs")
    repo({C: TWO_KRS}, "2026-10-05T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "main")
    posted = repo.branch("checkin", {U: two_blocks("2026-W42")}, "2026-10-12T09:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge okrs", "okrs", date="2026-10-13T10:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge checkin", "checkin", date="2026-10-14T10:00:00+00:00")
    assert _kr2_points(repo.root, cache=False) == [("2026-W42", 5, posted)]
    assert read_history(repo.root, cache=False).commits == 3  # merges read once, and not counted
    monkeypatch.undo()
    assert read_history(repo.root, cache=False).commits == 3


def test_a_template_committed_on_time_and_filled_in_late_is_late(repo, cli):
    from okrfile.checkin import build_draft, render_draft
    from okrfile.check import check_workspace

    U = "updates/2026-W42/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    ws = check_workspace(repo.root).workspace
    # `okrfile checkin`'s template, committed on Monday (New York) without a word changed
    repo({U: render_draft(ws, build_draft(ws, "dana", "2026-W42"))}, "2026-10-12T09:00:00-04:00")
    filled = repo({U: update("dana", "2026-W42", 20)}, "2026-10-16T09:00:00-04:00")
    cadence = json.loads(cli("history", "-w", repo.root, "--period", "2026-Q4", "--format", "json").stdout)["cadence"]
    assert cadence["people"]["dana"]["2026-W42"] == "late"
    assert cadence["judged"]["dana"]["2026-W42"]["commit"] == filled


def test_commits_git_lists_again_after_a_cached_run_are_not_replayed_twice(repo, monkeypatch):
    """`git log SINCE..HEAD` may list some of SINCE's own past when committer dates are out
    of order (seen with clocks set wrong and rebases); as if it listed all of it here."""
    import okrfile.history

    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T10:00:00+00:00")
    read_history(repo.root)
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T10:00:00+00:00")
    walk = okrfile.history.Repository.walk

    def over_listing(self, wanted=lambda path: True, since=None, meanwhile=None):
        return walk(self, wanted, None, meanwhile)

    monkeypatch.setattr(okrfile.history.Repository, "walk", over_listing)
    cached = read_history(repo.root)
    assert cached.commits == 3
    assert [p.value for p in cached.points["2026-Q4/company/O1/KR1"]] == [50, 10, 20]


def test_a_cached_run_goes_on_from_commits_that_changed_no_workspace_file(repo):
    """HEAD was a README commit when history was last read, and a branch is made from an
    older one: the OKR file broken there still stands as its last good version, as in a
    read of the whole history."""
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    repo({C: TWO_KRS + "<<<<<<< HEAD\n"}, "2026-10-02T10:00:00+00:00")  # broken from here on
    fork = repo({"README.md": "one\n"}, "2026-10-03T10:00:00+00:00")
    repo({"README.md": "two\n"}, "2026-10-04T10:00:00+00:00")
    assert _kr2_points(repo.root, cache=True) == []
    posted = repo({"updates/2026-W42/dana.md": two_blocks("2026-W42")}, "2026-10-12T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "-b", "late", fork)
    backfilled = repo({"updates/2026-W41/dana.md": two_blocks("2026-W41")}, "2026-10-13T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "main")
    assert _kr2_points(repo.root, cache=True) == [("2026-W42", 5, posted)]
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge late", "late", date="2026-10-14T10:00:00+00:00")
    expected = [("2026-W41", 5, backfilled), ("2026-W42", 5, posted)]
    assert _kr2_points(repo.root, cache=True) == _kr2_points(repo.root, cache=False) == expected


def test_the_workspace_began_with_its_earliest_commit_whichever_branch_had_it(repo):
    root_commit = repo({"README.md": "plans\n"}, "2026-09-20T10:00:00+00:00")
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-05T10:00:00+00:00")
    assert read_history(repo.root).started.date().isoformat() == "2026-10-05"
    git(repo.root, "checkout", "-q", "-b", "early", root_commit)
    repo({"okrfile.yaml": CONFIG, "okrs/2026-Q4/platform.yaml": COMPANY.replace("company", "platform")}, "2026-10-01T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "main")
    git(repo.root, "merge", "-q", "--no-ff", "-X", "ours", "-m", "merge early", "early", date="2026-10-06T10:00:00+00:00")
    cached, full = read_history(repo.root), read_history(repo.root, cache=False)
    assert cached.started == full.started and full.started.date().isoformat() == "2026-10-01"


def test_merges_that_change_no_workspace_file_are_not_counted(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    for n in range(3):
        repo.branch(f"code{n}", {f"src/x{n}.py": "pass\n"}, f"2026-10-0{n + 2}T10:00:00+00:00")
        git(repo.root, "merge", "-q", "--no-ff", "-m", f"merge code{n}", f"code{n}", date=f"2026-10-0{n + 2}T11:00:00+00:00")
    assert read_history(repo.root, cache=False).commits == 1


def test_a_branch_from_a_commit_the_cache_no_longer_keeps_reads_its_tree(repo, monkeypatch):
    """The cache keeps the files of the newest commits of HEAD's line only; a branch made from
    an older one finds them in that commit's tree, and reads as a full history does."""
    import okrfile.history

    monkeypatch.setattr(okrfile.history, "_LINE_KEPT", 2)
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    old = repo({C: TWO_KRS + "<<<<<<< HEAD\n"}, "2026-10-02T10:00:00+00:00")  # broken: KR2 stands as before
    for day, n in (("03", 1), ("04", 2), ("05", 3)):
        repo({C: COMPANY.replace("current: 50", f"current: {50 + n}")}, f"2026-10-{day}T10:00:00+00:00")  # KR2 gone
    assert _kr2_points(repo.root, cache=True) == []
    git(repo.root, "checkout", "-q", "-b", "old", old)
    posted = repo({"updates/2026-W41/dana.md": two_blocks("2026-W41")}, "2026-10-06T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "main")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge old", "old", date="2026-10-07T10:00:00+00:00")
    assert _kr2_points(repo.root, cache=True) == _kr2_points(repo.root, cache=False) == [("2026-W41", 5, posted)]


def test_an_update_status_leaves_out_whole_gives_history_no_value(repo, cli):
    """In a folder that is not its week (E402): status leaves it out whole, and so does history."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T10:00:00+00:00")
    assert [p.value for p in read_history(repo.root, cache=False).points["2026-Q4/company/O1/KR1"]] == [50]
    status = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-13", "--format", "json").stdout)
    assert status["teams"][0]["objectives"][0]["key_results"][0]["current"] == 50


def test_authors_are_named_as_the_mailmap_says(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY, ".mailmap": "Dana Ruiz <dana@acme.example> Dee R <dr@laptop.local>\n"},
         "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T10:00:00+00:00", author="Dee R <dr@laptop.local>")
    points = read_history(repo.root, cache=False).points["2026-Q4/company/O1/KR1"]
    assert [(p.value, p.author) for p in points] == [(50, "Dana Ruiz"), (20, "Dana Ruiz")]


def test_a_shallow_clones_last_value_is_the_one_status_counts(repo, cli, tmp_path):
    """The updates already there at the cut give no points (their dates are beyond it), but
    the last value is still the latest week's check-in, as status counts it."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({"updates/2026-W43/dana.md": update("dana", "2026-W43", 30)}, "2026-10-19T09:00:00+00:00")
    repo({C: COMPANY.replace("target: 100", "target: 120")}, "2026-10-20T10:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    one = json.loads(run_okrfile("history", "company/O1/KR1", "-w", clone, "--period", "2026-Q4", "--today", "2026-10-21", "--format", "json").stdout)
    status = json.loads(run_okrfile("status", "-w", clone, "--today", "2026-10-21", "--format", "json").stdout)
    assert one["points"] == [] and one["last_value"] == 30
    shown = run_okrfile("history", "company/O1/KR1", "-w", clone, "--period", "2026-Q4", "--today", "2026-10-21").stdout
    assert "last value 30" in shown
    assert status["teams"][0]["objectives"][0]["key_results"][0]["current"] == 30
    whole = json.loads(run_okrfile("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-21", "--format", "json").stdout)
    assert whole["key_results"][0]["last_value"] == 30  # and the same from the whole history


def test_a_value_a_merge_settled_by_hand_is_a_point_of_the_merge(repo):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("five", {C: COMPANY.replace("current: 50", "current: 55")}, "2026-10-02T10:00:00+00:00")
    repo({C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-03T10:00:00+00:00")
    done = subprocess.run(["git", "merge", "-q", "five"], cwd=repo.root, capture_output=True)
    assert done.returncode != 0  # a conflict
    (repo.root / C).write_text(COMPANY.replace("current: 50", "current: 57"))  # settled by hand
    git(repo.root, "add", "-A")
    merge = git(repo.root, "commit", "-q", "--no-edit", date="2026-10-04T10:00:00+00:00") or git(repo.root, "rev-parse", "HEAD").strip()
    for cache in (False, True):
        points = read_history(repo.root, cache=cache).points["2026-Q4/company/O1/KR1"]
        assert [(p.value, p.commit) for p in points][-1] == (57, merge)
        assert [p.value for p in points] == [50, 55, 60, 57]


def test_an_update_landed_while_its_key_result_was_there_is_a_record(repo, cli):
    """Written on a branch before main added KR2, merged while KR2 was there, and KR2 removed
    since: history counts its value (by the merge's files), and validate has nothing to say."""
    U = "updates/2026-W42/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    posted = repo.branch("checkin", {U: two_blocks("2026-W42")}, "2026-10-12T09:00:00+00:00")
    repo({C: TWO_KRS}, "2026-10-12T10:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge checkin", "checkin", date="2026-10-13T10:00:00+00:00")
    repo({C: COMPANY}, "2026-10-15T10:00:00+00:00")  # KR2 removed
    assert _kr2_points(repo.root, cache=False) == [("2026-W42", 5, posted)]
    result = cli("validate", "-w", repo.root, "--today", "2026-10-16", "--format", "json")
    assert json.loads(result.stdout)["diagnostics"] == []


def test_a_value_of_another_kind_than_the_key_results_is_not_its_last_value(repo, cli):
    """KR1 was a metric and became a milestone (renumbered, or retyped): its old numbers stay
    in its timeline, but the last value is the one status counts."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 30)}, "2026-10-05T10:00:00+00:00")
    milestone = COMPANY.replace("        start: 0\n        target: 100\n        current: 50\n", "        type: milestone\n        done: false\n")
    repo({C: milestone}, "2026-10-07T10:00:00+00:00")
    one = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-08", "--format", "json").stdout)
    assert [p["value"] for p in one["points"]] == [50, 30, False]
    status = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-08", "--format", "json").stdout)
    kr = status["teams"][0]["objectives"][0]["key_results"][0]
    assert one["last_value"] is False and kr.get("done") is False


def test_a_renumbered_key_result_is_a_moved_goalpost(repo, cli):
    """KR2 becomes KR1 (KR1 dropped): updates name key results by id, so history says so."""
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    renumbered = COMPANY.replace("title: Revenue", "title: Margin")
    sha = repo({C: renumbered}, "2026-10-14T10:00:00+00:00")
    changes = [(g.ref, g.field, g.old, g.new, g.commit) for g in read_history(repo.root, cache=False).goalposts if g.field == "renumbered"]
    assert changes == [("2026-Q4/company/O1/KR1", "renumbered", "KR2", "KR1", sha)]
    table = cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-15")
    assert "renumbered from KR2" in table.stdout
    status = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-15", "--format", "json").stdout)
    assert "renumbered" in status["teams"][0]["objectives"][0]["key_results"][0]["goalpost_moved"]


def test_a_merge_of_a_renamed_okr_file_settles_nothing_by_itself(repo):
    renamed = "okrs/2026-Q4/company-okrs.yaml"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("value", {C: COMPANY.replace("current: 50", "current: 60")}, "2026-10-02T10:00:00+00:00")
    git(repo.root, "mv", C, renamed)
    repo({}, "2026-10-03T10:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge value", "value", date="2026-10-04T10:00:00+00:00")
    history = read_history(repo.root, cache=False)
    assert [p.value for p in history.points["2026-Q4/company/O1/KR1"]] == [50, 60]
    assert history.commits == 3  # a merge brings its branches' changes; it is not counted


def test_a_new_mailmap_names_the_authors_of_a_cached_history(repo):
    """git reads .mailmap from the working tree: a history cached before it (or before it
    changed) is read again, whether nothing was committed since or one commit was."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-12T10:00:00+00:00", author="Dee R <dr@laptop.local>")

    def authors():
        return [p.author for p in read_history(repo.root).points["2026-Q4/company/O1/KR1"]]

    assert authors() == ["Dana Ruiz", "Dee R"]
    (repo.root / ".mailmap").write_text("Dana Ruiz <dana@acme.example> Dee R <dr@laptop.local>\n")
    assert authors() == ["Dana Ruiz", "Dana Ruiz"]  # not yet committed: git reads it all the same
    (repo.root / ".mailmap").write_text("Dana R. <dana@acme.example> Dee R <dr@laptop.local>\n")
    repo({"updates/2026-W43/dana.md": update("dana", "2026-W43", 30)}, "2026-10-19T10:00:00+00:00")
    assert authors() == ["Dana Ruiz", "Dana R.", "Dana Ruiz"]  # the run after a new commit reads the old ones again


def test_a_value_a_merge_settled_by_hand_in_an_update_is_the_last(repo, cli):
    """The same week's update edited on a branch and on main, the conflict settled by hand at a
    value neither side said: a point of the merge, the last value, as status counts it."""
    U = "updates/2026-W41/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({U: update("dana", "2026-W41", 45)}, "2026-10-05T09:00:00+00:00")
    repo.branch("fix", {U: update("dana", "2026-W41", 47)}, "2026-10-06T09:00:00+00:00")
    repo({U: update("dana", "2026-W41", 46)}, "2026-10-06T08:00:00+00:00")
    assert subprocess.run(["git", "merge", "-q", "fix"], cwd=repo.root, capture_output=True).returncode != 0  # a conflict
    (repo.root / U).write_text(update("dana", "2026-W41", 48))
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "--no-edit", date="2026-10-07T09:00:00+00:00")
    merge = git(repo.root, "rev-parse", "HEAD").strip()
    for cache in (False, True):
        points = read_history(repo.root, cache=cache).points["2026-Q4/company/O1/KR1"]
        assert [(p.value, p.commit) for p in points][-1] == (48, merge)
        assert sorted(p.value for p in points if p.week and p.replaced is None) == [46, 47, 48]
    one = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-08", "--format", "json").stdout)
    status = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-08", "--format", "json").stdout)
    assert one["last_value"] == status["teams"][0]["objectives"][0]["key_results"][0]["current"] == 48


def test_a_merge_that_takes_a_sides_update_as_it_was_adds_no_point(repo):
    U = "updates/2026-W41/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    posted = repo.branch("checkin", {U: update("dana", "2026-W41", 45)}, "2026-10-05T09:00:00+00:00")
    repo({C: COMPANY.replace("title: Grow", "title: Grow  # the objective")}, "2026-10-05T10:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "merge checkin", "checkin", date="2026-10-06T10:00:00+00:00")
    points = read_history(repo.root, cache=False).points["2026-Q4/company/O1/KR1"]
    assert [(p.value, p.commit) for p in points if p.week] == [(45, posted)]


def test_an_update_broken_since_it_was_posted_counts_nowhere_until_fixed(repo, cli):
    """Posted on time, then a stray byte (or conflict markers) committed into it: status,
    silence and history all leave it out while it does not parse (validate says why), and
    once fixed it is on time again, by the commit that first posted it."""
    U = "updates/2026-W42/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({U: update("dana", "2026-W42", 20)}, "2026-10-12T09:00:00+00:00")
    for broken, date in ((update("dana", "2026-W42", 20).encode() + b"- Caf\xe9\n", "2026-10-13T09:00:00+00:00"),
                         (update("dana", "2026-W42", 20) + "<<<<<<< HEAD\n=======\n>>>>>>> fix\n", "2026-10-14T09:00:00+00:00")):
        repo({U: broken}, date)
        cli("validate", "-w", repo.root)  # the working tree's parse in the cache first: history must not depend on it
        for cache in ("--no-cache", None):
            found = json.loads(cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-20", "--format", "json", *[cache] * bool(cache)).stdout)
            kr = next(k for k in found["key_results"] if k["ref"] == "2026-Q4/company/O1/KR1")
            status = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-20", "--format", "json").stdout)
            assert kr["last_value"] == status["teams"][0]["objectives"][0]["key_results"][0]["current"] == 10
            assert found["cadence"]["people"]["dana"]["2026-W42"] == "missing"
        silence = json.loads(cli("silence", "-w", repo.root, "--week", "2026-W42", "--format", "json").stdout)
        assert not any("dana" in t["posted"] for t in silence["teams"])
        codes = [d["code"] for d in json.loads(cli("validate", "-w", repo.root, "--format", "json").stdout)["diagnostics"]]
        assert {"E100", "E108"} & set(codes)  # what is wrong with the file: not UTF-8, conflict markers
    repo({U: update("dana", "2026-W42", 20)}, "2026-10-21T09:00:00+00:00")  # fixed
    found = json.loads(cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-22", "--format", "json").stdout)
    assert found["cadence"]["people"]["dana"]["2026-W42"] == "on_time"


def test_a_misnamed_update_is_posted_once_its_name_is_right(repo, cli):
    """An update whose path disagrees with its front matter (E402) is one status leaves out:
    it is not a post until renamed, and the rename is when it was posted."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W42/notes.md": update("dana", "2026-W42", 20)}, "2026-10-12T09:00:00+00:00")
    found = json.loads(cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-13", "--format", "json").stdout)
    assert found["cadence"]["people"]["dana"]["2026-W42"] == "missing"
    silence = json.loads(cli("silence", "-w", repo.root, "--week", "2026-W42", "--format", "json").stdout)
    assert not any("dana" in t["posted"] for t in silence["teams"])
    git(repo.root, "mv", "updates/2026-W42/notes.md", "updates/2026-W42/dana.md")
    git(repo.root, "commit", "-q", "-m", "rename", date="2026-10-15T09:00:00+00:00")
    for cache in ("--no-cache", None):
        found = json.loads(cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-20", "--format", "json", *[cache] * bool(cache)).stdout)
        assert found["cadence"]["people"]["dana"]["2026-W42"] == "late"
        points = next(k for k in found["key_results"] if k["ref"] == "2026-Q4/company/O1/KR1")["points"]
        assert [(p["value"], p["date"][:10]) for p in points if p["week"]] == [(20, "2026-10-15")]


def test_an_update_not_committed_yet_for_a_week_gone_by_is_late(repo, cli):
    """silence and digest read the working tree: an update written there for a week whose
    check-in day is over cannot have been on time, committed or not."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    (repo.root / "updates/2026-W42").mkdir()
    (repo.root / "updates/2026-W42/dana.md").write_text(update("dana", "2026-W42", 20))
    company = lambda week: next(t for t in json.loads(cli("silence", "-w", repo.root, "--week", week, "--format", "json").stdout)["teams"] if t["team"] == "company")  # noqa: E731
    assert (company("2026-W42")["posted"], company("2026-W42")["late"]) == (["dana"], ["dana"])
    assert (company("2026-W41")["posted"], company("2026-W41")["late"]) == (["dana"], [])
    digest = json.loads(cli("digest", "-w", repo.root, "--week", "2026-W42", "--format", "json").stdout)
    assert next(t for t in digest["teams"] if t["team"] == "company")["late"] == ["Dana"]


def test_a_week_before_the_period_has_nobody_due(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    shown = cli("silence", "-w", repo.root, "--week", "2026-W40", "--format", "markdown").stdout
    assert "before the period" in shown and "not due yet" not in shown


def test_a_today_still_to_come_finds_no_week_missed_that_has_not_come(repo, cli):
    today = dt.date.today()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    repo({"okrfile.yaml": CONFIG, C.replace("2026-Q4", quarter): COMPANY.replace("2026-Q4", quarter)}, f"{today - dt.timedelta(days=1)}T10:00:00+00:00")
    ahead = today + dt.timedelta(days=21)
    found = json.loads(cli("history", "-w", repo.root, "--period", quarter, "--today", str(ahead), "--format", "json").stdout)
    marks = found["cadence"]["people"]["dana"]
    assert marks and all(mark == "not_due" for week, mark in marks.items() if week > f"{today.isocalendar()[0]}-W{today.isocalendar()[1]:02d}")


def test_a_branch_with_no_commits_yet_can_still_read_another_at(repo, cli):
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    git(repo.root, "checkout", "-q", "--orphan", "scratch")
    assert cli("status", "-w", repo.root, "--at", "main", "--format", "json").exit_code == 0
    assert cli("history", "-w", repo.root, "--at", "main", "--format", "json").exit_code == 0
    for args in (("history",), ("status", "--at", "2026-10-02")):
        result = cli(*args, "-w", repo.root)
        assert result.exit_code == 2 and "scratch" in result.output and "Traceback" not in result.output


def test_at_a_day_reports_a_commit_dated_after_it_that_its_files_hold(repo, cli):
    """Dana commits W42 at 00:30 on the 13th; Bob's commit on top is dated the 12th (his clock,
    or a rebase): `--at 2026-10-12` finds Bob's, whose files hold Dana's update. status,
    history and silence then tell one story: her value counts, posted late."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W41/dana.md": update("dana", "2026-W41", 10)}, "2026-10-05T09:00:00+00:00")
    repo({"updates/2026-W42/dana.md": update("dana", "2026-W42", 20)}, "2026-10-13T04:30:00+00:00")  # 00:30 in New York
    repo({"updates/2026-W42/bob.md": "---\nperson: bob\nweek: 2026-W42\n---\n### Wins\n- ok\n"}, "2026-10-12T16:00:00+00:00", author="Bob <bob@x.example>")
    at = ("--at", "2026-10-12")
    status = json.loads(cli("status", "-w", repo.root, *at, "--format", "json").stdout)
    company = next(t for t in status["teams"] if t["team"] == "company")
    history = json.loads(cli("history", "-w", repo.root, *at, "--format", "json").stdout)
    kr = next(k for k in history["key_results"] if k["ref"] == "2026-Q4/company/O1/KR1")
    silence = json.loads(cli("silence", "-w", repo.root, *at, "--format", "json").stdout)
    assert company["objectives"][0]["key_results"][0]["current"] == kr["last_value"] == 20
    assert history["cadence"]["people"]["dana"]["2026-W42"] == "late"
    assert next(t for t in silence["teams"] if t["team"] == "company")["late"] == ["dana"]


def test_a_goalpost_moved_with_a_backdated_author_date_is_still_moved(repo, cli):
    """`git commit --date` sets the author date to any day: a target lowered in November,
    dated September, landed after the period began, and is a moved goalpost."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-25T10:00:00+00:00")
    repo({"updates/2026-W45/dana.md": update("dana", "2026-W45", 70)}, "2026-11-02T09:00:00+00:00")
    (repo.root / C).write_text(COMPANY.replace("target: 100", "target: 72"))
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-11-03T10:00:00+00:00", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-c", "user.name=Dana", "-c", "user.email=d@x.example", "commit", "-qam", "lower", "--date=2026-09-20T00:00:00+00:00"],
                   cwd=repo.root, env=env, check=True)
    one = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json").stdout)
    assert [(g["field"], g["old"], g["new"], g["date"][:10], g["landed"][:10]) for g in one["goalpost_changes"]] == [("target", 100, 72, "2026-09-20", "2026-11-03")]
    assert "landed 2026-11-03" in cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4").stdout
    before = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-11-02", "--format", "json").stdout)
    assert before["goalpost_changes"] == []  # not landed yet on the 2nd


def test_a_stray_byte_in_an_update_leaves_its_values_to_their_author(repo):
    """Dana writes 52 with a Latin-1 "é" in her notes; Bob fixes the byte a week later. The 52
    is Dana's, dated when she wrote it (validate flags the byte meanwhile)."""
    U = "updates/2026-W42/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({U: update("dana", "2026-W42", 50)}, "2026-10-12T09:00:00+00:00")
    written = repo({U: update("dana", "2026-W42", 52).encode() + b"- Caf\xe9\n"}, "2026-10-12T10:00:00+00:00")
    repo({U: update("dana", "2026-W42", 52) + "- Cafe\n"}, "2026-10-20T09:00:00+00:00", author="Bob <bob@x.example>")
    points = read_history(repo.root, cache=False).points["2026-Q4/company/O1/KR1"]
    assert [(p.value, p.commit, p.author, p.corrects) for p in points if p.week and p.replaced is None] == [(52, written, "Dana Ruiz", 50)]


def test_a_merge_taking_the_earlier_sides_value_ends_the_timeline_on_it(repo, cli):
    """W42's update set to 30 on one branch (the 13th) and 20 on another (the 14th); the second
    merged first, the first merged with its 30 kept: the last value is 30, as status says."""
    U = "updates/2026-W42/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo({U: update("dana", "2026-W42", 10)}, "2026-10-12T09:00:00+00:00")
    repo.branch("two", {U: update("dana", "2026-W42", 30)}, "2026-10-13T09:00:00+00:00")
    repo.branch("one", {U: update("dana", "2026-W42", 20)}, "2026-10-14T09:00:00+00:00")
    git(repo.root, "merge", "-q", "--no-ff", "-m", "one", "one", date="2026-10-15T09:00:00+00:00")
    assert subprocess.run(["git", "merge", "-q", "two"], cwd=repo.root, capture_output=True).returncode != 0
    git(repo.root, "checkout", "--theirs", U)
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "--no-edit", date="2026-10-16T09:00:00+00:00")
    for cache in ("--no-cache", None):
        one = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-20", "--format", "json", *[cache] * bool(cache)).stdout)
        status = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-20", "--format", "json").stdout)
        assert one["last_value"] == status["teams"][0]["objectives"][0]["key_results"][0]["current"] == 30


def test_a_value_corrected_later_still_stands_as_of_a_day_before(repo, cli):
    U = "updates/2026-W47/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-30T10:00:00+00:00")
    repo({"updates/2026-W46/dana.md": update("dana", "2026-W46", 5)}, "2026-11-09T10:00:00+00:00")
    repo({U: update("dana", "2026-W47", 7)}, "2026-11-16T10:00:00+00:00")
    repo({U: update("dana", "2026-W47", 6)}, "2026-11-17T10:00:00+00:00")  # the 7 was a typo
    for cache in ("--no-cache", None):
        def week_values(today):
            one = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--today", today, "--format", "json", *[cache] * bool(cache)).stdout)
            return [(p["week"], p["value"], p["corrects"]) for p in one["points"] if p["week"]], one["last_value"]
        assert week_values("2026-11-16") == ([("2026-W46", 5, None), ("2026-W47", 7, None)], 7)
        assert week_values("2026-11-18") == ([("2026-W46", 5, None), ("2026-W47", 6, 7)], 6)


def test_status_and_history_date_a_goalpost_change_by_when_it_landed(repo, cli):
    """Authored on the 1st (a day into the period), committed on the 10th: as of the 7th
    neither status nor history knows of it; as of the 11th both do."""
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-09-25T10:00:00+00:00")
    (repo.root / C).write_text(COMPANY.replace("target: 100", "target: 80"))
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-10-10T10:00:00+00:00", "GIT_AUTHOR_DATE": "2026-10-02T10:00:00+00:00", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-c", "user.name=Dana", "-c", "user.email=d@x.example", "commit", "-qam", "lower"], cwd=repo.root, env=env, check=True)
    for day, moved in (("2026-10-07", []), ("2026-10-11", ["target"])):
        status = json.loads(cli("status", "-w", repo.root, "--today", day, "--format", "json").stdout)
        kr = status["teams"][0]["objectives"][0]["key_results"][0]
        one = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--today", day, "--format", "json").stdout)
        assert kr["goalpost_moved"] == moved == [g["field"] for g in one["goalpost_changes"]], day


def test_a_commit_dated_ahead_does_not_move_the_cadence_clock_of_at(repo, cli):
    """Alice's clock is five days ahead: her W42 update is dated the 25th, committed on the
    19th. `--at 2026-10-20` holds it, and still judges W43 (check-in day Friday the 23rd)
    not due, as silence does."""
    config = CONFIG + "checkin:\n  day: friday\n"
    repo({"okrfile.yaml": config, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    (repo.root / "updates/2026-W42").mkdir(parents=True)
    (repo.root / "updates/2026-W42/alice.md").write_text(update("alice", "2026-W42", 5))
    git(repo.root, "add", "-A")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-10-25T10:00:00+00:00", "GIT_COMMITTER_DATE": "2026-10-19T10:00:00+00:00", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-c", "user.name=Alice", "-c", "user.email=a@x.example", "commit", "-qm", "w42"], cwd=repo.root, env=env, check=True)
    found = json.loads(cli("history", "-w", repo.root, "--at", "2026-10-20", "--format", "json").stdout)
    assert found["cadence"]["people"]["alice"].get("2026-W43", "not_due") == "not_due"
    assert found["cadence"]["people"]["alice"]["2026-W42"] == "late"  # held by the revision, and late by its date


def test_renumbered_key_results_leave_the_updates_before_as_records(repo, cli):
    """KR1 and KR2 swap ids mid-period. The updates posted before name them as they were then:
    no E414 (before the commit, for the pre-commit hook, and after it), and their values count
    for neither key result, in status and history alike (they are about the other one)."""
    two = TWO_KRS
    repo({"okrfile.yaml": CONFIG, C: two}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W42/dana.md": two_blocks("2026-W42")}, "2026-10-12T09:00:00+00:00")
    kr1 = two[two.index("      - id: KR1"):two.index("      - id: KR2")]
    kr2 = two[two.index("      - id: KR2"):]
    swapped = two.replace(kr1 + kr2, kr2.replace("id: KR2", "id: KR1") + kr1.replace("id: KR1", "id: KR2"))
    assert swapped != two
    (repo.root / C).write_text(swapped)
    hook = cli("validate", "-w", repo.root, "--today", "2026-10-20", "--format", "json")
    assert [d["code"] for d in json.loads(hook.stdout)["diagnostics"] if d["code"] == "E414"] == []
    git(repo.root, "commit", "-qam", "renumber", date="2026-10-19T10:00:00+00:00")
    after = cli("validate", "-w", repo.root, "--today", "2026-10-20", "--format", "json")
    assert [d["code"] for d in json.loads(after.stdout)["diagnostics"] if d["code"] == "E414"] == [] and after.exit_code == 0
    status = json.loads(cli("status", "-w", repo.root, "--today", "2026-10-20", "--format", "json").stdout)
    found = json.loads(cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-20", "--format", "json").stdout)
    overview = cli("history", "-w", repo.root, "--period", "2026-Q4", "--today", "2026-10-20", env={"COLUMNS": "150"}).stdout
    rows = [line for line in overview.splitlines() if line.startswith("2026-Q4/company/O1/KR")]
    kr1 = next(row for row in rows if row.startswith("2026-Q4/company/O1/KR1 "))
    assert not set(kr1) & set("▁▂▃▄▅▆▇█")  # its values before the swap were the other key result's: no sparkline of them
    for kr in status["teams"][0]["objectives"][0]["key_results"]:
        assert kr["last_checkin"] is None, kr  # neither counts the W42 block
        history_kr = next(k for k in found["key_results"] if k["ref"] == f"2026-Q4/company/{kr['ref'].split('/', 1)[1]}")
        assert history_kr["last_value"] == (kr["current"] if kr["type"] != "milestone" else kr["done"]), kr


def test_a_fix_after_committed_conflict_markers_reads_the_same_cached_or_not(repo, cli):
    U = "updates/2026-W45/dana.md"
    repo({"okrfile.yaml": CONFIG, C: COMPANY}, "2026-10-01T10:00:00+00:00")
    repo.branch("feat", {U: update("dana", "2026-W45", 20)}, "2026-11-02T08:00:00+00:00")
    repo({U: update("dana", "2026-W45", 22)}, "2026-11-02T09:00:00+00:00")
    subprocess.run(["git", "merge", "-q", "feat"], cwd=repo.root, capture_output=True)
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "--no-edit", date="2026-11-02T10:00:00+00:00")  # the markers committed

    def timeline(*args):
        one = json.loads(cli("history", "company/O1/KR1", "-w", repo.root, "--period", "2026-Q4", "--format", "json", *args).stdout)
        return one["last_value"], [(p["value"], p["corrects"]) for p in one["points"] if p["week"]]

    assert timeline() == (50, [])  # broken at HEAD: nowhere until fixed (the OKR file's current: is the last value)
    repo({U: update("dana", "2026-W45", 21)}, "2026-11-05T08:00:00+00:00")
    assert timeline() == timeline("--no-cache") == (21, [(20, None), (21, 22)])  # the fix corrects main's (the first parent's)


def test_a_removal_in_the_same_second_as_the_post_comes_after_it(repo, cli):
    """Scripted commits share a second: the update naming KR2, then KR2 removed. The update
    was committed while KR2 was there: a record, no L012."""
    repo({"okrfile.yaml": CONFIG, C: TWO_KRS}, "2026-10-01T10:00:00+00:00")
    repo({"updates/2026-W46/dana.md": two_blocks("2026-W46")}, "2026-11-16T09:00:00+00:00")
    repo({C: COMPANY}, "2026-11-16T09:00:00+00:00")  # KR2 removed, the same second
    codes = [d["code"] for d in json.loads(cli("validate", "-w", repo.root, "--today", "2026-11-17", "--format", "json").stdout)["diagnostics"]]
    assert "L012" not in codes and "E406" not in codes
