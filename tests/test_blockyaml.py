"""The fast block-YAML reader against libyaml: same tree, lines and columns, or it declines."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrfile.blockyaml import read_block_yaml
from okrfile.source import Source
from okrfile.yamlnodes import parse_yaml_events

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "okrfile" / "examples" / "acme"


def tree(node):
    if node.kind == "scalar":
        return ("scalar", node.value, node.line, node.col, node.plain)
    if node.kind == "seq":
        return ("seq", node.line, node.col, [tree(item) for item in node.value])
    return ("map", node.line, node.col, [(tree(k), tree(v)) for k, v in node.value])


def libyaml(text: str):
    node, diagnostics = parse_yaml_events(Source("t.yaml", text))
    return (tree(node) if node is not None else None), [(d.code, d.line, d.col) for d in diagnostics]


def agrees(text: str) -> bool:
    """True when the fast reader took the text (and then it must equal libyaml's tree)."""
    fast = read_block_yaml(text)
    if fast is None:
        return False
    slow, diagnostics = libyaml(text)
    assert diagnostics == [], text
    assert tree(fast) == slow, text
    return True


def test_every_example_file_is_read_by_the_fast_path_with_libyamls_tree():
    files = sorted(EXAMPLE.rglob("*.yaml"))
    assert len(files) >= 9
    for path in files:
        assert agrees(path.read_text()), path


def test_generated_benchmark_files_take_the_fast_path(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    ws = generate(tmp_path / "ws", teams=6)
    for path in [ws / "okrfile.yaml", *sorted((ws / "okrs").rglob("*.yaml"))]:
        assert agrees(path.read_text()), path


@pytest.mark.parametrize(
    "text, line, col",
    [
        ("a: 1\nb:\n  - x\n  - y\n", 3, 3),  # a nested sequence starts at its first `-`
        ("a:\n- x\n- y\nb: 2\n", 2, 1),  # an indentless sequence
        ("list:\n  - id: O1\n    title: T\n", 2, 3),  # its items are mappings, which agrees() checks
        ("a: [x, y]\n", 1, 4),
        ("a: {k: v, k2: w w}\n", 1, 4),
        ("\n# c\nfirst: 1   # trailing\n", 3, 1),
    ],
)
def test_positions_match_libyaml(text, line, col):
    assert agrees(text)
    root = read_block_yaml(text)
    value = next((v for _, v in root.value if v.kind != "scalar"), root)
    assert (value.line, value.col) == (line, col)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key: libyaml's path reports E110
        "a:\tb\n",  # a tab
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: |\n  text\n",  # a block scalar
        "a: one\n  two\n",  # a plain scalar over two lines
        "a:\n",  # an empty value
        "---\na: 1\n",  # a document marker
        "a: b: c\n",  # an error
        "a: 'open\n",  # an unclosed quote
        'a: "x\\ty"\n',  # an escape
        "- a\n",  # not a mapping at the top
        "a: [x, [y]]\n",  # nested flow
        "a: 1\n b: 2\n",  # bad indentation
        "'a': 1\n",  # a quoted key
        "a: @x\n",  # a reserved indicator
        "",  # nothing
        "k" * 1025 + ": v\n",  # libyaml refuses keys over 1024 characters
        "a:\n  - " + "k" * 1030 + ": v\n",
        "a: {" + "k" * 1030 + ": v}\n",
        # 33 collections deep through indentless lists, which libyaml stops at 64 (E112)
        "a:\n" + "".join(" " * (2 * i) + "- k:\n" for i in range(40)) + " " * 80 + "- x\n",
    ],
)
def test_declines_what_is_outside_the_subset(text):
    assert read_block_yaml(text) is None


def test_word_classes_are_the_ascii_signs_and_everything_from_u00a0_on():
    import re

    from okrfile.blockyaml import _FLOW_WORD, _PLAIN_START

    # the classes as first written; spelled so, they take 11 ms to compile
    flow_word = re.compile("[A-Za-z0-9_.+/~$()=^\u00a0-\U0010ffff][A-Za-z0-9_.+/~$()=^@ \\-\u00a0-\U0010ffff]*")
    plain_start = re.compile("[A-Za-z0-9_.+/~$()=^\u00a0-\U0010ffff]|-[0-9.]")
    points = [*range(0x300), *range(0xFFF0, 0x10010), 0x10FFFF, *range(0x2000, 0x110000, 997)]
    for c in map(chr, points):
        for text in (c, "a" + c, c + "a", "-" + c):
            assert bool(_FLOW_WORD.fullmatch(text)) == bool(flow_word.fullmatch(text)), repr(text)
            assert bool(_PLAIN_START.match(text)) == bool(plain_start.match(text)), repr(text)


