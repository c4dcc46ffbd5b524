"""`okrfile site`: the status page, built from real workspaces and real git histories."""

import datetime as dt
import json
from html.parser import HTMLParser

import pytest

from okrfile.render.values import score_text
from tests.conftest import COMPANY, run_okrfile
from tests.test_history import git

VOID = {"meta", "link", "br", "hr", "img", "input", "line", "circle", "polyline", "path", "rect", "wbr", "col", "area", "base", "source"}


class Page(HTMLParser):
    """The page's elements by id and its text, checking every element is closed where it opened."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.ids: dict[str, list[str]] = {}  # id -> the text inside the element
        self.within: list[tuple[str, int]] = []  # (id, depth) of the elements with ids we are in
        self.text: list[str] = []
        self.problems: list[str] = []
        self.scripts = 0
        self.external: list[str] = []
        self.feed(html)
        self.close()
        if self.open:
            self.problems.append(f"never closed: {self.open}")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            if attrs.get(name, "").startswith(("http:", "https:", "//")):
                self.external.append(attrs[name])
        if tag in VOID:
            return
        self.open.append(tag)
        if "id" in attrs:
            self.ids[attrs["id"]] = []
            self.within.append((attrs["id"], len(self.open)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        if self.within and self.within[-1][1] == len(self.open):
            self.within.pop()
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for element, _ in self.within:
            self.ids[element].append(data)

    def of(self, element: str) -> str:
        return " ".join(" ".join(self.ids[element]).split())


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo's repository and a page built from it as of 2026-11-20 (a Friday of W47)."""
    from okrfile.demo import build_demo

    root = tmp_path_factory.mktemp("site") / "demo"
    build_demo(root)
    out = root.parent / "out"
    done = run_okrfile("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert done.returncode == 0, done.stderr
    return root, out, done


def test_the_page_shows_every_key_result_as_status_scores_it(demo_site):
    root, out, done = demo_site
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert page.problems == [] and page.scripts == 0 and page.external == []
    status = json.loads((out / "status.json").read_text())
    krs = [kr for team in status["teams"] for o in team["objectives"] for kr in o["key_results"]]
    assert len(krs) > 20
    for kr in krs:
        row = page.of(kr["ref"])
        assert kr["title"] in row and score_text(kr["score"]) in row.split(), (kr["ref"], row)
    for team in status["teams"]:
        assert f"team-{team['team']}" in page.ids
    # the page is a view of the same JSON as status and history print
    assert status == json.loads(run_okrfile("status", "-w", root, "--today", "2026-11-20", "--format", "json").stdout)
    history = json.loads((out / "history.json").read_text())
    assert history == json.loads(run_okrfile("history", "-w", root, "--today", "2026-11-20", "--format", "json").stdout)
    # and says where to open it
    assert (out / "index.html").resolve().as_uri() in done.stdout


def test_the_page_shows_moved_goalposts_values_over_time_and_check_ins(demo_site):
    root, out, _ = demo_site
    html = (out / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    moved = page.of("platform/O1/KR1")
    assert "target moved" in moved
    row = html[html.index('id="platform/O1/KR1"') : html.index("</tr>", html.index('id="platform/O1/KR1"'))]
    assert row.count('<polyline class="target"') == 1  # the dashed target steps where it moved, 10 to 12
    assert html.count('<polyline class="target"') == 1
    assert "platform/O1/KR1 target 10 → 12 Alice Ng" in page.of("goalposts")
    assert "company/O1/KR1" not in page.of("goalposts")
    # a chart for each numeric key result with values, none for a milestone
    assert html.count('<svg class="chart"') == sum(
        1 for kr in json.loads((out / "history.json").read_text())["key_results"] if any(not isinstance(p["value"], bool) for p in kr["points"])
    )
    assert '<svg class="chart"' not in html[html.index('id="company/O2/KR3"') : html.index("</tr>", html.index('id="company/O2/KR3"'))]
    checkins = page.of("cadence")
    assert "Carlos" in checkins and "late" in checkins and "✗" in checkins  # the demo has carlos late, farah missing
    # weeks after --today are not on it
    assert "W48" not in checkins and "W47" in checkins


def test_the_page_has_the_weeks_digest_and_the_impact_maps(demo_site):
    root, out, _ = demo_site
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    week = page.of("week")
    assert week.startswith("Week 7 (2026-W47)")
    digest = json.loads(run_okrfile("digest", "-w", root, "--week", "2026-W47", "--format", "json").stdout)
    said = [(s["text"], s["name"]) for team in digest["teams"] for kind in ("wins", "blockers", "help_needed") for s in team[kind]]
    assert len(said) > 10
    for text, name in said:
        assert f"{' '.join(text.split())} — {name}" in week
    assert "Farah Haddad: silent 3 weeks in a row" in week and "Posted late Carlos Mendes" in week
    maps = page.of("map-async-adoption")
    assert maps.startswith("async-adoption Why 85% of people post their weekly update on time")
    assert "What Status page published from CI planned company/O2/KR1" in maps


def test_a_monday_before_anyone_checked_in_shows_the_week_before(demo_site, tmp_path):
    root, _, _ = demo_site
    out = tmp_path / "monday"
    assert run_okrfile("site", "-w", root, "--out", out, "--today", "2026-11-23").returncode == 0
    assert Page((out / "index.html").read_text(encoding="utf-8")).of("week").startswith("Week 7 (2026-W47)")
    # a period that has ended: its last week
    q3 = tmp_path / "q3"
    assert run_okrfile("site", "-w", root, "--out", q3, "--period", "2026-Q3", "--today", "2026-11-23").returncode == 0
    assert Page((q3 / "index.html").read_text(encoding="utf-8")).of("week").startswith("Week 12 (2026-W39)")


def test_users_text_is_escaped(make_ws, cli, tmp_path):
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY.replace("title: Grow", "title: \"<script>alert('x')</script> & <b>more</b>\"")})
    out = tmp_path / "out"
    result = cli("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>more</b>" not in html
    assert "&lt;script&gt;" in html and "&amp; &lt;b&gt;more&lt;/b&gt;" in html
    page = Page(html)
    assert page.problems == [] and page.scripts == 0
    assert "<script>alert('x')</script> & <b>more</b>" in page.of("company/O1")


def test_outside_git_the_page_says_why_it_has_no_history(make_ws, cli, tmp_path):
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY})
    out = tmp_path / "out"
    result = cli("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert "company/O1/KR1" in page.ids and "goalposts" not in page.ids and "cadence" not in page.ids
    assert "not in a git repository" in " ".join(page.text)
    assert json.loads((out / "history.json").read_text()) is None
    assert json.loads((out / "status.json").read_text())["teams"][0]["objectives"][0]["key_results"][0]["current"] == 50


def test_a_persons_files_are_never_replaced_unless_forced(make_ws, cli, tmp_path):
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY})
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<h1>my page</h1>\n")
    result = cli("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert result.exit_code == 1
    assert (out / "index.html").read_text() == "<h1>my page</h1>\n"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]  # nothing written at all
    # a status.json of theirs beside no page of okrfile's is theirs too
    (out / "index.html").unlink()
    (out / "status.json").write_text("{}")
    assert cli("site", "-w", root, "--out", out, "--today", "2026-11-20").exit_code == 1
    assert (out / "status.json").read_text() == "{}"
    forced = cli("site", "-w", root, "--out", out, "--today", "2026-11-20", "--force")
    assert forced.exit_code == 0, forced.output
    assert json.loads((out / "status.json").read_text())["period"] == "2026-Q4"
    # a page okrfile wrote, it replaces without being asked
    (root / "okrs/2026-Q4/company.yaml").write_text(COMPANY.replace("current: 50", "current: 75"))
    again = cli("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert again.exit_code == 0, again.output
    assert json.loads((out / "status.json").read_text())["teams"][0]["objectives"][0]["key_results"][0]["current"] == 75
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_out_that_is_a_file_or_unwritable_is_an_error_not_a_traceback(make_ws, cli, tmp_path):
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY})
    (tmp_path / "afile").write_text("x")
    result = cli("site", "-w", root, "--out", tmp_path / "afile", "--today", "2026-11-20")
    assert result.exit_code == 1 and "afile" in result.output and "Traceback" not in result.output
    assert (tmp_path / "afile").read_text() == "x"
    inside = cli("site", "-w", root, "--out", tmp_path / "afile" / "sub", "--today", "2026-11-20")
    assert inside.exit_code == 1 and "Traceback" not in inside.output


