"""A weekly update: updates/<week>/<person>.md, read back line by line.

The shape is the async update template of seed 002 (DESIGN.md "A weekly update"):
a small YAML front matter, `### OKR:` headings, one `**KR1: title**` block per key
result with `- Current: X / Target: Y`, `- Status:`, `- Progress:`, `- Plan:`,
`- Blockers:` (and `- Score:` in the period's last week), then `### Wins` and
`### Help Needed`. A line parser keeps every value's line and column; what a value
means (a number, done) is decided once the key result is known (checkins.py).
"""

from __future__ import annotations

import re

from okrfile.diagnostics import Diagnostic, Loc
from okrfile.model import STATUSES, KRBlock, Update
from okrfile.schema.config import SLUG, slug_of
from okrfile.schema.types import Ctx, Field, Record, Text
from okrfile.source import Source
from okrfile.suggest import edits
from okrfile.yamlnodes import parse_yaml

FRONT_MATTER = Record(
    "front matter",
    {
        "person": Field(Text(SLUG, "a person's slug", fix=slug_of), True),
        "week": Field(Text(r"^[0-9]{4}-W[0-9]{2}$", "an ISO week like 2026-W47", fix=lambda text: text.strip().upper()), True),
    },
)

_OKR_HEADING = re.compile(r"^###\s+OKR\b\s*:?\s*(?P<ref>\S+)\s*(?P<title>.*?)\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<name>.*?)\s*#*\s*$")
_KR_LINE = re.compile(r"^\*\*\s*(?P<id>[A-Za-z][A-Za-z0-9_-]*)\s*(?P<sep>[:.\u2013\u2014-])?\s*(?P<title>.*?)\s*\*\*\s*$")
# a field line, `- Current: 62`. Markdown writers bold their labels (`- **Current:** 62`,
# `- **Current**: 62`, or the whole `- **Current: 62**`): the same field, read alike. The
# dash may be left out too (`Current: 62`), but only a block's lines are read so
# (parse_update): elsewhere such a line is prose
_FIELD = re.compile(
    r"^\s*(?P<dash>[-*+]\s+)?(?P<bold>\*\*|__)?(?P<key>[A-Za-z ]+?)\s*"
    r"(?(bold)(?:(?P=bold)\s*:|:\s*(?P=bold)|:(?P<whole>))|:)\s*(?P<value>.*?)\s*(?(whole)(?P=bold)\s*)$"
)
_ITEM = re.compile(r"^\s*[-*+]\s+(?P<text>.*?)\s*$")
_CURRENT = re.compile(r"^(?P<current>.*?)\s*/\s*target\s*:\s*(?P<target>.*)$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$|^X$|^Y$")
_NONE = {"", "none", "n/a", "-", "nothing", "no"}


def _says_nothing(text: str) -> bool:
    """`None`, `n/a`, `Nothing this week.`, `None so far`: an item that is no item."""
    words = text.lower().strip(" .!").split(" ", 1)
    return text.lower().strip(" .!") in _NONE or (words[0] in ("none", "nothing", "no") and (len(words) == 1 or words[1] in _NOTHING_MORE))


_NOTHING_MORE = {"this week", "so far", "for now", "at the moment", "right now", "needed", "yet", "blockers", "blocker", "help needed"}
_STATUS_HINTS = {
    "amber": "Yellow", "orange": "Yellow", "at risk": "Yellow", "on track": "Green", "ok": "Green",
    "good": "Green", "off track": "Red", "blocked": "Red", "bad": "Red",
}
# `- Target: 12` on a line of its own is the target `- Current: 8 / Target: 12` gives
_BLOCK_FIELDS = {"current", "target", "status", "progress", "plan", "blockers", "score"}
_SECTIONS = {"wins": "wins", "help needed": "help_needed", "help": "help_needed"}


# words one slip from a field that are words of their own, and so a writer's notes
# (`- Scope: EU only`, `- Stats: 3 dashboards`), as README's E416 says. Process, currency,
# blocked and state are two slips from one, so left alone anyway: listed all the same
_REAL_WORDS = {
    "blocked", "core", "currency", "plain", "plane", "plant", "play", "process", "scope",
    "state", "states", "stats", "statue", "store",
}


def _slip_of_a_field(key: str) -> str | None:
    """The field a block's `- Curent:` or `- Staus:` line meant, when its word is a typing
    slip from one: one letter added, dropped or changed, or two neighbours swapped, in a
    word of three letters or more that is not a word of its own (`Scope`, `Stats`). A block
    may hold notes of the writer's own, like `- Decision: …`, so any other word is left
    alone: only one this close to a field loses a value the writer meant to give."""
    if len(key) < 3 or key in _REAL_WORDS:
        return None
    near = sorted((edits(key, name, 1), name) for name in _BLOCK_FIELDS if abs(len(name) - len(key)) <= 1)
    return near[0][1].capitalize() if near and near[0][0] <= 1 else None


