"""`okrfile fmt`: one canonical layout for okrfile.yaml, OKR sets and impact maps.

Through ruamel.yaml's round-trip mode, so comments, quotes, flow style and anchors
survive: only key order (as in DESIGN.md) and indentation (2 spaces, list dashes
indented by 2 under their key) change. Numbers, booleans, nulls and dates keep their
text (`+7`, `1.000000000000000000001`, `~`), the `---` and `...` lines and whatever
comments stand around them are kept as they are, and so are the file's line endings.
Whatever the writer would still change (a value, an anchor, a comment) is caught by
comparing before and after, and the file is refused, with the reason, rather than
changed. A file that does not parse is never written.
"""

from __future__ import annotations

import difflib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# each kind of mapping: its keys in order, and the kind of each key's value
# ("list:kind" for a list of mappings, "map:kind" for a mapping of id -> mapping)
LAYOUT: dict[str, tuple[list[str], dict[str, str]]] = {
    "config": (
        ["okrfile", "org", "periods", "teams", "people", "checkin", "scoring", "lint"],
        {"periods": "map:period", "teams": "map:team", "people": "map:person", "checkin": "checkin", "scoring": "scoring", "lint": "lint"},
    ),
    "period": (["start", "end"], {}),
    "team": (["name", "lead", "parent"], {}),
    "person": (["name", "team", "tz", "email"], {}),
    "checkin": (["day"], {}),
    "scoring": (["green", "yellow"], {}),
    "lint": (["ignore", "strict"], {}),
    "okr-set": (["period", "team", "objectives", "deprioritized"], {"objectives": "list:objective"}),
    "objective": (
        ["id", "title", "why", "owner", "kind", "aligns_to", "key_results", "initiatives"],
        {"key_results": "list:key-result", "initiatives": "list:initiative"},
    ),
    "key-result": (["id", "title", "type", "start", "target", "current", "unit", "owner", "weight", "done", "threshold"], {}),
    "initiative": (["title", "owner", "status", "due", "supports"], {}),
    "map": (["id", "period", "why", "aligns_to", "who"], {"who": "list:actor"}),
    "actor": (["actor", "how"], {"how": "list:impact"}),
    "impact": (["impact", "what"], {"what": "list:deliverable"}),
    "deliverable": (["deliverable", "krs", "status"], {}),
}


@dataclass
class Formatted:
    path: str
    before: str
    after: str | None  # None: the file does not parse, and is left alone
    problem: str | None = None

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.before

    def diff(self) -> str:
        if not self.changed:
            return ""
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(True), self.after.splitlines(True), fromfile=f"a/{self.path}", tofile=f"b/{self.path}"
            )
        )


