"""A fast reader for the plain block YAML that okrfile files are written in.

Most OKR files, configs and front matter use a small part of YAML: block mappings and
sequences indented with spaces, one-line scalars (plain, or quoted without escapes),
and one-line flow lists and mappings of simple words. For that subset a line scanner
builds the same located Node tree as libyaml's events do (yamlnodes.py), several times
faster, which matters when history reads every version of every file.

Anything outside the subset, or anything that might be an error, returns None and the
caller reads the text with libyaml instead: this reader never reports problems, it only
declines. tests/test_blockyaml.py holds it to libyaml's tree on generated texts.
"""

from __future__ import annotations

import re

from okrfile.yamlnodes import MAP, SCALAR, SEQ, Node

# a key we read ourselves: a plain word, then `:` and a space or the line's end; libyaml
# refuses keys over 1024 characters, so longer ones are left to it (and its E101)
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]{0,255}):(?: +|$)")


def _and_non_ascii(ascii_allowed: str) -> str:
    """A regex class of these ASCII characters and every character from U+00A0 on,
    written as what it leaves out: sre takes 11 ms to compile the class spelled with
    the range U+00A0..U+10FFFF, and every start of okrfile would pay it."""
    return "[^" + "".join(f"\\x{c:02x}" for c in range(0xA0) if chr(c) not in ascii_allowed) + "]"


