"""okrfile fmt: a canonical layout that keeps every value and every comment."""

import io

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from okrfile.fmt import format_text
from tests.conftest import COMPANY, run_okrfile

C = "okrs/2026-Q4/company.yaml"
SHUFFLED = """\
# the company's OKRs
team: company   # who
objectives:
- title: Grow  # short
  id: O1
  owner: dana
  key_results:
  - {title: Revenue, id: KR1, target: 100, start: 0, current: 50}
  - target: 5
    id: KR2
    title: "Margin: net"
    start: 1
period: 2026-Q4
"""


def safe(text):
    return YAML(typ="safe", pure=True).load(text)


def test_reorders_keys_and_keeps_comments_quotes_and_values():
    out = format_text(SHUFFLED, "okr-set")
    assert out.splitlines()[:4] == ["# the company's OKRs", "period: 2026-Q4", "team: company   # who", "objectives:"]
    assert "  - id: O1" in out and "      - {id: KR1, title: Revenue, start: 0, target: 100, current: 50}" in out
    assert '        title: "Margin: net"' in out
    for comment in ("# the company's OKRs", "# who", "# short"):
        assert comment in out
    assert safe(out) == safe(SHUFFLED)
    assert format_text(out, "okr-set") == out


def test_cli_check_diff_write(make_ws, cli):
    root = make_ws({C: SHUFFLED})
    check = cli("fmt", "-w", root, "--check")
    assert check.exit_code == 1 and check.stdout.splitlines() == [C]
    assert (root / C).read_text() == SHUFFLED  # --check writes nothing
    diff = cli("fmt", "-w", root, "--diff")
    assert diff.exit_code == 1 and f"--- a/{C}" in diff.stdout and "+period: 2026-Q4" in diff.stdout
    assert (root / C).read_text() == SHUFFLED
    assert cli("fmt", "-w", root).exit_code == 0
    assert (root / C).read_text() == format_text(SHUFFLED, "okr-set")
    assert cli("fmt", "-w", root, "--check").exit_code == 0
    assert cli("validate", "-w", root).exit_code == 0


def test_only_the_paths_given(make_ws, cli):
    other = "okrs/2026-Q4/platform.yaml"
    root = make_ws({C: SHUFFLED, other: SHUFFLED.replace("company", "platform")})
    assert cli("fmt", "-w", root, root / C).exit_code == 0
    assert (root / C).read_text() != SHUFFLED
    assert (root / other).read_text() == SHUFFLED.replace("company", "platform")
    assert cli("fmt", "-w", root, root / other).exit_code == 0
    assert cli("fmt", "-w", root, "--check").stdout.splitlines() == []


def test_never_writes_a_file_that_does_not_parse(make_ws, cli):
    broken = "period: 2026-Q4\nteam: [company\n"
    root = make_ws({C: broken, "okrs/2026-Q4/platform.yaml": SHUFFLED.replace("company", "platform")})
    result = cli("fmt", "-w", root)
    assert result.exit_code == 1 and f"{C}: does not parse" in result.output
    assert (root / C).read_text() == broken
    assert (root / "okrs/2026-Q4/platform.yaml").read_text() != SHUFFLED.replace("company", "platform")


def test_a_comment_inside_a_multiline_flow_mapping_is_never_dropped(make_ws, cli):
    text = COMPANY.replace(
        "      - id: KR1\n        title: Revenue\n        start: 0\n        target: 100\n        current: 50\n",
        "      - {title: Revenue, id: KR1,  # a comment ruamel would drop\n         start: 0, target: 100}\n",
    )
    root = make_ws({C: text})
    assert cli("validate", "-w", root).exit_code == 0
    result = cli("fmt", "-w", root)
    assert result.exit_code == 1 and "would drop the comment on line 8" in result.output
    assert (root / C).read_text() == text


def test_examples_are_canonical(acme):
    result = run_okrfile("fmt", "-w", acme, "--check")
    assert result.returncode == 0, result.stdout