def parse_update(source: Source, path_week: str | None, path_person: str | None) -> tuple[Update, list[Diagnostic]]:
    update = Update(source.path, path_week=path_week, path_person=path_person)
    diagnostics: list[Diagnostic] = []
    lines = source.text.split("\n")
    body_start = _front_matter(source, lines, update, diagnostics)
    if body_start is None:
        return update, diagnostics
    update.loc = Loc(source.path, 1, 1)

    objective: tuple[str, Loc] | None = None
    block: KRBlock | None = None
    section: str | None = None  # wins | help_needed | None (inside OKR blocks)
    slipped: set[int] = set()  # the blocks with a misspelt Current or Status (E416)
    unplaced: re.Match | None = None  # a bold line outside the OKR headings, until a field line shows it a key result's
    for number in range(body_start, len(lines)):
        line = lines[number]
        if not line.strip():
            continue
        lineno = number + 1
        here = Loc(source.path, lineno, 1)
        okr = _OKR_HEADING.match(line)
        if okr:
            objective = (okr.group("ref"), Loc(source.path, lineno, okr.start("ref") + 1), okr.group("title"))
            block, section, unplaced = None, None, None
            continue
        heading = _HEADING.match(line)
        if heading:
            name = heading.group("name").strip().lower().rstrip(":")
            section = _SECTIONS.get(name, "other") if line.startswith("###") else None
            block, unplaced = None, None
            if line.startswith("###"):
                objective = None
            continue
        field = _FIELD.match(line)
        key = field.group("key").strip().lower() if field else ""
        # `**Current: 62**` is a field in bold, not the line of a key result named Current
        kr = None if field and field.group("bold") and key in _BLOCK_FIELDS else _KR_LINE.match(line)
        if kr and objective is None and not (kr.group("sep") or any(ch.isdigit() for ch in kr.group("id"))):
            # outside the OKR sections only `**KR2: title**` (an id with a digit, or a separator)
            # may be a key result's line; `**Context**`, `**Big week**` are emphasis
            kr = None
            if section not in ("wins", "help_needed"):
                block, unplaced = None, None
                continue
        if section in ("wins", "help_needed"):
            if kr:
                # a bold line here may be a win's own emphasis (`**First async week**`); it is a
                # key result's line out of its place (E417) once a field line follows it
                block, unplaced = _orphan_block(kr, here), kr
                continue
            if block is None and field and field.group("dash") and key in ("current", "target"):
                # `- Current: 62` is no win: a value written under Wins, whose key result is unknown
                diagnostics.append(Diagnostic.at(here, "E415", f"`{field.group('key')}:` belongs under a key result line like `**KR1: title**` (in bold)"))
                continue
            if block is None or not field or not (key in _BLOCK_FIELDS or _slip_of_a_field(key)):
                if unplaced is not None:
                    # a win or a line of prose after the bold line: it was the win's emphasis
                    # (`**Big week**`), and a `- Plans: more` further down is a win, not its field
                    block, unplaced = None, None
                item = _ITEM.match(line)
                if item and not _says_nothing(item.group("text")):
                    text = item.group("text")
                    if _PLACEHOLDER.match(text):
                        diagnostics.append(Diagnostic.at(Loc(source.path, lineno, item.start("text") + 1), "E409", _placeholder(text)))
                    else:
                        getattr(update, section).append((text, Loc(source.path, lineno, item.start("text") + 1)))
                continue
            # a `- Current: 62` under a key result line: not a win, and its value would be lost
            if unplaced is not None:
                diagnostics.append(_orphan_kr(unplaced, block.loc))
                unplaced = None
            # then read below as the block's field, for its own errors
        if kr and objective is not None:
            block = KRBlock(
                objective[0], kr.group("id"), objective[2], kr.group("title"), loc=here, objective_loc=objective[1]
            )
            update.blocks.append(block)
            continue
        if kr:
            # outside the OKR headings too, a bold line may be prose (`**Context**` under `### Notes`):
            # it is a key result's line out of its place (E417) once a field line follows it
            block, unplaced = _orphan_block(kr, here), kr
            continue
        if unplaced is not None:
            if field and (key in _BLOCK_FIELDS or _slip_of_a_field(key)):
                diagnostics.append(_orphan_kr(unplaced, block.loc))
                unplaced = None  # and read below as the block's field, for its own errors
            else:
                block, unplaced = None, None  # bold prose, and what follows it is prose
        if field and not field.group("dash") and block is None and objective is None:
            continue  # `Status: on leave this week` under the title is prose, not a field
        if key in _BLOCK_FIELDS:
            if block is not None:
                _block_field(block, field, source.path, lineno, diagnostics)
            else:
                diagnostics.append(
                    Diagnostic.at(
                        here,
                        "E415",
                        f"`{field.group('key')}:` belongs under a key result line like `**KR1: title**` (in bold)",
                    )
                )
        elif field and block is not None and (meant := _slip_of_a_field(key)):
            diagnostics.append(
                Diagnostic.at(
                    Loc(source.path, lineno, field.start("key") + 1),
                    "E416",
                    f"`{field.group('key')}:` is not a field of a key result block, so its value is lost; did you mean `{meant}`?",
                )
            )
            if meant in ("Current", "Status"):
                slipped.add(id(block))
    for block in update.blocks:
        # a block whose Current or Status is misspelt has E416 saying so, not E412 as well
        if "current" not in block.locs and "status" not in block.locs and id(block) not in slipped:
            diagnostics.append(
                Diagnostic.at(block.loc, "E412", f"key result {block.kr_id} has no `- Current:` or `- Status:` line")
            )
    return update, diagnostics


