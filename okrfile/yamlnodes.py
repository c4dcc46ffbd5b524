"""YAML text -> a tree of located nodes, from libyaml's events (ruamel.yaml's C parser).

Validation only needs the node graph with marks, so it skips ruamel's composer,
constructors and resolver: scalars stay as text plus a "plain" flag, and the schema
types decide what they mean (schema/types.py). Commands that rewrite files will use
ruamel's round-trip loader instead, which keeps comments.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from okrfile.diagnostics import Diagnostic, Loc
from okrfile.source import Source

MAP, SEQ, SCALAR = "map", "seq", "scalar"
# A real OKR file has a few hundred nodes and a nesting depth under ten; beyond these
# limits a file is an attack (an alias bomb) or an accident, and reading stops at once.
MAX_NODES = 200_000
MAX_DEPTH = 64
# line breaks libyaml counts besides \n (its marks' lines then disagree with editors')
_EXOTIC_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass(slots=True)
class Node:
    kind: str
    # map: list of (key Node, value Node); seq: list of Node; scalar: the text
    value: Any
    line: int  # 1-based
    col: int  # 1-based
    plain: bool = False  # a scalar written without quotes or block style

    def loc(self, path: str) -> Loc:
        return Loc(path, self.line, self.col)


class _Stop(Exception):
    """Reading stops: the diagnostic says why."""

    def __init__(self, code: str, line: int, col: int, message: str):
        self.code, self.line, self.col, self.message = code, line, col, message


def _c_events(text: str):
    from _ruamel_yaml import CParser  # the libyaml binding of ruamel.yaml.clib

    get_event = CParser(text).get_event
    while (event := get_event()) is not None:
        yield event


def _pure_events(text: str):
    from ruamel.yaml.main import YAML

    return YAML(typ="safe", pure=True).parse(text)


def _event_source():
    try:
        import _ruamel_yaml  # noqa: F401

        return _c_events
    except ImportError:  # no C extension (PyPy, unusual platforms): same events, slower
        return _pure_events


_EVENTS = None


def parse_yaml(source: Source) -> tuple[Node | None, list[Diagnostic]]:
    """Located nodes: by the line scanner for plain block YAML (blockyaml.py), which
    most files are, else from libyaml's events."""
    from okrfile.blockyaml import read_block_yaml

    root = read_block_yaml(source.text)
    if root is not None:
        return root, []
    return parse_yaml_events(source)


def parse_yaml_events(source: Source) -> tuple[Node | None, list[Diagnostic]]:
    """Build located nodes from parser events. Not through ruamel's composer: that
    recurses in C (deep nesting crashes it) and resolves every tag in Python (slow)."""
    global _EVENTS
    if _EVENTS is None:
        _EVENTS = _event_source()
    path = source.path
    diagnostics: list[Diagnostic] = []
    try:
        root = _build(_EVENTS(source.text), source.text, path, diagnostics)
    except _Stop as stop:
        return None, [Diagnostic.at(Loc(path, stop.line, stop.col), stop.code, stop.message)]
    except Exception as exc:  # ruamel's MarkedYAMLError, or anything the parser raises
        return None, [_syntax_diagnostic(source, exc)]
    if root is None:
        return None, [Diagnostic.at(Loc(path, 1, 1), "E102", "the file holds no YAML (it is empty or only comments)")]
    if root.kind == SCALAR and root.value == "" and root.plain and not diagnostics:
        # `---` and nothing after it: an empty document, not a value (nor past the end)
        return None, [Diagnostic.at(Loc(path, 1, 1), "E102", "the file holds no YAML (only `---` and comments)")]
    if root.kind != MAP:
        what = "a list" if root.kind == SEQ else "a single value"
        diagnostics.append(Diagnostic.at(root.loc(path), "E103", f"expected a mapping of keys at the top level, found {what}"))
        return None, diagnostics
    return root, diagnostics


class _Frame:
    __slots__ = ("node", "anchor", "size", "key", "pairs", "merged", "seen")

    def __init__(self, node: Node, anchor):
        self.node, self.anchor, self.size = node, anchor, 1
        self.key: Node | None = None  # a mapping's key waiting for its value
        self.pairs: list = []
        self.merged: list = []  # pairs brought in by `<<`; explicit keys win over them
        self.seen: dict[str, Node] = {}