def kind_of(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    if parts == ("okrfile.yaml",):
        return "config"
    if len(parts) == 3 and parts[0] == "okrs" and path.endswith((".yaml", ".yml")):
        return "okr-set"
    if len(parts) == 2 and parts[0] == "maps" and path.endswith((".yaml", ".yml")):
        return "map"
    return None


class Refused(Exception):
    """A file fmt leaves as it is, and why (the message)."""


class CommentLost(Refused):
    def __init__(self, line: int, in_flow: bool = True):
        why = (
            "ruamel.yaml's writer loses a comment inside a flow [...] or {...} that spans lines"
            if in_flow
            else "ruamel.yaml's writer cannot place it"
        )
        super().__init__(f"formatting would drop the comment on line {line} ({why})")
        self.line = line


class _Verbatim(str):
    """A number, boolean, null or date as the file writes it (`+7`, `0x1F`, `~`,
    `1.000000000000000000001`): ruamel would write the value it read (`7`, `1.0`)."""

    tag: str
    anchor = None


def _yaml():
    from ruamel.yaml import YAML
    from ruamel.yaml.anchor import Anchor
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.representer import RoundTripRepresenter

    class Constructor(RoundTripConstructor):
        pass

    class Representer(RoundTripRepresenter):
        pass

    def keep_text(constructor, node):
        if node.value == "" and node.anchor is None:
            return None  # an empty value stays empty
        value = _Verbatim(node.value)
        value.tag = str(node.tag.value if hasattr(node.tag, "value") else node.tag)
        if node.anchor is not None:
            value.anchor = Anchor()
            value.anchor.value, value.anchor.always_dump = node.anchor, True
        return value

    for kind in ("null", "bool", "int", "float", "timestamp"):
        Constructor.add_constructor(f"tag:yaml.org,2002:{kind}", keep_text)
    Representer.add_representer(
        _Verbatim, lambda representer, data: representer.represent_scalar(data.tag, str(data), anchor=data.anchor)
    )
    yaml = YAML()  # round-trip
    yaml.Constructor = Constructor
    yaml.Representer = Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long title
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _keep_anchors(node, seen=None) -> None:
    """An anchor nothing refers to is still the file's: ruamel writes only those an
    alias uses, unless told to always write it."""
    seen = set() if seen is None else seen
    if id(node) in seen or not isinstance(node, (dict, list)):
        return
    seen.add(id(node))
    anchor = getattr(node, "anchor", None) if hasattr(node, "yaml_anchor") else None
    if anchor is not None and anchor.value is not None:
        anchor.always_dump = True
    for child in node.values() if isinstance(node, dict) else node:
        _keep_anchors(child, seen)


_MARKER = re.compile(r"(---|\.\.\.)(?=[ \t]|$)")


def _is_aside(line: str) -> bool:
    """A blank line or a comment line."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _split_document(text: str) -> tuple[str, str, str, int]:
    """(what comes before the document's content: comments, directives and a `---`
    line; the content; the `...` line and what follows it; the content's first line's
    number - 1). ruamel drops the markers, and comments before `---`: they are kept
    as written, and only the content is laid out."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and (_is_aside(lines[i]) or lines[i].startswith("%")):
        i += 1
    start = 0
    if i < len(lines) and _MARKER.match(lines[i]) and lines[i].startswith("---"):
        after = lines[i][3:].strip()
        if after and not after.startswith("#"):
            raise Refused(f"line {i + 1} has content after `---`; fmt lays a document out from the line after its `---`")
        start = i + 1
    end = len(lines)
    for j in range(start, len(lines)):
        if _MARKER.match(lines[j]):
            end = j
            break
    if end < len(lines):
        rest = lines[end + 1 :] if lines[end].startswith("...") else lines[end:]
        extra = next((k for k, line in enumerate(rest) if not _is_aside(line)), None)
        if lines[end].startswith("---") or extra is not None:
            line = end + 1 + (0 if lines[end].startswith("---") else 1 + extra)
            raise Refused(f"it holds more than one YAML document (another begins on line {line}); okrfile reads one per file")
    return "".join(lines[:start]), "".join(lines[start:end]), "".join(lines[end:]), start


def _parse_problem(exc: Exception, offset: int) -> Refused:
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1 + offset}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    # ruamel's round-trip reader is stricter than libyaml in a few corners (a tab
    # before a comment), so validate may call the file fine: say what fmt tripped on
    hint = "; replace the tab with spaces" if "\t" in problem or "\\t" in problem else ""
    return Refused(f"does not parse{where} for fmt's round-trip reader: {problem}{hint}")


def _events(yaml, text: str, offset: int) -> list:
    try:
        return list(yaml.parse(text))
    except Exception as exc:  # a file that does not parse is reported, never rewritten
        raise _parse_problem(exc, offset) from None


def _check_events(events: list, offset: int) -> None:
    """What round-trip cannot keep: an explicit tag (okrfile reads none: E113)."""
    for event in events:
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = str(getattr(tag, "value", tag))
            tag = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
            line = event.start_mark.line + 1 + offset
            raise Refused(
                f"line {line} has an explicit YAML tag ({tag}), which okrfile does not read (E113) and fmt's writer may drop; "
                "remove it, then run fmt"
            )