# Hypothesis: generated valid OKR sets, written with keys in random order, random
# quoting and comments; fmt keeps the data exactly, keeps every comment, and is idempotent.

WORDS = st.text(alphabet=st.sampled_from("abcdefghij klmnop:#-'\""), min_size=1, max_size=20).map(str.strip).filter(bool)
NUMBERS = st.one_of(st.integers(-1000, 1000), st.floats(-1000, 1000, allow_nan=False).map(lambda f: round(f, 2)))


@st.composite
def key_results(draw, index):
    start = draw(NUMBERS)
    target = draw(NUMBERS.filter(lambda t: t != start))
    kr = {"id": f"KR{index}", "title": draw(WORDS), "start": start, "target": target}
    if draw(st.booleans()):
        kr["current"] = draw(NUMBERS)
    if draw(st.booleans()):
        kr["weight"] = draw(st.integers(1, 3))
    return kr


@st.composite
def okr_sets(draw):
    objectives = []
    for o in range(1, draw(st.integers(1, 3)) + 1):
        krs = [draw(key_results(k)) for k in range(1, draw(st.integers(1, 3)) + 1)]
        objective = {"id": f"O{o}", "title": draw(WORDS), "owner": "dana", "key_results": krs}
        if draw(st.booleans()):
            objective["why"] = draw(WORDS)
        objectives.append(objective)
    document = {"period": "2026-Q4", "team": "company", "objectives": objectives}
    if draw(st.booleans()):
        document["deprioritized"] = draw(st.lists(WORDS, min_size=1, max_size=3))
    return document


def shuffled_yaml(document, rng, comments):
    """Write the document by hand: keys in a random order, comments on random lines."""
    yaml = YAML()
    yaml.default_flow_style = rng.choice([False, None])
    yaml.width = rng.choice([4096, 60])  # narrow: flow mappings span lines

    def shuffle(node):
        if isinstance(node, dict):
            keys = list(node)
            rng.shuffle(keys)
            return {k: shuffle(node[k]) for k in keys}
        if isinstance(node, list):
            return [shuffle(v) for v in node]
        return node

    out = io.StringIO()
    yaml.dump(shuffle(document), out)
    lines = out.getvalue().splitlines()
    tagged = []
    for i, line in enumerate(lines):
        if comments and rng.random() < 0.3 and not line.rstrip().endswith(("|", ">")):
            tagged.append(f"{line}  # note {i}")
        else:
            tagged.append(line)
    text = "\n".join(tagged) + "\n"
    return ("# heading comment\n" if comments else "") + text


def _with_krs(*krs):
    objective = {"id": "O1", "title": "T", "owner": "dana", "key_results": list(krs)}
    return {"period": "2026-Q4", "team": "company", "objectives": [objective]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=okr_sets(), seed=st.integers(0, 10_000), comments=st.booleans())