def _orphan_kr(kr: re.Match, loc: Loc) -> Diagnostic:
    return Diagnostic.at(
        loc,
        "E417",
        f"key result {kr.group('id')} is not under an `### OKR:` heading, so its block counts for nothing; "
        "put `### OKR: O1 <title>` above it",
    )


def _orphan_block(kr: re.Match, loc: Loc) -> KRBlock:
    """A key result line not under an `### OKR:` heading: its fields are still read, for their
    own errors, but the block is not the update's. The lines under it are not orphans (E415),
    their key result line is."""
    return KRBlock("", kr.group("id"), title=kr.group("title"), loc=loc)


def _front_matter(source: Source, lines: list[str], update: Update, diagnostics: list[Diagnostic]) -> int | None:
    """Read the `---` front matter; the index of the body's first line, or None."""
    path = source.path
    if not lines or lines[0].strip() != "---":
        diagnostics.append(
            Diagnostic.at(Loc(path, 1, 1), "E400", "an update starts with front matter: `---`, `person: …`, `week: …`, `---`")
        )
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        diagnostics.append(Diagnostic.at(Loc(path, 1, 1), "E400", "the front matter has no closing `---`"))
        return None
    # parse the front matter alone, with blank lines in place of the rest so lines match
    text = "\n".join([""] + lines[1:end])
    node, problems = parse_yaml(Source(path, text))
    if node is None:
        for d in problems:
            if d.code == "E102":
                d = Diagnostic.at(Loc(path, 1, 1), "E400", "the front matter is empty: it needs `person:` and `week:`")
            diagnostics.append(d)
        return None
    ctx = Ctx(path)
    located = FRONT_MATTER.check(node, ctx)
    diagnostics += problems + ctx.diagnostics
    update.person = located.values.get("person")
    update.week = located.values.get("week")
    update.locs = dict(located.locs)
    return end + 1


def _block_field(block: KRBlock, field: re.Match, path: str, lineno: int, diagnostics: list[Diagnostic]) -> None:
    key = field.group("key").strip().lower()
    value = field.group("value")
    loc = Loc(path, lineno, field.start("value") + 1)
    if key == "target":
        _target(block, value, loc, diagnostics)
        return
    if key in block.locs:
        diagnostics.append(Diagnostic.at(loc, "E110", f"`{field.group('key')}` twice in key result {block.kr_id}"))
        return
    block.locs[key] = loc
    if key == "current":
        match = _CURRENT.match(value)
        current, target = (match.group("current").strip(), match.group("target").strip()) if match else (value, None)
        if _PLACEHOLDER.match(current) or (target is not None and _PLACEHOLDER.match(target) and current in ("X", "")):
            diagnostics.append(Diagnostic.at(loc, "E409", _placeholder(f"{current} / {target}")))
            block.draft = True
            return
        block.current = current
        if match:
            _target(block, target, Loc(path, lineno, field.start("value") + match.start("target") + 1), diagnostics)
    elif key == "status":
        if _PLACEHOLDER.match(value):
            diagnostics.append(Diagnostic.at(loc, "E409", _placeholder(value)))
            block.draft = True
        elif value.lower() in STATUSES:
            block.status = value.lower()
        else:
            hint = _STATUS_HINTS.get(value.lower())
            hint = f"; did you mean {hint}?" if hint else ""
            diagnostics.append(Diagnostic.at(loc, "E408", f"Status `{value}` is not Green, Yellow or Red{hint}"))
    elif key == "score":
        try:
            score = float(value)
        except ValueError:
            diagnostics.append(Diagnostic.at(loc, "E407", f"Score `{value}` is not a number; write e.g. 0.7"))
            return
        if not 0 <= score <= 1:
            diagnostics.append(Diagnostic.at(loc, "E207", f"Score {value} is outside 0..1"))
            return
        block.score = score
    else:
        if _PLACEHOLDER.match(value):
            diagnostics.append(Diagnostic.at(loc, "E409", _placeholder(value)))
            block.draft = True
            return
        setattr(block, key, None if _says_nothing(value) else value)


def _target(block: KRBlock, text: str, loc: Loc, diagnostics: list[Diagnostic]) -> None:
    """A block's target, given after its Current or on a `- Target:` line of its own. An
    update does not set a target; checkins.py says when it is not the key result's (L014).
    The template's `Y` gives none."""
    if "target" in block.locs:
        diagnostics.append(Diagnostic.at(loc, "E110", f"`Target` twice in key result {block.kr_id}"))
        return
    block.locs["target"] = loc
    block.target = None if _PLACEHOLDER.match(text) else text


def _placeholder(text: str) -> str:
    return f"`{text}` is a template placeholder: replace it (or delete the line)"