def _build(events, text: str, path: str, diagnostics: list[Diagnostic]) -> Node | None:
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    if _EXOTIC_BREAKS.search(text):
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

        def position(mark) -> tuple[int, int]:
            line = bisect.bisect_right(starts, mark.index)
            return line, mark.index - starts[line - 1] + 1

    else:

        def position(mark) -> tuple[int, int]:
            return mark.line + 1, mark.column + 1

    anchors: dict[str, tuple[Node, int]] = {}
    stack: list[_Frame] = []
    root: Node | None = None
    total = 0
    documents = 0

    def attach(node: Node, size: int, anchor, added: int) -> None:
        """`size`: the nodes under `node`, itself included; `added`: how many of them are
        new to the document (a collection's children were counted as they came; an
        alias repeats all of its anchor's)."""
        nonlocal root, total
        total += added
        if total > MAX_NODES:
            raise _Stop("E105", node.line, node.col, f"the document expands to more than {MAX_NODES} nodes (YAML aliases, or far more than OKRs need)")
        if anchor is not None:
            anchors[anchor] = (node, size)
        if not stack:
            root = node
            return
        frame = stack[-1]
        frame.size += size
        if frame.node.kind == SEQ:
            frame.node.value.append(node)
        elif frame.key is None:
            frame.key = node
        else:
            _add_pair(frame, frame.key, node, path, diagnostics)
            frame.key = None

    for event in events:
        kind = type(event)
        if kind is ScalarEvent:
            line, col = position(event.start_mark)
            if event.tag is not None:
                _tagged(event.tag, line, col, path, diagnostics)
            # a tagged scalar is read as if untagged: E113 already says the tag is the problem
            plain = not event.style
            attach(Node(SCALAR, event.value, line, col, plain), 1, event.anchor, 1)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            line, col = position(event.start_mark)
            if event.tag is not None:
                _tagged(event.tag, line, col, path, diagnostics)
            if len(stack) >= MAX_DEPTH:
                raise _Stop("E112", line, col, f"nested deeper than {MAX_DEPTH} levels")
            node = Node(MAP if kind is MappingStartEvent else SEQ, [], line, col)
            stack.append(_Frame(node, event.anchor))
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            frame = stack.pop()
            if kind is MappingEndEvent:
                frame.node.value = frame.pairs + _merged_pairs(frame)
            attach(frame.node, frame.size, frame.anchor, 1)
        elif kind is AliasEvent:
            line, col = position(event.start_mark)
            if event.anchor not in anchors:
                raise _Stop("E101", line, col, f"YAML syntax error: alias *{event.anchor} names no anchor defined before it")
            node, size = anchors[event.anchor]
            attach(node, size, None, size)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                line, col = position(event.start_mark)
                raise _Stop("E101", line, col, "YAML syntax error: a second document (`---`); an okrfile file holds one")
    return root


def _tagged(tag: str, line: int, col: int, path: str, diagnostics: list[Diagnostic]) -> None:
    shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
    diagnostics.append(
        Diagnostic.at(
            Loc(path, line, col), "E113", f"explicit YAML tag `{shown}`: okrfile reads each value by its field; remove the tag"
        )
    )


def _merged_pairs(frame: _Frame) -> list:
    """Pairs from `<<`: explicit keys win, and among merged mappings the first wins."""
    taken = set(frame.seen)
    out = []
    for key, value in frame.merged:
        if key.value not in taken:
            taken.add(key.value)
            out.append((key, value))
    return out


def _add_pair(frame: _Frame, key: Node, value: Node, path: str, diagnostics: list[Diagnostic]) -> None:
    if key.kind != SCALAR:
        diagnostics.append(Diagnostic.at(key.loc(path), "E202", "a mapping key must be a plain word, not a list or mapping"))
        return
    if key.value == "<<" and key.plain:
        # YAML merge key: bring in the pairs of a mapping (or a list of them)
        sources = [value] if value.kind == MAP else value.value if value.kind == SEQ else []
        if not sources or any(v.kind != MAP for v in sources):
            diagnostics.append(Diagnostic.at(key.loc(path), "E202", "`<<` merges a mapping or a list of mappings"))
            return
        for source in sources:
            frame.merged.extend(source.value)
        return
    if key.value in frame.seen:
        first = frame.seen[key.value]
        diagnostics.append(Diagnostic.at(key.loc(path), "E110", f"duplicate key `{key.value}` (first at line {first.line})"))
        return
    frame.seen[key.value] = key
    frame.pairs.append((key, value))


_LEADING_TAB = re.compile(r"^ *\t", re.MULTILINE)


def _syntax_diagnostic(source: Source, exc: Exception) -> Diagnostic:
    path = source.path
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    for tab in _LEADING_TAB.finditer(source.text):
        tab_line = source.text.count("\n", 0, tab.start()) + 1
        if line - 1 <= tab_line <= line:  # the parser tripped on (or just after) this tab
            return Diagnostic.at(
                Loc(path, tab_line, tab.end() - tab.start()),
                "E107",
                "tab character used for indentation; YAML indents with spaces",
            )
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    hint = _HINTS.get(problem, "")
    if problem and problem.startswith("found unexpected end of stream") and context_mark is not None:
        # an unclosed quote or bracket: the parser notices at the end, the trouble starts here
        line, col = context_mark.line + 1, context_mark.column + 1
    if problem == "could not find expected ':'" and context_mark is not None:
        # libyaml notices on the next line; the key without its colon is where the scan began
        line, col = context_mark.line + 1, context_mark.column + 1
        return Diagnostic.at(Loc(path, line, col), "E101", "YAML syntax error: this key has no `:` after it")
    message = f"{problem} ({context})" if context else problem
    return Diagnostic.at(Loc(path, line, col), "E101", f"YAML syntax error: {message}{hint}")


_HINTS = {
    "mapping values are not allowed in this context": (
        "; a value holding `: ` must be quoted (title: \"v2: the queue\"), "
        "else check this line's indentation and the line above for a missing `:`"
    ),
    "found character that cannot start any token": "; a value starting with ` or @ must be quoted",
}