# found in CI: `:::'a` is a plain scalar, so a comment after it on a flow line is a comment
@example(
    document=_with_krs(
        {"id": "KR1", "title": "::::a", "start": 0, "target": -1, "current": -1},
        {"id": "KR2", "title": ":::::::::::::::'a", "start": 0, "target": -10},
        {"id": "KR3", "title": ":", "start": 0, "target": 1},
    ),
    seed=1206,
    comments=True,
)
# and `:a '` is plain too: a quote opens a scalar only where a value starts
@example(
    document={
        "period": "2026-Q4",
        "team": "company",
        "objectives": [
            {"id": "O1", "title": ":", "owner": "dana", "key_results": [{"id": "KR1", "title": ":a '", "start": 0, "target": -1, "current": -10}]},
            {"id": "O2", "title": ":", "owner": "dana", "key_results": [{"id": "KR1", "title": ":", "start": 0, "target": 1}]},
            {
                "id": "O3",
                "title": ":",
                "owner": "dana",
                "key_results": [{"id": "KR1", "title": ":", "start": 0, "target": 1}, {"id": "KR2", "title": ":", "start": 0, "target": 1}],
            },
        ],
        "deprioritized": [":"],
    },
    seed=27,
    comments=True,
)
# and a quoted title holding '' (a quote) and ` #` holds no comment
@example(document=_with_krs({"id": "KR1", "title": "'\" #", "start": 0, "target": 1}), seed=0, comments=False)
def test_fmt_properties(document, seed, comments):
    import random

    text = shuffled_yaml(document, random.Random(seed), comments)
    try:
        original = safe(text)
    except Exception:
        # a comment appended inside a wrapped plain scalar can end it early: not a valid
        # input, so not an example (hypothesis fails the test if this rejects too many)
        assume(False)
    from okrfile.fmt import CommentLost

    try:
        out = format_text(text, "okr-set")
    except CommentLost:
        # only a comment inside a flow collection spanning lines may be at risk: refused
        assert any("{" in line and "}" not in line or "[" in line and "]" not in line for line in text.splitlines())
        return
    assert safe(out) == original  # the data, exactly
    for line in text.splitlines():
        if "  # note" in line:
            assert line[line.rindex("# note"):] in out  # every comment
    if comments:
        assert out.startswith("# heading comment\n")
    assert format_text(out, "okr-set") == out  # idempotent
    assert list(safe(out)) == [k for k in ("period", "team", "objectives", "deprioritized") if k in original]


def test_anchors_and_config_and_maps(make_ws, cli, acme):

    anchored = COMPANY.replace(
        "      - id: KR1\n        title: Revenue\n        start: 0\n        target: 100\n        current: 50\n",
        "      - &base {title: Revenue, id: KR1, start: 0, target: 100}\n      - <<: *base\n        id: KR2\n",
    )
    out = format_text(anchored, "okr-set")
    assert "&base" in out and "*base" in out
    assert safe(out) == safe(anchored)
    config = "people:\n  bob: {team: platform, name: Bob}\nteams:\n  platform: {name: P}\nokrfile: 1\n"
    assert format_text(config, "config") == "okrfile: 1\nteams:\n  platform: {name: P}\npeople:\n  bob: {name: Bob, team: platform}\n"
    impact_map = (acme / "maps" / "async-adoption.yaml").read_text()
    assert format_text(impact_map, "map") == impact_map


def test_comment_lines_stay_above_their_keys():
    text = (
        "# schema line\nteam: platform\nobjectives:\n  - id: O1\n    title: T\n    key_results:\n"
        "      - id: KR1\n        title: K\n        # agreed with dana\n        target: 85\n"
        "        # baseline from September\n        start: 40\n        current: 50\n"
        "    kind: aspirational\n# the period\nperiod: 2026-Q4\n"
    )
    out = format_text(text, "okr-set").splitlines()
    assert out[:3] == ["# schema line", "# the period", "period: 2026-Q4"]
    assert out[out.index("        start: 40") - 1] == "        # baseline from September"
    assert out[out.index("        target: 85") - 1] == "        # agreed with dana"
    assert format_text("\n".join(out) + "\n", "okr-set") == "\n".join(out) + "\n"


def test_a_tab_before_a_comment_is_named_and_the_file_left_alone(make_ws, cli):
    text = SHUFFLED.replace("title: Grow", "title: Grow\t# libyaml accepts this tab", 1)
    assert "\t" in text
    root = make_ws({C: text})
    result = cli("fmt", "-w", root)
    assert result.exit_code == 1 and "replace the tab with spaces" in result.output
    assert (root / C).read_text() == text


def test_a_byte_order_mark_is_kept(make_ws, cli):
    root = make_ws({C: b"\xef\xbb\xbf" + COMPANY.encode()})
    assert cli("fmt", "-w", root).exit_code == 0
    assert (root / C).read_bytes().startswith(b"\xef\xbb\xbfperiod:")
    assert cli("fmt", "--check", "-w", root).exit_code == 0  # and it is canonical from then on
