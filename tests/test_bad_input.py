"""Users' files are data: every bad input is a diagnostic with its line, exit 1, no traceback."""

import json

import pytest

from tests.conftest import COMPANY, run_okrfile

OKRS = "okrs/2026-Q4/company.yaml"


def diagnostics(cli, root):
    result = cli("validate", "-w", root, "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, [(d["path"], d["line"], d["col"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", [(OKRS, 1, 1, "E102")]),
        (b"# only a comment\n", [(OKRS, 1, 1, "E102")]),
        (b"---", [(OKRS, 1, 1, "E102")]),
        (b"# the OKRs\n---\n# to come\n", [(OKRS, 1, 1, "E102")]),
        (b"--- ~\n", [(OKRS, 1, 5, "E103")]),
        (b"- period: 2026-Q4\n- team: company\n", [(OKRS, 1, 1, "E103")]),
        (b"just text\n", [(OKRS, 1, 1, "E103")]),
        (b"period: 2026-Q4\nteam: caf\xe9\n", [(OKRS, 2, 10, "E100")]),
        (b"period: 2026-Q4\nteam: company\nobjectives:\n\t- id: O1\n", [(OKRS, 4, 1, "E107")]),
        (b"period: 2026-Q4\nteam: [company\nobjectives: []\n", [(OKRS, 3, 11, "E101")]),
        (b"period: 2026-Q4\nteam: company\nobjectives: *nothing\n", [(OKRS, 3, 13, "E101")]),
        (b"period: 2026-Q4\n---\nteam: company\n", [(OKRS, 2, 1, "E101")]),
        (b"period: 2026-Q4\n<<<<<<< HEAD\nteam: a\n=======\nteam: b\n>>>>>>> x\n", [(OKRS, 2, 1, "E108"), (OKRS, 4, 1, "E108"), (OKRS, 6, 1, "E108")]),
    ],
    ids=["empty", "comments-only", "document-marker-only", "empty-document", "null-document", "top-level-list", "top-level-scalar", "not-utf8", "tabs", "syntax", "undefined-alias", "two-documents", "conflict"],
)
def test_bad_file(make_ws, cli, content, expected):
    root = make_ws({OKRS: content})
    code, found = diagnostics(cli, root)
    assert code == 1
    assert found == expected


def test_alias_bomb(make_ws, cli):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    lines.append("period: *a8")
    root = make_ws({OKRS: "\n".join(lines) + "\n"})
    code, found = diagnostics(cli, root)
    assert code == 1
    assert found == [(OKRS, 5, 5, "E105")]  # where the expansion passes the limit


def test_huge_file(make_ws, cli):
    root = make_ws({})
    path = root / OKRS
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:  # 100 MB, sparse: cheap to make, refused before reading
        handle.truncate(100 * 1024 * 1024)
    code, found = diagnostics(cli, root)
    assert (code, found) == (1, [(OKRS, 1, 1, "E104")])


def test_folder_where_a_file_should_be(make_ws, cli):
    root = make_ws({})
    (root / OKRS).mkdir(parents=True)
    assert diagnostics(cli, root) == (1, [(OKRS, 1, 1, "E106")])


def test_okrfile_yaml_is_a_folder(make_ws, cli):
    root = make_ws({}, config=None)
    (root / "okrfile.yaml").mkdir()
    assert diagnostics(cli, root) == (1, [("okrfile.yaml", 1, 1, "E106")])


def test_dangling_symlink_is_unreadable(make_ws, cli):
    root = make_ws({})
    (root / OKRS).parent.mkdir(parents=True)
    (root / OKRS).symlink_to(root / "nowhere.yaml")
    assert diagnostics(cli, root) == (1, [(OKRS, 1, 1, "E109")])


def test_bom_and_crlf_are_accepted(make_ws, cli):
    crlf = COMPANY.replace("\n", "\r\n").encode()
    root = make_ws({OKRS: b"\xef\xbb\xbf" + crlf})
    assert diagnostics(cli, root) == (0, [])


def test_bom_and_crlf_keep_lines_right(make_ws, cli):
    text = COMPANY.replace("title: Revenue", "title: Revenue\n        tagret: 3")
    root = make_ws({OKRS: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()})
    assert diagnostics(cli, root) == (1, [(OKRS, 10, 9, "E200")])


def test_old_mac_line_endings(make_ws, cli):
    root = make_ws({OKRS: COMPANY.replace("\n", "\r").encode()})
    assert diagnostics(cli, root) == (0, [])


def test_bad_input_through_the_real_command(make_ws):
    """As a subprocess: exit 1 and a diagnostic, never a traceback, for each bad file at once."""
    root = make_ws(
        {
            "okrs/2026-Q4/company.yaml": b"\xff\xfe",
            "okrs/2026-Q4/platform.yaml": b"- a list\n",
        }
    )
    (root / "okrs" / "2026-Q3" / "company.yaml").mkdir(parents=True)
    result = run_okrfile("validate", "-w", root, timeout=20)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    codes = [line.split(" ")[1] for line in result.stdout.splitlines()]
    assert codes == ["E106", "E100", "E103"]