def _values(yaml, events: list):
    """Every scalar's value and the type it resolves to, every anchor and alias, in
    a count: what laying out must leave as it was."""
    from collections import Counter

    from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
    from ruamel.yaml.nodes import ScalarNode

    found: Counter = Counter()
    for event in events:
        if isinstance(event, ScalarEvent):
            tag = yaml.resolver.resolve(ScalarNode, event.value, event.implicit)
            found[("scalar", event.value, str(getattr(tag, "value", tag)), event.anchor)] += 1
        elif isinstance(event, AliasEvent):
            found[("alias", event.anchor)] += 1
        elif isinstance(event, CollectionStartEvent) and event.anchor is not None:
            found[("anchor", event.anchor)] += 1
    return found


def _flow_lines(yaml, text: str) -> set[int]:
    """The lines (1-based) inside a flow collection that spans lines."""
    from ruamel.yaml.tokens import FlowMappingEndToken, FlowMappingStartToken, FlowSequenceEndToken, FlowSequenceStartToken

    lines: set[int] = set()
    depth, first = 0, 0
    try:
        for token in yaml.scan(text):
            if isinstance(token, (FlowMappingStartToken, FlowSequenceStartToken)):
                if depth == 0:
                    first = token.start_mark.line
                depth += 1
            elif isinstance(token, (FlowMappingEndToken, FlowSequenceEndToken)) and depth:
                depth -= 1
                if depth == 0:
                    lines.update(range(first + 1, token.start_mark.line + 2))
    except Exception:
        pass
    return lines


def format_text(text: str, kind: str) -> str:
    """The canonical layout of one file's text (LF line endings); raises Refused, with
    the reason, for a file that does not parse or that fmt could not lay out without
    changing something it must keep."""
    from ruamel.yaml.comments import CommentedMap

    head, body, tail, offset = _split_document(text)
    yaml = _yaml()
    events = _events(yaml, body, offset)
    _check_events(events, offset)
    try:
        data = yaml.load(body)
    except Exception as exc:
        raise _parse_problem(exc, offset) from None
    if not isinstance(data, CommentedMap) or not data:
        return text
    _keep_anchors(data)
    # comment lines after the document's last value belong to the end of the file,
    # whichever key ends up last
    ending = _take_trailing_comment(data)
    above_first = _reorder(data, kind, root=True)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue() + ending
    if above_first:
        lines = result.split("\n")
        at = next((i for i, line in enumerate(lines) if line and not line.startswith("#")), 0)
        result = "\n".join(lines[:at]) + ("\n" if at else "") + above_first + "\n".join(lines[at:])
    kept = set(comments(result))
    lost = [line for line, comment in comments(body, with_lines=True) if comment not in kept]
    if lost:
        # ruamel drops comments inside flow collections that span lines; never lose one
        raise CommentLost(lost[0] + offset, lost[0] in _flow_lines(yaml, body))
    if _values(yaml, _events(yaml, result, 0)) != _values(yaml, events):
        raise Refused("fmt's writer would change a value or an anchor in it (please report this file to okrfile)")
    return head + result + tail


