"""YAML text -> a tree of located nodes, through libyaml (ruamel.yaml's C parser).

Validation only needs the composed node graph with marks, so it skips ruamel's
constructors and resolver: scalars stay as text plus a "plain" flag, and the schema
types decide what they mean (schema/types.py). The round-trip loader is kept for the
commands that rewrite files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from okrfile.diagnostics import Diagnostic, Loc
from okrfile.source import Source

MAP, SEQ, SCALAR = "map", "seq", "scalar"
# A real OKR file has a few hundred nodes; aliases beyond this are an attack or an accident.
MAX_NODES = 200_000


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


class _TooManyNodes(Exception):
    pass


def _c_loader():
    from _ruamel_yaml import CParser  # the libyaml binding of ruamel.yaml.clib
    from ruamel.yaml.tag import Tag

    # The C composer asks a resolver for each node's tag; ruamel's resolver matches
    # regexes in Python and wraps each answer in a new Tag, which is most of the parse
    # time. okrfile types scalars itself (schema/types.py), so every node gets one
    # shared Tag, and a scalar's style tells plain from quoted.
    unresolved = Tag(suffix="tag:okrfile:unresolved")

    class Loader(CParser):
        def descend_resolver(self, *args):
            pass

        def ascend_resolver(self, *args):
            pass

        def resolve(self, kind, value, implicit):
            return unresolved

    return Loader


_LOADER = None


def _loader_class():
    global _LOADER
    if _LOADER is None:
        try:
            _LOADER = _c_loader()
        except ImportError:  # no C extension (PyPy, unusual platforms): same nodes, slower
            from ruamel.yaml.main import YAML

            def pure(text):
                return YAML(typ="safe", pure=True).compose(text)

            _LOADER = pure
    return _LOADER


def _compose(text: str):
    loader = _loader_class()
    if isinstance(loader, type):
        return loader(text).get_single_node()
    return loader(text)


def parse_yaml(source: Source) -> tuple[Node | None, list[Diagnostic]]:
    path = source.path
    try:
        root = _compose(source.text)
    except Exception as exc:  # ruamel's MarkedYAMLError, or anything the parser raises
        return None, [_syntax_diagnostic(source, exc)]
    if root is None:
        return None, [Diagnostic.at(Loc(path, 1, 1), "E102", "the file is empty")]
    counter = [0]
    diagnostics: list[Diagnostic] = []
    try:
        node = _convert(root, counter, path, diagnostics)
    except _TooManyNodes:
        return None, [
            Diagnostic.at(
                Loc(path, root.start_mark.line + 1, root.start_mark.column + 1),
                "E105",
                f"YAML aliases expand to more than {MAX_NODES} nodes",
            )
        ]
    if node.kind != MAP:
        what = "a list" if node.kind == SEQ else "a single value"
        diagnostics.append(Diagnostic.at(node.loc(path), "E103", f"expected a mapping of keys at the top level, found {what}"))
        return None, diagnostics
    return node, diagnostics


def _convert(raw, counter: list[int], path: str, diagnostics: list[Diagnostic]) -> Node:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise _TooManyNodes
    mark = raw.start_mark
    line, col = mark.line + 1, mark.column + 1
    id_ = raw.id
    if id_ == "scalar":
        # style is None for plain scalars; quotes and block scalars set it.
        # An explicit tag (`!!str 12`) is honoured only as "not plain".
        return Node(SCALAR, raw.value, line, col, not raw.style and not _explicitly_tagged(raw))
    if id_ == "sequence":
        return Node(SEQ, [_convert(item, counter, path, diagnostics) for item in raw.value], line, col)
    pairs = []
    seen: dict[str, Node] = {}
    for raw_key, raw_value in raw.value:
        key = _convert(raw_key, counter, path, diagnostics)
        value = _convert(raw_value, counter, path, diagnostics)
        if key.kind != SCALAR:
            diagnostics.append(Diagnostic.at(key.loc(path), "E202", "a mapping key must be a plain word, not a list or mapping"))
            continue
        if key.value == "<<" and key.plain:
            # YAML merge key: fold the merged mapping's pairs in, the explicit keys win
            merged = value.value if value.kind == MAP else [p for v in value.value if v.kind == MAP for p in v.value]
            for mk, mv in merged:
                if mk.value not in seen:
                    seen[mk.value] = mk
                    pairs.append((mk, mv))
            continue
        if key.value in seen:
            first = seen[key.value]
            diagnostics.append(
                Diagnostic.at(key.loc(path), "E110", f"duplicate key `{key.value}` (first at line {first.line})")
            )
            continue
        seen[key.value] = key
        pairs.append((key, value))
    return Node(MAP, pairs, line, col)


def _explicitly_tagged(raw) -> bool:
    tag = raw.ctag
    return tag is not None and tag.suffix != "tag:okrfile:unresolved"


_LEADING_TAB = re.compile(r"^ *\t", re.MULTILINE)


def _syntax_diagnostic(source: Source, exc: Exception) -> Diagnostic:
    path = source.path
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    tab = _LEADING_TAB.search(source.text)
    if tab is not None:
        tab_line = source.text.count("\n", 0, tab.start()) + 1
        return Diagnostic.at(
            Loc(path, tab_line, tab.end() - tab.start()),
            "E107",
            "tab character used for indentation; YAML indents with spaces",
        )
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"{problem} ({context})" if context else problem
    return Diagnostic.at(Loc(path, line, col), "E101", f"YAML syntax error: {message}")