_WORD_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+/~$()=^"
# a scalar inside [..] or {..}: words of letters, digits, spaces and a few safe signs
_FLOW_WORD = re.compile(_and_non_ascii(_WORD_START) + _and_non_ascii(_WORD_START + "@ -") + "*")
# characters that may start a plain scalar here; `-` only before a digit or a dot
_PLAIN_START = re.compile(_and_non_ascii(_WORD_START) + "|-[0-9.]")
# what libyaml treats specially or rejects, so the subset leaves it to libyaml; the
# non-ASCII ranges above are safe only because texts holding these never get that far
_DECLINE = re.compile("[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_MAX_DEPTH = 32


class _Decline(Exception):
    """The text is outside the subset: libyaml reads it."""


# far above any real OKR file, and low enough that the subset stays under MAX_NODES
_MAX_CHARS = 200_000


def read_block_yaml(text: str) -> Node | None:
    """The root mapping's Node tree, or None when the text is not in the subset."""
    if len(text) > _MAX_CHARS or _DECLINE.search(text):
        return None
    lines = []  # (line number, indent, content) of the lines that hold something
    for number, raw in enumerate(text.split("\n"), start=1):
        content = raw.lstrip(" ")
        if not content or content[0] == "#":
            continue
        lines.append((number, len(raw) - len(content), content.rstrip(" ")))
    if not lines or lines[0][1] != 0:
        return None
    try:
        root, end = _Reader(lines).mapping(0, 0, 0)
    except _Decline:
        return None
    return root if end == len(lines) else None


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


class _Reader:
    def __init__(self, lines: list[tuple[int, int, str]]):
        self.lines = lines

    def block(self, i: int, depth: int) -> tuple[Node, int]:
        _, indent, content = self.lines[i]
        if _is_item(content):
            return self.sequence(i, indent, depth, indentless=False)
        return self.mapping(i, indent, depth)

    def mapping(self, i: int, indent: int, depth: int) -> tuple[Node, int]:
        if depth > _MAX_DEPTH:
            raise _Decline  # libyaml's E112 says it at 64
        lines, n = self.lines, len(self.lines)
        number = lines[i][0]
        node = Node(MAP, [], number, indent + 1)
        seen = set()
        while i < n:
            number, line_indent, content = lines[i]
            if line_indent != indent:
                break
            match = _KEY.match(content)
            if match is None:
                raise _Decline  # an item where a key belongs, a quoted key, `? `, `---`...
            key = match.group(1)
            if key in seen:
                raise _Decline  # duplicate keys: libyaml's path reports them
            seen.add(key)
            key_node = Node(SCALAR, key, number, indent + 1, True)
            rest_at = match.end()
            rest = content[rest_at:]
            i += 1
            if rest and rest[0] != "#":
                value = _inline(rest, number, indent + rest_at + 1)
                if i < n and lines[i][1] > indent:
                    raise _Decline  # a scalar running onto the next line, or an error
            elif i < n and lines[i][1] > indent:
                value, i = self.block(i, depth + 1)
            elif i < n and lines[i][1] == indent and _is_item(lines[i][2]):
                value, i = self.sequence(i, indent, depth + 1, indentless=True)
            else:
                raise _Decline  # an empty value: where libyaml puts its mark is its business
            node.value.append((key_node, value))
        if i < n and lines[i][1] > indent:
            raise _Decline
        return node, i

    def sequence(self, i: int, indent: int, depth: int, indentless: bool) -> tuple[Node, int]:
        if depth > _MAX_DEPTH:
            raise _Decline
        lines, n = self.lines, len(self.lines)
        node = Node(SEQ, [], lines[i][0], indent + 1)
        while i < n:
            number, line_indent, content = lines[i]
            if line_indent != indent or not _is_item(content):
                break
            rest = content[2:]
            stripped = rest.lstrip(" ")
            if not stripped or stripped[0] == "#" or _is_item(stripped):
                raise _Decline  # an item on the next lines, a list in a list, or only a comment
            column = indent + 2 + len(rest) - len(stripped)
            if _KEY.match(stripped):
                # `- id: O1`: a mapping that starts at its first key, inside the item
                lines[i] = (number, column, stripped)
                item, i = self.mapping(i, column, depth + 1)
            else:
                item = _inline(stripped, number, column + 1)
                i += 1
                if i < n and lines[i][1] > indent:
                    raise _Decline
            node.value.append(item)
        if i < n and (lines[i][1] > indent or (lines[i][1] == indent and not indentless)):
            raise _Decline
        return node, i


def _inline(text: str, line: int, col: int) -> Node:
    """A value on one line, starting at `col` (1-based): a scalar, [..] or {..}."""
    first = text[0]
    if first == "'" or first == '"':
        close = text.find(first, 1)
        while first == "'" and close != -1 and text[close + 1 : close + 2] == "'":
            close = text.find("'", close + 2)  # '' is an escaped quote
        if close == -1 or (first == '"' and "\\" in text[:close]):
            raise _Decline
        _after(text, close + 1)
        inner = text[1:close]
        return Node(SCALAR, inner.replace("''", "'") if first == "'" else inner, line, col, False)
    if first == "[" or first == "{":
        close = text.find("]" if first == "[" else "}")
        if close == -1:
            raise _Decline
        _after(text, close + 1)
        return _flow(text[1:close], first == "{", line, col)
    if not _PLAIN_START.match(text):
        raise _Decline
    cut = text.find(" #")
    value = text if cut == -1 else text[:cut].rstrip(" ")
    if ": " in value or value.endswith(":"):
        raise _Decline
    return Node(SCALAR, value, line, col, True)


def _after(text: str, end: int) -> None:
    """After a closing quote or bracket: nothing, or a comment."""
    rest = text[end:]
    if rest and not (rest[0] == " " and rest.lstrip(" ").startswith("#")):
        raise _Decline


def _flow(inner: str, is_map: bool, line: int, col: int) -> Node:
    node = Node(MAP if is_map else SEQ, [], line, col)
    if not inner.strip(" "):
        return node
    offset = col + 1  # the column of inner[0]
    keys = set()
    for part in inner.split(","):
        stripped = part.lstrip(" ")
        at = offset + len(part) - len(stripped)
        offset += len(part) + 1
        stripped = stripped.rstrip(" ")
        if not is_map:
            node.value.append(_flow_word(stripped, line, at))
            continue
        key, colon, value = stripped.partition(": ")
        if not colon or _KEY.fullmatch(key + ": ") is None:
            raise _Decline
        value_stripped = value.lstrip(" ")
        value_at = at + len(key) + 2 + len(value) - len(value_stripped)
        if key in keys:
            raise _Decline  # libyaml's path reports the duplicate
        keys.add(key)
        node.value.append((Node(SCALAR, key, line, at, True), _flow_word(value_stripped, line, value_at)))
    return node


def _flow_word(word: str, line: int, col: int) -> Node:
    if not word or _FLOW_WORD.fullmatch(word) is None:
        raise _Decline
    return Node(SCALAR, word, line, col, True)