def test_values_never_leak_exceptions(make_ws, cli):
    """Odd but parseable YAML: complex keys, merge keys, nulls, huge numbers."""
    root = make_ws(
        {
            OKRS: """\
            base: &base {title: Shared}
            period: 2026-Q4
            team: company
            ? [complex, key]
            : 1
            objectives:
              - <<: *base
                id: O1
                owner: dana
                key_results:
                  - {id: KR1, title: ~, start: 1e400, target: .inf, current: .nan}
                  - {id: KR2, title: t, start: 0x10, target: "5", unit: 5}
                  - null
              - 42
            deprioritized: {a: b}
            """
        }
    )
    code, found = diagnostics(cli, root)
    assert code == 1
    assert found == [
        (OKRS, 1, 1, "E200"),  # base: not a key of an OKR set (the anchor still works)
        (OKRS, 4, 3, "E202"),  # a complex key
        (OKRS, 11, 26, "E202"),  # title: ~ is nothing
        (OKRS, 11, 36, "E207"),  # 1e400 is too large
        (OKRS, 11, 51, "E202"),  # .inf
        (OKRS, 11, 66, "E202"),  # .nan
        (OKRS, 12, 36, "E202"),  # 0x10 is not a decimal number
        (OKRS, 12, 50, "E202"),  # "5" is quoted text
        (OKRS, 12, 61, "E202"),  # unit: 5 is a number
        (OKRS, 13, 9, "E202"),  # a null key result
        (OKRS, 14, 5, "E202"),  # 42 is no objective
        (OKRS, 15, 16, "E202"),  # deprioritized is a list
    ]


def test_pure_python_parser_reads_the_same(monkeypatch, acme):
    """Without the C extension (PyPy), the pure-Python parser's events build the same nodes."""
    from pathlib import Path

    from okrfile import blockyaml, yamlnodes
    from okrfile.check import check_workspace

    # both runs through parser events, not the fast reader for plain block YAML
    monkeypatch.setattr(blockyaml, "read_block_yaml", lambda text: None)
    broken = Path(__file__).parent / "data" / "broken"
    with_c = [(d.path, d.line, d.col, d.code) for d in check_workspace(broken).diagnostics]
    monkeypatch.setattr(yamlnodes, "_EVENTS", yamlnodes._pure_events)
    assert check_workspace(acme).diagnostics == []
    pure = [(d.path, d.line, d.col, d.code) for d in check_workspace(broken).diagnostics]
    # the two parsers word (and sometimes place) syntax errors differently; all else agrees
    assert [d for d in pure if d[3] != "E101"] == [d for d in with_c if d[3] != "E101"]


def test_a_long_flat_list_is_counted_once_not_once_per_level():
    from okrfile.source import Source
    from okrfile.yamlnodes import MAX_NODES, parse_yaml_events

    items = MAX_NODES * 3 // 4  # with the lines' nesting counted again per level, this was over the limit
    text = "deprioritized:\n  nested:\n    - x\n" + "".join(f"    - Item {i}\n" for i in range(items))
    node, diagnostics = parse_yaml_events(Source("t.yaml", text))
    assert node is not None and diagnostics == []
    too_many = "deprioritized:\n" + "".join(f"  - Item {i}\n" for i in range(MAX_NODES + 1))
    assert [d.code for d in parse_yaml_events(Source("t.yaml", too_many))[1]] == ["E105"]


def test_a_range_too_small_to_measure(make_ws, cli):
    """start 0, target 1e-320: every value's progress would overflow. An error at the
    target, and status neither crashes nor writes Infinity."""
    okrs = (
        "period: 2026-Q4\nteam: company\nobjectives:\n  - id: O1\n    title: Grow\n    owner: dana\n"
        "    key_results:\n      - id: KR1\n        title: Tiny\n        start: 0\n        target: 1e-320\n        current: 1e15\n"
    )
    root = make_ws({OKRS: okrs})
    assert diagnostics(cli, root) == (1, [(OKRS, 11, 17, "E315")])
    for fmt in ("table", "json", "markdown"):
        result = cli("status", "-w", root, "--today", "2026-11-01", "--format", fmt)
        assert result.exit_code == 1 and isinstance(result.exception, (SystemExit, type(None))), result.output
        assert "E315" in result.output
    # a range that is small but measurable is fine
    root = make_ws({OKRS: okrs.replace("target: 1e-320", "target: 1e-250")})
    assert diagnostics(cli, root) == (0, [])
    result = cli("status", "-w", root, "--today", "2026-11-01", "--format", "json")
    assert result.exit_code == 0 and "Infinity" not in result.stdout
    assert json.loads(result.stdout)["teams"][0]["objectives"][0]["key_results"][0]["progress"] == 1e6
    assert cli("status", "-w", root, "--today", "2026-11-01").exit_code == 0
