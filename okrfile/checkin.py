"""`okrfile checkin`: a person's weekly update, pre-filled from the OKR sets.

The draft lists the key results the person reports (theirs, or without an owner under
an objective they own), grouped by objective, each with its last value and target;
templates/update.md.j2 (or the workspace's own) turns it into Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okrfile.checkins import latest_by_ref, reports_by_ref
from okrfile.model import KeyResult, Workspace
from okrfile.periods import period_of_week, resolve_period, shift_week, week_number, weeks_in
from okrfile.status import periods_with_sets


class CheckinError(Exception):
    """A person or week the workspace cannot draft an update for: a usage problem."""


@dataclass
class DraftKR:
    id: str
    title: str
    type: str
    unit: str | None
    current: str | None  # the last value, as text (a number, done / not done)
    target: str
    last_week: str | None  # the week that value was reported, if a check-in gave it
    last_status: str | None = None  # what the person said then: green | yellow | red
    # filled in by --interactive
    status: str | None = None
    progress: str | None = None
    plan: str | None = None
    blockers: str | None = None
    score: float | None = None


@dataclass
class DraftObjective:
    label: str  # O1, or team/O1 for another team's objective
    title: str
    krs: list[DraftKR]


@dataclass
class Draft:
    person: str
    name: str
    week: str
    period: str
    week_number: int
    weeks_in_period: int
    objectives: list[DraftObjective]
    wins: list[str] = field(default_factory=list)
    help_needed: list[str] = field(default_factory=list)
    # --interactive asked for wins and help: a section nobody had anything for is left empty,
    # not a placeholder to fill in
    asked: bool = False

    @property
    def last_week(self) -> bool:
        """The period's last week, when a final Score is given."""
        return self.week_number == self.weeks_in_period

    @property
    def path(self) -> str:
        return f"updates/{self.week}/{self.person}.md"


def person_for_email(ws: Workspace, email: str | None) -> str | None:
    if not email or ws.config is None:
        return None
    wanted = email.strip().lower()
    return next((slug for slug, p in ws.config.people.items() if p.email and p.email.strip().lower() == wanted), None)


def _text(kr: KeyResult, value) -> str | None:
    if value is None:
        return None
    if kr.type == "milestone":
        return "done" if value else "not done"
    # every digit, as the OKR file has it (`:g` would write 1234567 as 1.23457e+06: a value
    # changed, and one the update format does not read)
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(float(value))
    return f"{value:.15f}".rstrip("0").rstrip(".") if "e" in text else text


def build_draft(ws: Workspace, person: str, week: str) -> Draft:
    config = ws.config
    if config is None or person not in config.people:
        known = ", ".join(sorted(config.people)) if config else ""
        raise CheckinError(f"`{person}` is not in okrfile.yaml people ({known})")
    period_id = period_of_week(config, week, periods_with_sets(ws))
    if period_id is None:
        raise CheckinError(f"week {week} falls in no period with OKR sets ({', '.join(periods_with_sets(ws)) or 'none'})")
    period = resolve_period(config, period_id)
    own_team = config.people[person].team
    history = latest_by_ref(ws.checkins, period_id, shift_week(week, -1))
    reports = reports_by_ref(ws.checkins, period_id, shift_week(week, -1))  # a Status given alone too
    objectives = []
    for okr_set in sorted(ws.sets_in(period_id), key=lambda s: (s.team != own_team, s.team or "")):
        for objective in okr_set.objectives:
            krs = [kr for kr in objective.key_results if kr.owner == person or (not kr.owner and objective.owner == person)]
            if not krs:
                continue
            drafts = []
            for kr in krs:
                previous = history.get(f"{okr_set.team}/{objective.id}/{kr.id}", [])
                last = previous[-1].value if previous else (bool(kr.done) if kr.type == "milestone" else kr.current)
                target = "done" if kr.type == "milestone" else _text(kr, kr.threshold if kr.type != "metric" else kr.target)
                drafts.append(
                    DraftKR(
                        kr.id,
                        kr.title or "",
                        kr.type,
                        kr.unit,
                        _text(kr, last),
                        target or "",
                        previous[-1].week if previous else None,
                        reported[-1].status if (reported := reports.get(f"{okr_set.team}/{objective.id}/{kr.id}")) else None,
                    )
                )
            label = objective.id if okr_set.team == own_team else f"{okr_set.team}/{objective.id}"
            objectives.append(DraftObjective(label, objective.title or "", drafts))
    return Draft(
        person,
        config.people[person].name or person,
        week,
        period_id,
        week_number(period, week),
        len(weeks_in(period)),
        objectives,
    )


def render_draft(ws: Workspace, draft: Draft) -> str:
    from okrfile.render.templates import render

    return render(ws.root, "update.md.j2", draft=draft)
