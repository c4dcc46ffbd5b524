"""A small schema language: each type checks a located YAML node and describes itself
as JSON Schema (draft 2020-12), so the validator and `okrfile schema` share one source.

`check(node, ctx)` returns the Python value (or None when the node is wrong) and adds
Diagnostics to `ctx`; it never raises for bad input.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from okrfile.diagnostics import Diagnostic, Loc
from okrfile.suggest import did_you_mean
from okrfile.yamlnodes import MAP, SCALAR, SEQ, Node


class Ctx:
    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.key = "value"  # the mapping key whose value is being checked, for messages

    def error(self, node: Node, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic.at(node.loc(self.path), code, message))


# YAML 1.2 core schema, for plain scalars
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
LARGEST = 1e15  # beyond this a value is a typo, and sums of such values lose precision


def scalar_value(node: Node) -> Any:
    """What a scalar means: quoted text stays text; plain text resolves like YAML 1.2."""
    text = node.value
    if not node.plain:
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        # Python refuses to parse integers of more than 4300 digits; anything that long
        # is far beyond LARGEST anyway
        return int(text) if len(text) < 100 else float("inf")
    if _FLOAT.match(text):
        return float(text)
    return text


def describe(node: Node) -> str:
    if node.kind == MAP:
        return "a mapping"
    if node.kind == SEQ:
        return "a list"
    if not node.plain:
        return f"the text `{_short(node.value)}`"
    value = scalar_value(node)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{node.value}` (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {node.value}"
    return f"`{_short(node.value)}`"


def _short(text: str, limit: int = 40) -> str:
    """User text inside a one-line message: control characters escaped, long text cut."""
    text = text.translate(_CONTROL_ESCAPES) if _CONTROL.search(text) else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")
_CONTROL_ESCAPES = {c: repr(chr(c))[1:-1] for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}


class Type:
    doc: str = ""

    def check(self, node: Node, ctx: Ctx) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def _wrong(self, node: Node, ctx: Ctx, expected: str) -> None:
        ctx.error(node, "E202", f"`{ctx.key}`: expected {expected}, found {describe(node)}")


@dataclass
class Text(Type):
    pattern: str | None = None
    hint: str = ""  # what the pattern means, in words
    doc: str = ""
    # the likely meant form of a value that does not match (`Lena` for lena, `2026-w48`):
    # suggested when it matches
    fix: Any = None

    def __post_init__(self):
        self._re = re.compile(self.pattern) if self.pattern else None

    def check(self, node, ctx):
        if node.kind != SCALAR:
            return self._wrong(node, ctx, "text")
        value = scalar_value(node)
        if not isinstance(value, str):
            return self._wrong(node, ctx, "text" + ("" if value is None else " (quote it)"))
        if self._re is not None and not self._re.fullmatch(value):
            meant = self.fix(value) if self.fix is not None else None
            hint = f"; did you mean `{meant}`?" if meant and meant != value and self._re.fullmatch(meant) else ""
            ctx.error(node, "E204", f"`{_short(value)}` is not {self.hint or 'in the expected format'}{hint}")
            return None
        return value

    def json_schema(self):
        schema: dict = {"type": "string"}
        if self.pattern:
            schema["pattern"] = self.pattern
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class Number(Type):
    integer: bool = False
    minimum: float | None = None
    exclusive_minimum: float | None = None
    maximum: float | None = None
    doc: str = ""

    def check(self, node, ctx):
        value = scalar_value(node) if node.kind == SCALAR else None
        ok = isinstance(value, int) if self.integer else isinstance(value, (int, float))
        if not ok or isinstance(value, bool) or (isinstance(value, float) and math.isnan(value)):
            return self._wrong(node, ctx, "a whole number" if self.integer else "a number")
        if abs(value) > LARGEST:
            ctx.error(node, "E207", f"`{ctx.key}` is {_short(node.value)}; okrfile takes numbers up to {LARGEST:g}")
            return None
        if self.minimum is not None and value < self.minimum:
            ctx.error(node, "E207", f"`{ctx.key}` is {node.value}, below the minimum {self.minimum:g}")
            return None
        if self.exclusive_minimum is not None and value <= self.exclusive_minimum:
            ctx.error(node, "E207", f"`{ctx.key}` is {node.value}; it must be greater than {self.exclusive_minimum:g}")
            return None
        if self.maximum is not None and value > self.maximum:
            hint = f" (write {value / 100:g} for {node.value}%)" if self.maximum == 1 and value <= 100 else ""
            ctx.error(node, "E207", f"`{ctx.key}` is {node.value}, above the maximum {self.maximum:g}{hint}")
            return None
        return value

    def json_schema(self):
        schema: dict = {"type": "integer" if self.integer else "number"}
        # check() takes nothing beyond LARGEST either way (E207): the schema says so too, which
        # also turns away YAML's .inf and -.inf, numbers to a YAML reader (check-jsonschema, an
        # editor's YAML language server) though text to okrfile (E202)
        limit = int(LARGEST)
        if self.exclusive_minimum is not None:
            schema["exclusiveMinimum"] = self.exclusive_minimum
        else:
            schema["minimum"] = -limit if self.minimum is None else max(self.minimum, -limit)
        schema["maximum"] = limit if self.maximum is None else min(self.maximum, limit)
        if not self.integer:
            # and .nan, which every bound lets through (NaN compares false with anything):
            # no number is at most 0 and above 0, so a "number" matching both is NaN
            schema["not"] = {"$comment": "NaN (YAML's .nan)", "type": "number", "maximum": 0, "exclusiveMinimum": 0}
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class Boolean(Type):
    doc: str = ""

    def check(self, node, ctx):
        value = scalar_value(node) if node.kind == SCALAR else None
        if not isinstance(value, bool):
            return self._wrong(node, ctx, "true or false")
        return value

    def json_schema(self):
        return {"type": "boolean", **({"description": self.doc} if self.doc else {})}


@dataclass
class Date(Type):
    doc: str = ""

    def check(self, node, ctx):
        if node.kind != SCALAR or not _DATE.match(node.value):
            if node.kind == SCALAR and scalar_value(node) is not None:
                ctx.error(node, "E205", f"{describe(node)} is not a date; write YYYY-MM-DD")
                return None
            return self._wrong(node, ctx, "a date (YYYY-MM-DD)")
        try:
            year, month, day = (int(part) for part in node.value.split("-"))
            return dt.date(year, month, day)
        except ValueError as exc:
            ctx.error(node, "E205", f"`{node.value}` is not a real date: {exc}")
            return None

    def json_schema(self):
        # check-jsonschema and editors read unquoted dates as strings or dates; both match "format: date"
        return {"type": "string", "format": "date", **({"description": self.doc} if self.doc else {})}


@dataclass
class Enum(Type):
    choices: tuple[str, ...]
    doc: str = ""

    def check(self, node, ctx):
        if node.kind != SCALAR:
            return self._wrong(node, ctx, "one of " + ", ".join(self.choices))
        value = node.value
        if value not in self.choices:
            lowered = {c.lower(): c for c in self.choices}
            hint = (
                f"; did you mean `{lowered[value.lower()]}`?" if value.lower() in lowered else did_you_mean(value, self.choices)
            )
            ctx.error(node, "E203", f"`{_short(str(value))}` is not one of {', '.join(self.choices)}{hint}")
            return None
        return value

    def json_schema(self):
        return {"enum": list(self.choices), **({"description": self.doc} if self.doc else {})}


class LocatedList(list):
    """A checked list that remembers where each of its items is (`locs[i]`)."""

    def __init__(self):
        super().__init__()
        self.locs: list[Loc] = []


@dataclass
class ListOf(Type):
    item: Type
    doc: str = ""
    allow_single: bool = False  # accept `supports: KR1` for `supports: [KR1]`
    min_items: int = 0
    what: str = "item"  # for the message when there are too few

    def check(self, node, ctx):
        if node.kind != SEQ:
            if self.allow_single and node.kind == SCALAR:
                value = self.item.check(node, ctx)
                out = LocatedList()
                if value is not None:
                    out.append(value)
                    out.locs.append(node.loc(ctx.path))
                return out
            return self._wrong(node, ctx, "a list")
        if len(node.value) < self.min_items:
            ctx.error(node, "E201", f"`{ctx.key}` needs at least {self.min_items} {self.what}")
        out = LocatedList()
        for item in node.value:
            value = self.item.check(item, ctx)
            if value is not None:
                out.append(value)
                out.locs.append(item.loc(ctx.path))
        return out

    def json_schema(self):
        schema: dict = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.allow_single:
            schema = {"anyOf": [schema, self.item.json_schema()]}
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class Field:
    type: Type
    required: bool = False
    doc: str = ""


@dataclass
class Located:
    """A checked mapping: its values by key, where each key's value sits, and itself."""

    values: dict[str, Any]
    locs: dict[str, Loc]
    loc: Loc


