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
    _reorder(data, kind)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue() + ending
    kept = set(comments(result))
    for line, text in comments(text, with_lines=True):
        if text not in kept:
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
        for i, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                found.append((number, line[i:].strip()))
                break
    return found if with_lines else [c for _, c in found]


def _take_trailing_comment(data) -> str:
    last = next(reversed(data))
    while True:  # down to the innermost last value, where ruamel keeps the comment
        value = data[last]
        if hasattr(value, "ca") and len(value) and isinstance(value, dict):
            data, last = value, next(reversed(value))
        elif hasattr(value, "ca") and len(value) and isinstance(value, list):
            data, last = value, len(value) - 1
        else:
            break
    entry = data.ca.items.get(last)
    if not entry or len(entry) < 3 or entry[2] is None:
        return ""
    token = entry[2]
    first, newline, rest = token.value.partition("\n")
    if not newline or not rest.strip():
        return ""
    token.value = first + "\n"
    return rest


def _reorder(node, kind: str) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if kind.startswith("list:"):
        if isinstance(node, CommentedSeq):
            for item in node:
                _reorder(item, kind[5:])
        return
    if kind.startswith("map:"):
        if isinstance(node, CommentedMap):
            for value in node.values():
                _reorder(value, kind[4:])
        return
    if not isinstance(node, CommentedMap) or kind not in LAYOUT:
        return
    order, children = LAYOUT[kind]
    rank = {key: i for i, key in enumerate(order)}
    keys = list(node.keys())
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(order)), keys.index(k)))
    if wanted != keys:
        for key in wanted:  # move_to_end keeps each key's comments: ruamel stores them by key
            node.move_to_end(key)
    for key, child in children.items():
        if key in node:
            _reorder(node[key], child)


def format_file(path: Path, display: str, kind: str) -> Formatted:
    try:
        before = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Formatted(display, "", None, f"cannot read it: {exc}")
    try:
        after = format_text(before, kind)
    except CommentLost as exc:
        return Formatted(display, before, None, str(exc))
    except Exception as exc:  # a file that does not parse is reported, never rewritten
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return Formatted(display, before, None, f"does not parse{where}; run okrfile validate")
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