def test_workspace_errors_stop_it_and_write_nothing(make_ws, cli, tmp_path):
    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY.replace("target: 100", "target: lots")})
    out = tmp_path / "out"
    result = cli("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert result.exit_code == 1
    assert "okrs/2026-Q4/company.yaml:11:17: E202" in result.output
    assert not out.exists()


def test_a_workspace_template_overrides_the_page_and_its_mistakes_name_their_line(make_ws, cli, tmp_path):
    root = make_ws(
        {
            "okrs/2026-Q4/company.yaml": COMPANY,
            "templates/site/style.css": "body { color: rebeccapurple; }\n",
        }
    )
    out = tmp_path / "out"
    assert cli("site", "-w", root, "--out", out, "--today", "2026-11-20").exit_code == 0
    assert "rebeccapurple" in (out / "index.html").read_text()
    (root / "templates/site/index.html.j2").write_text('{% extends "site/layout.html.j2" %}\n{% block content %}\n{{ status.nothing_here.deeper }}\n{% endblock %}\n')
    broken = cli("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert broken.exit_code == 1 and "templates/site/index.html.j2:3:" in broken.output
    assert "rebeccapurple" in (out / "index.html").read_text()  # the page before stays whole


def test_at_builds_the_page_as_the_repository_was(tmp_path):
    from okrfile.demo import build_demo

    root = tmp_path / "demo"
    build_demo(root)
    out = tmp_path / "then"
    done = run_okrfile("site", "-w", root, "--out", out, "--at", "2026-10-20")
    assert done.returncode == 0, done.stderr
    status = json.loads((out / "status.json").read_text())
    assert status["today"] == "2026-10-20"
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    sha = git(root, "rev-list", "-1", "--first-parent", "--before=2026-10-21T00:00:00", "HEAD").strip()
    assert sha[:12] in " ".join(page.text)
    assert "W43" in page.of("cadence") and "W44" not in page.of("cadence")
    # the goalpost moved in W44: not yet
    assert "target moved" not in page.of("platform/O1/KR1")


def test_the_demo_builds_its_page_and_keeps_git_status_clean(tmp_path):
    target = tmp_path / "demo"
    result = run_okrfile("demo", target, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (target / "_site" / "index.html").resolve().as_uri() in result.stdout
    assert git(target, "status", "--porcelain") == ""
    assert Page((target / "_site" / "index.html").read_text(encoding="utf-8")).problems == []


def test_values_chart_draws_finite_values_over_the_period():
    from okrfile.render.svg import values_chart

    utc = dt.timezone.utc
    start, end = dt.datetime(2026, 10, 1, tzinfo=utc), dt.datetime(2027, 1, 1, tzinfo=utc)
    days = [dt.datetime(2026, 10, d, tzinfo=utc) for d in (5, 12, 19)]
    chart = values_chart(list(zip(days, [10, float("inf"), 30])), start, end, target=50, baseline=0, label="a <b> & c")
    assert chart.count("<circle") == 2  # the infinite value is not drawn
    assert "a &lt;b&gt; &amp; c" in chart and "<b>" not in chart
    assert 'class="target"' in chart and 'class="baseline"' in chart
    assert values_chart([(days[0], float("nan"))], start, end) == ""
    assert values_chart([], start, end) == ""
    # one value, no target: still a chart, on a level line
    assert "<circle" in values_chart([(days[0], 5)], start, end)


def test_a_key_result_removed_during_the_period_is_listed_and_the_page_is_built(tmp_path):
    from okrfile.demo import build_demo

    root = tmp_path / "demo"
    build_demo(root)
    okrs = root / "okrs/2026-Q4/platform.yaml"
    text = okrs.read_text()
    start = text.index("      - id: KR4")
    end = text.index("\n  - id: O2", start)  # KR4 is O1's last
    okrs.write_text(text[:start] + text[end + 1 :])
    git(root, "commit", "-qam", "drop KR4", date="2026-11-18T12:00:00+00:00")
    out = tmp_path / "out"
    done = run_okrfile("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert done.returncode == 0, done.stderr
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert "platform/O1/KR4" not in page.ids
    assert "Removed during the period: platform/O1/KR4 Raise the share" in page.of("team-platform")
    assert "platform/O1/KR4 removed" in page.of("goalposts")


def test_links_and_pipes_in_out_are_never_written_through(make_ws, cli, tmp_path):
    import os

    root = make_ws({"okrs/2026-Q4/company.yaml": COMPANY})
    out = tmp_path / "out"
    assert cli("site", "-w", root, "--out", out, "--today", "2026-11-20").exit_code == 0
    victim = tmp_path / "victim.json"
    victim.write_text("precious")
    (out / "status.json").unlink()
    (out / "status.json").symlink_to(victim)
    (out / "history.json").unlink()
    (out / "history.json").symlink_to(tmp_path / "newdir" / "created.json")  # dangling
    refused = cli("site", "-w", root, "--out", out, "--today", "2026-11-20")
    assert refused.exit_code == 1 and "status.json" in refused.output and "history.json" in refused.output
    forced = cli("site", "-w", root, "--out", out, "--today", "2026-11-20", "--force")
    assert forced.exit_code == 0, forced.output
    assert victim.read_text() == "precious" and not (tmp_path / "newdir").exists()
    assert not (out / "status.json").is_symlink() and json.loads((out / "status.json").read_text())["period"] == "2026-Q4"
    pipe = tmp_path / "piped"
    pipe.mkdir()
    os.mkfifo(pipe / "index.html")
    assert cli("site", "-w", root, "--out", pipe, "--today", "2026-11-20").exit_code == 1  # refused, not hung


def test_a_layout_of_ones_own_without_the_generator_tag_still_rebuilds(make_ws, cli, tmp_path):
    root = make_ws(
        {
            "okrs/2026-Q4/company.yaml": COMPANY,
            "templates/site/layout.html.j2": "<html><head><title>{% block title %}{% endblock %}</title></head>"
            "<body>{% block content %}{% endblock %}</body></html>\n",
        }
    )
    out = tmp_path / "out"
    for _ in range(2):
        result = cli("site", "-w", root, "--out", out, "--today", "2026-11-20")
        assert result.exit_code == 0, result.output
    assert '<head>\n<meta name="generator" content="okrfile' in (out / "index.html").read_text()


def test_the_on_time_column_is_of_the_last_week_everyone_was_due(demo_site, tmp_path):
    root, _, _ = demo_site
    # Monday of W47: people east of UTC are due already, carlos (UTC-3) is not
    out = tmp_path / "monday"
    assert run_okrfile("site", "-w", root, "--out", out, "--today", "2026-11-16").returncode == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "on time, 2026-W46" in html
    history = json.loads(run_okrfile("history", "-w", root, "--today", "2026-11-16", "--format", "json").stdout)
    rate = history["cadence"]["teams"]["engineering"]["2026-W46"]
    row = Page(html).of("team-row-engineering")
    assert row.endswith(f"{round(rate * 100)}%")


def test_the_chart_holds_the_value_status_counts_and_stays_inside(demo_site):
    import re

    _, out, _ = demo_site
    html = (out / "index.html").read_text(encoding="utf-8")
    for chart in re.findall(r'<svg class="chart".*?</svg>', html):
        for a, b in re.findall(r"(-?[\d.]+),(-?[\d.]+)", chart):
            assert 0 <= float(a) <= 160 and 0 <= float(b) <= 36, chart