def comments(text: str, with_lines: bool = False):
    """The comments of a YAML text: `#` at a line's start or after a space, outside quotes."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        quote = None
        skip = False
        before = ""  # the last character that is not a space, outside quotes
        for i, ch in enumerate(line):
            if skip:  # the second character of an escape
                skip = False
            elif quote:
                if quote == '"' and ch == "\\":
                    skip = True
                elif ch == quote and quote == "'" and line[i + 1 : i + 2] == "'":
                    skip = True  # '' is a quote inside single quotes
                elif ch == quote:
                    quote = None
                    before = ch
            elif ch in "'\"" and _starts_scalar(line, i, before):
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                found.append((number, line[i:].strip()))
                break
            elif ch not in " \t":
                before = ch
    return found if with_lines else [c for _, c in found]


def _starts_scalar(line: str, i: int, before: str) -> bool:
    """Whether a quote at line[i] opens a quoted scalar: at the start of a value (the
    line's, or after `: `, `- `, `? `, `[`, `{` or `,`), not inside a plain one (`a 'b`)."""
    if not before or before in "[{,":
        return True
    return before in ":-?" and line[i - 1] in " \t"


def _last_token_slot(container, key):
    """Where ruamel keeps the comment that follows `container[key]`: the comment slot of
    the innermost last scalar of that value (the lines after a value belong to it)."""
    while True:
        value = container[key]
        if isinstance(value, dict) and len(value) and hasattr(value, "ca"):
            container, key = value, next(reversed(value))
        elif isinstance(value, list) and len(value) and hasattr(value, "ca"):
            container, key = value, len(value) - 1
        else:
            return container, key


def _split_after(container, key) -> str:
    """Cut the full comment lines that follow `container[key]` off its comment token
    and return them (the end-of-line comment, if any, stays)."""
    container, key = _last_token_slot(container, key)
    entry = container.ca.items.get(key)
    slot = 2 if isinstance(container, dict) else 0
    if not entry or len(entry) <= slot or entry[slot] is None:
        return ""
    token = entry[slot]
    first, newline, rest = token.value.partition("\n")
    if not newline or not rest.strip():
        return ""
    token.value = first + "\n"
    return rest


def _append_after(container, key, text: str) -> None:
    """Put comment lines right after `container[key]`."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not text:
        return
    container, key = _last_token_slot(container, key)
    slot = 2 if isinstance(container, dict) else 0
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= slot:
        entry.append(None)
    if entry[slot] is None:
        entry[slot] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        value = entry[slot].value
        entry[slot].value = (value if value.endswith("\n") else value + "\n") + text


def _take_trailing_comment(data) -> str:
    return _split_after(data, next(reversed(data)))


def _reorder(node, kind: str, root: bool = False) -> str:
    """Reorder the mapping's keys (and its children's). For the document's root, returns
    the comment lines that belong above its new first key, for format_text to place."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if kind.startswith("list:"):
        if isinstance(node, CommentedSeq):
            for item in node:
                _reorder(item, kind[5:])
        return ""
    if kind.startswith("map:"):
        if isinstance(node, CommentedMap):
            for value in node.values():
                _reorder(value, kind[4:])
        return ""
    if not isinstance(node, CommentedMap) or kind not in LAYOUT:
        return ""
    order, children = LAYOUT[kind]
    rank = {key: i for i, key in enumerate(order)}
    keys = list(node.keys())
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(order)), keys.index(k)))
    if wanted != keys:
        # ruamel keeps a comment line above a key with the value before it; detach each
        # such comment, reorder, then put it back above its own key
        above = {keys[i]: _split_after(node, keys[i - 1]) for i in range(1, len(keys))}
        tail = _split_after(node, keys[-1])
        for key in wanted:
            node.move_to_end(key)
        first_above = above.pop(wanted[0], "")
        for previous, key in zip(wanted, wanted[1:]):
            _append_after(node, previous, above.get(key, ""))
        _append_after(node, wanted[-1], tail)
        if root:
            _reorder_children(node, children)
            return first_above
        # a nested key that is now first has no key before it to carry its comment: keep
        # the comment next to it, after its value, rather than lose it
        _append_after(node, wanted[0], first_above)
    _reorder_children(node, children)
    return ""


def _reorder_children(node, children: dict[str, str]) -> None:
    for key, child in children.items():
        if key in node:
            _reorder(node[key], child)


def format_file(path: Path, display: str, kind: str) -> Formatted:
    try:
        before = path.read_bytes().decode("utf-8")  # as it is: CRLF line endings stay CRLF
    except (OSError, UnicodeDecodeError) as exc:
        return Formatted(display, "", None, f"cannot read it: {exc}")
    bom = "\ufeff" if before.startswith("\ufeff") else ""  # a byte-order mark stays, as the editor wrote it
    text = before[len(bom):]
    crlf = text.count("\r\n")
    if "\r" in text.replace("\r\n", ""):
        return Formatted(display, before, None, "it has a line ending in a lone CR (\\r); fmt keeps a file's line endings, and lays out LF or CRLF files")
    if crlf and text.count("\n") != crlf:
        return Formatted(
            display, before, None, "its lines end in both CRLF and LF; fmt keeps a file's line endings, so make them one or the other first"
        )
    try:
        after = format_text(text.replace("\r\n", "\n") if crlf else text, kind)
    except Refused as exc:  # a file that does not parse, or that fmt cannot lay out as it is, is never rewritten
        return Formatted(display, before, None, str(exc))
    return Formatted(display, before, bom + (after.replace("\n", "\r\n") if crlf else after))


def files_to_format(root: Path, only: list[Path] | None = None) -> list[tuple[Path, str, str]]:
    """(path, display, kind) of the files fmt lays out, in the workspace or in `only`.
    A path in `only` that names no such file (an update, a stray YAML file, a folder
    holding none) is a usage error: NotLaidOut, saying why for each."""
    from okrfile.workspace import relative, within

    candidates = [root / "okrfile.yaml"]
    for folder in ("okrs", "maps"):
        if (root / folder).is_dir():
            candidates += sorted(p for p in (root / folder).rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    wanted = [p.resolve() for p in only] if only else None
    # a symlinked OKR set is named by where its link is (okrs/…), not where its file lives
    named = [within(root, p) for p in only] if only else None
    out = []
    used: set[int] = set()
    for path in candidates:
        display = relative(root, path)
        kind = kind_of(display)
        if kind is None or not path.is_file():
            continue
        if wanted is not None:
            hits = {
                i for i, w in enumerate(wanted)
                if path.resolve() == w or path.resolve().is_relative_to(w)
                or (named[i] is not None and (named[i] in (".", display) or display.startswith(named[i] + "/")))
            }
            if not hits:
                continue
            used |= hits
        out.append((path, display, kind))
    refused = [f"{given}: {_why_not(root, given)}" for i, given in enumerate(only or []) if i not in used]
    if refused:
        raise NotLaidOut(refused)
    return out


class NotLaidOut(Exception):
    """Paths named for fmt that it does not lay out: each `path: why`."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("; ".join(reasons))


KNOWN = "okrfile.yaml, an OKR set (okrs/<period>/<team>.yaml) or an impact map (maps/<id>.yaml)"


def _why_not(root: Path, given: Path) -> str:
    """That fmt has nothing to do with a path named on the command line, and why."""
    rel = None
    for full in (Path(os.path.abspath(given)), given.resolve()):
        if full.is_relative_to(root):
            rel = full.relative_to(root).as_posix()
            break
    if rel is None:
        return f"fmt does not lay out files outside the workspace {root}"
    if given.is_dir():
        return f"fmt has nothing to lay out in this folder: it holds no {KNOWN}"
    parts = PurePosixPath(rel).parts
    yaml = rel.endswith((".yaml", ".yml"))
    if parts[0] == "updates":
        return "fmt does not lay out weekly updates: they are Markdown, kept as you write them (`okrfile validate` checks them)"
    if parts[0] == "okrs" and yaml:
        return "fmt does not lay out this file: an OKR set lives at okrs/<period>/<team>.yaml (E311)"
    if parts[0] == "maps" and yaml:
        return "fmt does not lay out this file: an impact map lives at maps/<id>.yaml (E502)"
    if parts[0] == "templates":
        return "fmt does not lay out templates: they are jinja2 text, kept as you write them"
    return f"fmt does not lay out this file: it is not {KNOWN}"