def test_flow_mapping_duplicates_are_declined_however_far_apart():
    keys = [f"k{i}" for i in range(5000)]
    assert agrees("a: {" + ", ".join(f"{k}: v" for k in keys) + "}\n")
    assert read_block_yaml("a: {" + ", ".join(f"{k}: v" for k in [*keys, "k7"]) + "}\n") is None


KEYS = st.sampled_from(["a", "id", "title", "key_results", "2026-Q4", "b_c", "x.y"])
VALUES = st.sampled_from(
    [
        "plain", "two words", "12", "-3.5", "1.5", "true", "null", "~", "2026-10-05", "a: b", "a:b", "x #c", "x#c",
        "'q'", "'it''s'", "'a' b", "'a' #c", '"dq"', '"a\\nb"', '"', "'", "[a, b]", "[]", "{}", "{k: v}", "{k: v, k: w}",
        "[a, [b]]", "[a,]", "[a b, c/d]", "{k: a b, m: 2026-01-01}", "{k}", "{k: }", "&x y", "*x", "|", ">", "!t x",
        "- x", "#c", "@x", "`x", "%x", "-x", "?x", ":x", "a,b", "a]b", "ü é", "Ω", "x:", "a - b", "C#", "( x )",
        "$5", "=x", "^x", "+1", ".5", "http://x", "x  ", "[a] x", "{k: v} x", "'a'x",
    ]
)


@st.composite
def block_texts(draw):
    """Lines of keys, items, values and comments at mixed indents: mostly invalid or
    outside the subset, sometimes inside it."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 2, 4, 1, 3, 6]))
        shape = draw(st.sampled_from(["key value", "key", "item", "item key", "comment", "blank"]))
        key, value = draw(KEYS), draw(VALUES)
        lines.append(
            {
                "key value": f"{indent}{key}: {value}",
                "key": f"{indent}{key}:",
                "item": f"{indent}- {value}",
                "item key": f"{indent}- {key}: {value}",
                "comment": f"{indent}# note: {value}",
                "blank": "",
            }[shape]
        )
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_texts())
def test_random_texts_are_read_as_libyaml_reads_them_or_declined(text):
    agrees(text)


SCALARS = st.sampled_from(["plain", "two words", "12", "-3.5", "'quoted'", "'it''s'", '"dq"', "ü é", "x #c", "[a, b c]", "{k: v}"])


@st.composite
def documents(draw, depth=0):
    """Valid nested documents in okrfile's layout: the subset proper."""
    keys = draw(st.lists(KEYS, min_size=1, max_size=4, unique=True))
    out = []
    for key in keys:
        kind = draw(st.sampled_from(["scalar", "scalar", "map", "list"]) if depth < 3 else st.just("scalar"))
        if kind == "scalar":
            out.append(f"{key}: {draw(SCALARS)}")
        elif kind == "map":
            inner = draw(documents(depth + 1))
            out.append(f"{key}:\n" + "\n".join("  " + line for line in inner.split("\n")))
        else:
            out.append(f"{key}:")
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    out.append(f"  - {draw(SCALARS)}")
                else:
                    inner = draw(documents(depth + 1)).split("\n")
                    out.append("  - " + inner[0])
                    out.extend("    " + line for line in inner[1:])
    return "\n".join(out)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_valid_documents_in_the_subset_are_taken_and_agree(text):
    assert agrees(text + "\n"), text


@st.composite
def near_misses(draw):
    """A valid document with one character inserted, deleted or replaced: the texts a
    reader is most likely to get subtly wrong."""
    text = draw(documents()) + "\n"
    at = draw(st.integers(0, len(text) - 1))
    char = draw(st.sampled_from(list(" -:#'\"[]{},&*!|>?@`%\\\n\tx9ü")))
    edit = draw(st.sampled_from(["insert", "delete", "replace"]))
    if edit == "insert":
        return text[:at] + char + text[at:]
    if edit == "delete":
        return text[:at] + text[at + 1 :]
    return text[:at] + char + text[at + 1 :]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_misses())
def test_near_misses_are_read_as_libyaml_reads_them_or_declined(text):
    agrees(text)
