"""Impact maps: read, checked against the OKRs, drawn as a tree, Mermaid and JSON."""

import json
import shutil
import subprocess

from tests.conftest import COMPANY, run_okrfile

C = "okrs/2026-Q4/company.yaml"
M = "maps/growth.yaml"
MAP = """\
id: growth
period: 2026-Q4
why: Revenue doubles by the end of the quarter
aligns_to: company/O1
who:
  - actor: New customers
    how:
      - impact: Sign up without a sales call
        what:
          - deliverable: Self-serve checkout
            krs: [company/O1/KR1]
            status: in_progress
          - deliverable: Pricing page
            krs: company/O1/KR1
"""


def found(cli, root):
    result = cli("validate", "-w", root, "--format", "json")
    assert "Traceback" not in result.output
    return [(d["path"], d["line"], d["col"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]


def test_the_example_map_is_clean_and_drawn_with_scores(cli, acme):
    assert [d for d in found(cli, acme) if d[0].startswith("maps/")] == []
    tree = cli("map", "-w", acme, "--today", "2026-11-20")
    assert tree.exit_code == 0, tree.output
    for text in ("async-adoption", "Remote team leads", "Run check-ins without a meeting", "Weekly Slack digest", "platform/O1/KR2"):
        assert text in tree.output
    document = json.loads(cli("map", "async-adoption", "-w", acme, "--format", "json", "--today", "2026-11-20").stdout)
    status = json.loads(cli("status", "-w", acme, "--format", "json", "--today", "2026-11-20").stdout)
    scores = {k["ref"]: k["score"] for t in status["teams"] for o in t["objectives"] for k in o["key_results"]}
    (only,) = document["maps"]
    assert only["aligns_to"] == {"ref": "platform/O1", "title": "Make async check-ins effortless for remote teams"}
    krs = [kr for actor in only["who"] for impact in actor["how"] for d in impact["what"] for kr in d["krs"]]
    assert len(krs) == 9 and all(kr["score"] == scores[kr["ref"]] for kr in krs)


def test_every_broken_reference_is_pointed_at(make_ws, cli):
    broken = (
        MAP.replace("id: growth", "id: growht")
        .replace("aligns_to: company/O1", "aligns_to: company/O9")
        .replace("krs: [company/O1/KR1]", "krs: [company/O1/KR1, company/O1/KR7]")
        .replace("            krs: company/O1/KR1\n", "")
        + "          - deliverable: A dropped idea\n            status: dropped\n"
    )
    root = make_ws({C: COMPANY, M: broken, "maps/old/stale.yaml": MAP, "maps/other.yml": MAP.replace("growth", "other").replace("2026-Q4", "2026-Q9")})
    assert found(cli, root) == [
        ("maps/growth.yaml", 1, 5, "E501"),  # the file is growth.yaml
        ("maps/growth.yaml", 4, 12, "E301"),  # no objective company/O9
        ("maps/growth.yaml", 11, 35, "E500"),  # no key result company/O1/KR7 (its place in the list)
        ("maps/growth.yaml", 13, 13, "L011"),  # the pricing page moves no key result; the dropped idea may not
        ("maps/old/stale.yaml", 1, 1, "E502"),
        ("maps/other.yml", 2, 9, "E309"),  # no such period
    ]


def test_schema_errors_in_a_map(make_ws, cli):
    text = MAP.replace("status: in_progress", "status: started").replace("why: Revenue doubles by the end of the quarter\n", "")
    root = make_ws({C: COMPANY, M: text + "owner: dana\n"})
    assert [(d[1], d[3]) for d in found(cli, root)] == [(1, "E201"), (11, "E203"), (14, "E200")]


def test_map_errors_do_not_stop_status_but_stop_map(make_ws, cli):
    root = make_ws({C: COMPANY, M: MAP.replace("company/O1/KR1]", "company/O1/KR9]")})
    assert cli("status", "-w", root, "--today", "2026-11-01").exit_code == 0
    drawn = cli("map", "-w", root)
    assert drawn.exit_code == 1 and "E500" in drawn.output


def test_mermaid_is_one_flowchart_with_escaped_labels(make_ws, cli):
    root = make_ws({C: COMPANY, M: MAP.replace("Pricing page", 'A "pricing" page <v2>')})
    result = cli("map", "growth", "-w", root, "--format", "mermaid", "--today", "2026-11-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "graph LR"
    assert sum("-.->" in line for line in lines) == 3  # aligns to; two deliverables to one key result
    assert sum(line.strip().startswith("k1{{") for line in lines) == 1  # drawn once
    assert "A #quot;pricing#quot; page #lt;v2#gt;" in result.stdout and '"pricing"' not in result.stdout
    assert "class k1 " in result.stdout  # coloured by its grade
    loose = cli("map", "growth", "-w", make_ws({C: COMPANY, M: MAP.replace("            krs: company/O1/KR1\n", "")}), "--format", "mermaid")
    assert "class a1i1d2 unanchored" in loose.stdout  # the pricing page moves no key result (L011)


def test_usage_errors(make_ws, cli):
    plain = make_ws({C: COMPANY})
    assert "no impact maps" in cli("map", "-w", plain).output
    root = make_ws({C: COMPANY, M: MAP, "maps/second.yaml": MAP.replace("id: growth", "id: second")})
    several = cli("map", "-w", root, "--format", "mermaid")
    assert several.exit_code == 2 and "growth, second" in several.output
    unknown = cli("map", "grwoth", "-w", root)
    assert unknown.exit_code == 2 and "did you mean `growth`" in unknown.output
    both = json.loads(cli("map", "-w", root, "--format", "json").stdout)
    assert [m["id"] for m in both["maps"]] == ["growth", "second"]


def test_map_through_the_real_command_and_at_an_old_commit(make_ws, tmp_path):
    root = make_ws({C: COMPANY, M: MAP})
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@x"}
    import os

    env = {**os.environ, **env}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "map"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    (root / M).write_text(MAP.replace("Self-serve checkout", "Checkout v2"))
    now = run_okrfile("map", "-w", root, "--format", "json")
    then = run_okrfile("map", "-w", root, "--format", "json", "--at", "HEAD")
    assert now.returncode == then.returncode == 0, now.stderr + then.stderr
    titles = [json.loads(r.stdout)["maps"][0]["who"][0]["how"][0]["what"][0]["deliverable"] for r in (now, then)]
    assert titles == ["Checkout v2", "Self-serve checkout"]


def test_the_schema_rejects_what_validate_rejects(make_ws, cli, tmp_path):
    tool = shutil.which("check-jsonschema")
    assert tool, "check-jsonschema comes with the test extra"
    root = make_ws({C: COMPANY, M: MAP.replace("status: in_progress", "status: started")})
    assert cli("validate", "-w", root).exit_code == 1
    cli("schema", "--out", tmp_path / "s")
    schema = str(tmp_path / "s" / "impact-map.schema.json")
    assert subprocess.run([tool, "--schemafile", schema, str(root / M)], capture_output=True).returncode == 1


def test_one_broken_map_does_not_stop_another(make_ws, cli):
    root = make_ws({C: COMPANY, M: MAP, "maps/broken.yaml": MAP.replace("id: growth", "id: broken").replace("company/O1/KR1]", "company/O1/KR9]")})
    good = cli("map", "growth", "-w", root)
    assert good.exit_code == 0 and "Self-serve checkout" in good.output
    assert cli("map", "maps/growth.yaml", "-w", root).exit_code == 0  # its file names it too
    everything = cli("map", "-w", root)
    assert everything.exit_code == 1 and "E500" in everything.output


def test_a_map_without_a_period_gets_one_error_not_one_per_reference(make_ws, cli):
    root = make_ws({C: COMPANY, M: MAP.replace("period: 2026-Q4\n", "")})
    assert [d[3] for d in found(cli, root)] == ["E201"]


def test_an_aliased_problem_is_reported_once(make_ws, cli):
    text = MAP.replace("- deliverable: Self-serve checkout", "- &checkout\n            deliverable: Self-serve checkout").replace(
        "krs: [company/O1/KR1]", "krs: [company/O1/KR1, company/O1/KR7]"
    )
    root = make_ws({C: COMPANY, M: text + "          - *checkout\n"})
    assert [d[3] for d in found(cli, root)] == ["E500"]


def test_mermaid_markup_in_titles_and_one_node_per_key_result(make_ws, cli):
    text = MAP.replace("Pricing page", '"`md` and #quot; & a\\nline"').replace("krs: company/O1/KR1", "krs: [2026-Q4/company/O1/KR1]")
    root = make_ws({C: COMPANY, M: text.replace("why: Revenue doubles by the end of the quarter", "why: |\n  Revenue doubles\n  by the end")})
    out = cli("map", "growth", "-w", root, "--format", "mermaid").stdout
    assert "#96;md#96; and #35;quot; #38; a<br/>line" in out and "`" not in out
    assert "Revenue doubles<br/>by the end" in out
    assert sum(line.strip().startswith("k") and "{{" in line for line in out.splitlines()) == 1  # two spellings, one key result


def test_each_impact_rolls_up_its_deliverables_and_their_key_results(cli, acme):
    document = json.loads(cli("map", "-w", acme, "--format", "json", "--today", "2026-11-20").stdout)
    impacts = {i["impact"]: i for actor in document["maps"][0]["who"] for i in actor["how"]}
    decision = impacts["Get a decision without waiting for a call"]
    assert decision["delivered"] == {"done": 1, "of": 2}
    named = {kr["ref"]: kr["score"] for d in decision["what"] for kr in d["krs"]}  # platform/O1/KR1 is named twice
    assert len(named) == 2 and abs(decision["score"] - sum(named.values()) / 2) < 1e-3
    leaders = impacts["Read progress instead of asking for it in meetings"]
    assert leaders["delivered"] == {"done": 0, "of": 1}  # the dropped video summaries do not count


def test_mermaid_outlines_red_a_done_deliverable_that_moves_no_key_result(make_ws, cli):
    done = MAP.replace("          - deliverable: Pricing page\n            krs: company/O1/KR1\n", "          - deliverable: Pricing page\n            status: done\n")
    root = make_ws({C: COMPANY, M: done})
    result = cli("map", "growth", "-w", root, "--format", "mermaid", "--today", "2026-11-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  class a1i1d2 doneunanchored" in lines and "  class a1i1d2 done" not in lines
    outline = next(line for line in lines if line.startswith("  classDef doneunanchored "))
    assert "stroke:#dc2626" in outline  # red, as the deliverables that move none are
    with_kr = cli("map", "growth", "-w", make_ws({C: COMPANY, M: MAP.replace("status: in_progress", "status: done")}), "--format", "mermaid")
    assert "  class a1i1d1 done" in with_kr.stdout.splitlines()  # done and moving a key result: done