@dataclass
class Record(Type):
    name: str
    fields: dict[str, Field]
    build: Callable[[Located], Any] | None = None
    doc: str = ""
    closed: bool = True
    rules: dict | None = None  # extra JSON Schema for cross-field rules the checks enforce elsewhere

    def check(self, node, ctx):
        if node.kind != MAP:
            return self._wrong(node, ctx, f"a mapping ({self.name})")
        values: dict[str, Any] = {}
        locs: dict[str, Loc] = {}
        for key, value in node.value:
            spec = self.fields.get(key.value)
            if spec is None:
                if self.closed:
                    hint = did_you_mean(key.value, self.fields)
                    ctx.error(key, "E200", f"unknown key `{_short(key.value)}` in {self.name}{hint}")
                continue
            if value.kind == SCALAR and value.plain and value.value in _NULL and not spec.required:
                continue  # `owner:` with nothing after it means no owner, as if the key were absent
            locs[key.value] = value.loc(ctx.path)
            ctx.key = key.value
            checked = spec.type.check(value, ctx)
            if checked is not None:
                values[key.value] = checked
        for name, spec in self.fields.items():
            if spec.required and name not in locs:
                ctx.error(node, "E201", f"{self.name} is missing `{name}`")
        located = Located(values, locs, node.loc(ctx.path))
        return self.build(located) if self.build else located

    def json_schema(self):
        schema: dict = {"type": "object"}
        if self.doc:
            schema["description"] = self.doc
        schema["properties"] = {}
        for name, spec in self.fields.items():
            sub = spec.type.json_schema()
            if spec.doc and "description" not in sub:
                sub = {**sub, "description": spec.doc}
            if not spec.required:
                sub = {"anyOf": [sub, {"type": "null"}]} if "anyOf" not in sub else {**sub, "anyOf": [*sub["anyOf"], {"type": "null"}]}
            schema["properties"][name] = sub
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        if self.closed:
            schema["additionalProperties"] = False
        if self.rules:
            schema.update(self.rules)
        return schema


@dataclass
class MapOf(Type):
    """A mapping from ids (slugs) to records: `teams:`, `people:`, `periods:`."""

    key: Text
    value: Type
    doc: str = ""

    def check(self, node, ctx):
        if node.kind != MAP:
            return self._wrong(node, ctx, "a mapping")
        out: dict[str, Any] = {}
        for key, value in node.value:
            if self.key.check(key, ctx) is None:
                continue
            checked = self.value.check(value, ctx)
            if checked is not None:
                out[key.value] = (checked, key.loc(ctx.path))
        return out

    def json_schema(self):
        schema = {
            "type": "object",
            "propertyNames": {"pattern": self.key.pattern} if self.key.pattern else {},
            "additionalProperties": self.value.json_schema(),
        }
        if self.doc:
            schema["description"] = self.doc
        return schema


def check_document(root: Node, record: Record, path: str) -> tuple[Any, list[Diagnostic]]:
    ctx = Ctx(path)
    return record.check(root, ctx), ctx.diagnostics

