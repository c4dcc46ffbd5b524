"""`okrfile fmt`: one canonical layout for okrfile.yaml, OKR sets and impact maps.

Through ruamel.yaml's round-trip mode, so comments, quotes, flow style and anchors
survive: only key order (as in DESIGN.md) and indentation (2 spaces, list dashes
indented by 2 under their key) change. A file that does not parse is never written.
"""

from __future__ import annotations

import difflib
import io
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


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long title
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def format_text(text: str, kind: str) -> str:
    """The canonical layout of one file's text; raises ruamel's errors if it does not parse."""
    from ruamel.yaml.comments import CommentedMap

    yaml = _yaml()
    data = yaml.load(text)
    if not isinstance(data, CommentedMap) or not data:
        return text
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
    for line, comment in comments(text, with_lines=True):
        if comment not in kept:
            # ruamel drops comments inside flow collections that span lines; never lose one
            raise CommentLost(line)
    return result


class CommentLost(Exception):
    def __init__(self, line: int):
        super().__init__(f"formatting would drop the comment on line {line} (inside a flow [...] or {{...}}?)")
        self.line = line


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
        before = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Formatted(display, "", None, f"cannot read it: {exc}")
    bom = "\ufeff" if before.startswith("\ufeff") else ""  # a byte-order mark stays, as the editor wrote it
    try:
        after = bom + format_text(before[len(bom):], kind)
    except CommentLost as exc:
        return Formatted(display, before, None, str(exc))
    except Exception as exc:  # a file that does not parse is reported, never rewritten
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        # ruamel's round-trip reader is stricter than libyaml in a few corners (a tab
        # before a comment), so validate may call the file fine: say what fmt tripped on
        hint = "; replace the tab with spaces" if "\t" in problem or "\\t" in problem else ""
        return Formatted(display, before, None, f"does not parse{where} for fmt's round-trip reader: {problem}{hint}")
    return Formatted(display, before, after)


def files_to_format(root: Path, only: list[Path] | None = None) -> list[tuple[Path, str, str]]:
    """(path, display, kind) of the files fmt lays out, in the workspace or in `only`."""
    from okrfile.workspace import relative

    candidates = [root / "okrfile.yaml"]
    for folder in ("okrs", "maps"):
        if (root / folder).is_dir():
            candidates += sorted(p for p in (root / folder).rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    wanted = [p.resolve() for p in only] if only else None
    out = []
    for path in candidates:
        display = relative(root, path)
        kind = kind_of(display)
        if kind is None or not path.is_file():
            continue
        if wanted is not None and not any(path.resolve() == w or path.resolve().is_relative_to(w) for w in wanted):
            continue
        out.append((path, display, kind))
    return out
