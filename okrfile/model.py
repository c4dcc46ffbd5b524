"""The model: plain dataclasses built from users' files.

Every object keeps `loc` (where it starts) and `locs` (where each field's value sits),
so any later check can point at the exact line and column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from okrfile.diagnostics import Loc

KR_TYPES = ("metric", "milestone", "stay_above", "stay_below")
# which value fields each key result type needs and may have (semantics.py checks them,
# schema/okrset.py states them as JSON Schema for editors)
KR_REQUIRED = {"metric": ("start", "target"), "milestone": (), "stay_above": ("threshold",), "stay_below": ("threshold",)}
KR_ALLOWED = {
    "metric": ("start", "target", "current"),
    "milestone": ("done",),
    "stay_above": ("threshold", "current"),
    "stay_below": ("threshold", "current"),
}
KR_VALUE_FIELDS = ("start", "target", "current", "done", "threshold")
KINDS = ("committed", "aspirational")
INITIATIVE_STATUSES = ("planned", "in_progress", "done", "dropped")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass
class Period:
    id: str
    start: dt.date
    end: dt.date
    loc: Loc | None = None  # None for a calendar quarter nobody declared

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass
class Team:
    slug: str
    name: str | None = None
    lead: str | None = None
    parent: str | None = None
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class Person:
    slug: str
    name: str | None = None
    team: str | None = None
    tz: str | None = None
    email: str | None = None
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class Config:
    path: str
    broken: set[str] = field(default_factory=set)  # top-level keys whose values failed the schema
    version: int | None = None
    org: str | None = None
    periods: dict[str, Period] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    checkin_day: str = "monday"
    green: float = 0.7
    yellow: float = 0.4
    lint_ignore: list[str] = field(default_factory=list)
    lint_strict: bool = False
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class KeyResult:
    id: str | None
    title: str | None = None
    type: str | None = "metric"  # None when the file names a type okrfile does not know
    start: float | None = None
    target: float | None = None
    current: float | None = None
    unit: str | None = None
    owner: str | None = None
    weight: float = 1
    done: bool | None = None
    threshold: float | None = None
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class Initiative:
    title: str | None
    owner: str | None = None
    status: str = "planned"
    due: dt.date | None = None
    supports: list[str] = field(default_factory=list)
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class Objective:
    id: str | None
    title: str | None = None
    why: str | None = None
    owner: str | None = None
    kind: str = "aspirational"
    aligns_to: str | None = None
    key_results: list[KeyResult] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class OKRSet:
    path: str
    period: str | None = None
    team: str | None = None
    objectives: list[Objective] = field(default_factory=list)
    deprioritized: list[str] = field(default_factory=list)
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)
    # the period and team its path names: okrs/<period>/<team>.yaml
    path_period: str | None = None
    path_team: str | None = None


STATUSES = ("green", "yellow", "red")


@dataclass
class KRBlock:
    """One key result's block in a weekly update, as written (values are text until
    checkins.py knows the key result's type)."""

    objective: str  # as in the `### OKR:` heading: O1, or team/O1
    kr_id: str
    objective_title: str = ""  # the heading's text after the id
    title: str = ""  # the **KR1: title** line's text after the id
    current: str | None = None
    target: str | None = None
    status: str | None = None  # green | yellow | red
    progress: str | None = None
    plan: str | None = None
    blockers: str | None = None
    score: float | None = None
    draft: bool = False  # a template placeholder is left in: not a check-in yet
    loc: Loc | None = None  # the **KR1: ...** line
    objective_loc: Loc | None = None  # the ### OKR: heading
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class Update:
    """updates/<week>/<person>.md: one person's weekly async update."""

    path: str
    person: str | None = None
    week: str | None = None  # 2026-W47
    blocks: list[KRBlock] = field(default_factory=list)
    wins: list[tuple[str, Loc]] = field(default_factory=list)
    help_needed: list[tuple[str, Loc]] = field(default_factory=list)
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)
    # the person and week its path names: updates/<week>/<person>.md
    path_week: str | None = None
    path_person: str | None = None

    def says_something(self) -> bool:
        """Whether it is a report: it parsed, names its person and week, and holds a key
        result's block with no placeholder left in, a win or a request. The template as
        `okrfile checkin` writes it, or front matter alone, is not one yet; nor is one whose
        front matter and path disagree (E402: status leaves it out) until one is fixed."""
        misnamed = (self.path_person and self.person != self.path_person) or (self.path_week and self.week != self.path_week)
        return (
            self.loc is not None
            and bool(self.person and self.week)
            and not misnamed
            and (any(not block.draft for block in self.blocks) or bool(self.wins or self.help_needed))
        )


@dataclass
class CheckIn:
    """A key result's value from a weekly update, resolved against the OKR set."""

    ref: str  # team/O1/KR1
    period: str
    week: str
    person: str
    value: float | bool | None  # a number, or done for a milestone
    status: str | None
    score: float | None
    block: KRBlock
    path: str
    by_owner: bool = False  # the key result's owner (else the objective's) reported it


@dataclass
class Deliverable:
    """What: something the team builds or does, and the key results it should move."""

    title: str | None
    krs: list[str] = field(default_factory=list)  # team/O1/KR1, or period/team/O1/KR1
    status: str = "planned"
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class Impact:
    """How: the change in an actor's behaviour that serves the goal."""

    title: str | None
    deliverables: list[Deliverable] = field(default_factory=list)
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class Actor:
    """Who: whose behaviour can help (or hinder) the goal."""

    name: str | None
    impacts: list[Impact] = field(default_factory=list)
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)


@dataclass
class ImpactMap:
    """maps/<id>.yaml: why, who, how, what (Gojko Adzic's impact mapping), tied to the OKRs."""

    path: str
    id: str | None = None
    period: str | None = None
    why: str | None = None
    aligns_to: str | None = None  # team/O1 in the map's period
    actors: list[Actor] = field(default_factory=list)
    loc: Loc | None = None
    locs: dict[str, Loc] = field(default_factory=dict)
    path_id: str | None = None  # the id its file name says


@dataclass(frozen=True)
class Suppression:
    """An inline `# okrfile: ignore[CODE]` comment."""

    line: int  # where the comment is
    col: int  # where its codes start
    applies_to: int  # the line it silences
    codes: frozenset[str]
    code_cols: tuple[tuple[str, int], ...] = ()  # each code and where it starts: an unknown one is shown there


@dataclass
class Workspace:
    root: Path
    config: Config | None
    okr_sets: list[OKRSet] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    maps: list[ImpactMap] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)  # from updates, once resolved (checkins.py)
    as_of: dt.date | None = None  # read at a past commit (--at): the day it was read as of
    moment: dt.datetime | None = None  # and the instant: the commit's time, or the end of the day asked for
    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)  # by path

    def sets_in(self, period: str) -> list[OKRSet]:
        return [s for s in self.okr_sets if s.period == period]
