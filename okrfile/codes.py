"""The registry of diagnostic codes.

A code names one problem forever: never reuse a code for another meaning, add a new one.
E codes are errors in a file's bytes, syntax, schema or references; L codes are lint
rules (warnings) that a workspace may switch off in `lint.ignore` or with an inline
`# okrfile: ignore[CODE]` comment. README.md documents every code; a test keeps it so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: str  # "error" | "warning"
    summary: str


_CODES = [
    # files and syntax
    Code("E100", "not-utf8", "error", "the file is not valid UTF-8"),
    Code("E101", "yaml-syntax", "error", "YAML syntax error, at the parser's own line and column"),
    Code("E102", "empty-file", "error", "the file is empty or holds only comments"),
    Code("E103", "not-a-mapping", "error", "the document's top level is not a mapping"),
    Code("E104", "file-too-large", "error", "the file is larger than okrfile reads (8 MiB)"),
    Code("E105", "too-many-nodes", "error", "the document expands to too many nodes (an alias bomb, or sheer size)"),
    Code("E106", "not-a-file", "error", "a folder or other non-file where a file should be"),
    Code("E107", "tab-indent", "error", "a tab used for indentation (YAML allows spaces only)"),
    Code("E108", "conflict-marker", "error", "a git merge-conflict marker left in the file"),
    Code("E109", "unreadable", "error", "the file cannot be read (permissions, I/O error)"),
    Code("E110", "duplicate-key", "error", "the same key twice in one mapping"),
    # E111 was reserved once and never used; codes are not reused
    Code("E112", "too-deep", "error", "lists and mappings nested deeper than okrfile reads (64 levels)"),
    Code("E113", "yaml-tag", "error", "an explicit YAML tag (`!!int 5`, `!custom x`); okrfile types values by their field"),
    # schema
    Code("E200", "unknown-key", "error", "a key the format does not know (with a did-you-mean suggestion)"),
    Code("E201", "missing-field", "error", "a required field is missing"),
    Code("E202", "wrong-type", "error", "a value of the wrong type"),
    Code("E203", "bad-enum", "error", "a value outside the allowed choices"),
    Code("E204", "bad-format", "error", "an id, slug, reference or period id that is malformed"),
    Code("E205", "bad-date", "error", "a date that is not a real YYYY-MM-DD date"),
    Code("E206", "format-version", "error", "`okrfile:` is not a format version this okrfile reads"),
    Code("E207", "out-of-range", "error", "a number outside its allowed range"),
    Code("E208", "field-not-for-type", "error", "a field that does not apply to this key result type"),
    Code("E209", "unknown-timezone", "error", "a `tz` that is not an IANA time zone like Europe/Berlin"),
    # semantics and references
    Code("E300", "duplicate-id", "error", "an id used twice where it must be unique"),
    Code("E301", "unknown-alignment", "error", "`aligns_to` names no objective of that period"),
    Code("E302", "unknown-person", "error", "a team lead who is not in `people`"),
    Code("E303", "unknown-team", "error", "a team (parent, person's team, OKR set) that is not in `teams`"),
    Code("E304", "team-cycle", "error", "teams whose `parent` links form a cycle"),
    Code("E305", "unknown-kr", "error", "an initiative `supports` a key result that does not exist"),
    Code("E306", "team-path-mismatch", "error", "the file's `team:` differs from its file name"),
    Code("E307", "period-path-mismatch", "error", "the file's `period:` differs from its folder"),
    Code("E308", "start-equals-target", "error", "a metric whose start equals its target"),
    Code("E309", "unknown-period", "error", "a period that is neither in `periods` nor a calendar quarter"),
    Code("E310", "bad-period-range", "error", "a period whose end is not after its start"),
    Code("E311", "misplaced-file", "error", "an OKR set outside okrs/<period>/<team>.yaml"),
    Code("E312", "unknown-rule", "error", "`lint.ignore` or an ignore comment names an unknown rule code"),
    Code("E313", "bad-bands", "error", "`scoring.green` is not above `scoring.yellow`"),
    Code("E314", "duplicate-okr-set", "error", "two OKR sets for the same team and period (e.g. .yaml and .yml)"),
    Code("E315", "range-too-small", "error", "a metric whose start and target are too close together to measure progress between"),
    Code("E316", "duplicate-email", "error", "two people with the same `email:` (checkin tells people apart by it)"),
    # weekly updates (updates/<week>/<person>.md)
    Code("E400", "no-front-matter", "error", "an update without its `---` front matter (person, week)"),
    Code("E402", "update-path-mismatch", "error", "the front matter's person or week differs from the file's path"),
    Code("E403", "unknown-update-person", "error", "an update by a person who is not in `people`"),
    Code("E404", "week-outside-periods", "error", "an update for a week that falls in no period"),
    Code("E405", "unknown-objective", "error", "an `### OKR:` heading naming no objective of that period"),
    Code("E406", "unknown-key-result", "error", "a key result block naming no key result of its objective"),
    Code("E407", "bad-value", "error", "a Current (or Score) that is not a number, or a milestone's that is not done / not done"),
    Code("E408", "bad-status", "error", "a Status that is not Green, Yellow or Red"),
    Code("E409", "placeholder", "error", "a template placeholder left in ([What happened this week], X / Y)"),
    Code("E410", "duplicate-block", "error", "the same key result twice in one update"),
    Code("E412", "empty-block", "error", "a key result block with no Current and no Status"),
    Code("E413", "misplaced-update", "error", "an update outside updates/<week>/<person>.md"),
    Code("E414", "title-mismatch", "error", "a heading or key result line whose title is another objective's or key result's"),
    Code("E415", "orphan-field", "error", "a `- Current:` (or Status, Progress…) line not under a `**KR1: title**` line"),
    Code("E416", "unknown-field", "error", "a `- Curent:` line in a key result block: a slip of a field's name, its value lost"),
    Code("E417", "orphan-key-result", "error", "a `**KR1: title**` line not under an `### OKR:` heading"),
    # impact maps (maps/<id>.yaml)
    Code("E500", "unknown-map-kr", "error", "an impact map's deliverable names a key result that does not exist"),
    Code("E501", "map-path-mismatch", "error", "an impact map's `id:` differs from its file name"),
    Code("E502", "misplaced-map", "error", "an impact map outside maps/<id>.yaml"),
    # lint rules from the practice (seeds): warnings, switchable
    Code("L001", "too-many-objectives", "warning", "a team with more than 3 objectives in a period: focus"),
    Code("L002", "too-many-key-results", "warning", "an objective with more than 5 key results"),
    Code("L003", "all-milestones", "warning", "an objective whose key results are all milestones: activity, not outcome"),
    Code("L004", "no-objective-owner", "warning", "an objective without an owner"),
    Code("L005", "disconnected-team", "warning", "a team with a parent whose objectives align to nothing"),
    Code("L006", "unknown-owner", "warning", "an owner who is not in `people`"),
    Code("L007", "current-disagrees", "warning", "an OKR file's `current:` differs from the latest check-in's value"),
    Code("L008", "final-score-far", "warning", "a final `Score:` more than 0.3 from the computed score"),
    Code("L009", "future-update", "warning", "an update for a week that has not started yet"),
    Code("L010", "conflicting-checkins", "warning", "two updates give one key result different values for the same week"),
    Code("L011", "deliverable-without-kr", "warning", "an impact map's deliverable that names no key result to move"),
    Code("L012", "removed-from-okrs", "warning", "an update naming a key result or objective removed from its OKR set after that week"),
    Code("L013", "fraction-for-percent", "warning", "a check-in value between 0 and 1 for a key result in % whose range reaches 10% or more"),
    Code("L014", "target-disagrees", "warning", "an update's Target for a key result that is not the OKR file's target (or threshold)"),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}


def severity_of(code: str) -> str:
    return CODES[code].severity


def is_lint_rule(code: str) -> bool:
    """A registered L code: the only kind `lint.ignore` and ignore comments can silence."""
    return code in CODES and code.startswith("L")
