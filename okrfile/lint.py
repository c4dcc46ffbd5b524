"""Lint rules from the practice the seed articles describe.

Each rule is a small function with a code (registered in codes.py) that takes the
workspace and yields Diagnostics. Rules are warnings; a workspace switches them off in
okrfile.yaml `lint.ignore` or with an inline `# okrfile: ignore[CODE]` comment.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterator

from okrfile.diagnostics import Diagnostic
from okrfile.model import Workspace
from okrfile.suggest import did_you_mean

MAX_OBJECTIVES = 3  # seed 001: one focused objective beats many
MAX_KEY_RESULTS = 5

Rule = Callable[[Workspace], Iterator[Diagnostic]]
RULES: dict[str, Rule] = {}


def rule(code: str):
    def register(func: Rule) -> Rule:
        RULES[code] = func
        return func

    return register


@rule("L001")
def too_many_objectives(ws: Workspace) -> Iterator[Diagnostic]:
    for okr_set in ws.okr_sets:
        if len(okr_set.objectives) > MAX_OBJECTIVES:
            extra = okr_set.objectives[MAX_OBJECTIVES]
            yield Diagnostic.at(
                extra.loc,
                "L001",
                f"team {okr_set.team} has {len(okr_set.objectives)} objectives in {okr_set.period}; "
                f"keep to {MAX_OBJECTIVES} or fewer and move the rest to `deprioritized`",
            )


@rule("L002")
def too_many_key_results(ws: Workspace) -> Iterator[Diagnostic]:
    for objective in _objectives(ws):
        if len(objective.key_results) > MAX_KEY_RESULTS:
            yield Diagnostic.at(
                objective.key_results[MAX_KEY_RESULTS].loc,
                "L002",
                f"objective {objective.id} has {len(objective.key_results)} key results; keep to {MAX_KEY_RESULTS} or fewer",
            )


@rule("L003")
def all_milestones(ws: Workspace) -> Iterator[Diagnostic]:
    for objective in _objectives(ws):
        krs = objective.key_results
        if krs and all(kr.type == "milestone" for kr in krs):
            yield Diagnostic.at(
                objective.locs.get("key_results", objective.loc),
                "L003",
                f"every key result of {objective.id} is a milestone: that measures activity, not outcome; add a metric",
            )


@rule("L004")
def objective_without_owner(ws: Workspace) -> Iterator[Diagnostic]:
    for objective in _objectives(ws):
        if not objective.owner:
            label = f"objective {objective.id}" if objective.id else "this objective"
            yield Diagnostic.at(objective.loc, "L004", f"{label} has no owner")


@rule("L005")
def disconnected_team(ws: Workspace) -> Iterator[Diagnostic]:
    if ws.config is None:
        return
    for okr_set in ws.okr_sets:
        team = ws.config.teams.get(okr_set.team or "")
        if team is None or team.parent not in ws.config.teams or not okr_set.objectives:
            continue  # no parent, or an unknown one (E303 says so)
        if not any(o.aligns_to for o in okr_set.objectives):
            yield Diagnostic.at(
                okr_set.locs.get("team", okr_set.loc),
                "L005",
                f"team {okr_set.team} has parent {team.parent} but none of its {okr_set.period} objectives "
                f"aligns_to one of {team.parent}'s",
            )


@rule("L006")
def unknown_owner(ws: Workspace) -> Iterator[Diagnostic]:
    if ws.config is None or ws.config.loc is None or "people" in ws.config.broken:
        return  # no people list to judge owners by
    people = ws.config.people
    for okr_set in ws.okr_sets:
        for objective in okr_set.objectives:
            items = [objective, *objective.key_results, *objective.initiatives]
            for item in items:
                if item.owner and item.owner not in people:
                    yield Diagnostic.at(
                        item.locs["owner"], "L006", f"owner `{item.owner}` is not in people" + did_you_mean(item.owner, people)
                    )


@rule("L007")
def current_disagrees(ws: Workspace) -> Iterator[Diagnostic]:
    from okrfile.checkins import disagreements

    for kr, latest in disagreements(ws):
        field = "done" if kr.type == "milestone" else "current"
        yield Diagnostic.at(
            kr.locs.get(field, kr.loc),
            "L007",
            f"`{field}:` here differs from the latest check-in ({latest.person}, {latest.week}: {_shown(latest.value)}); "
            "check-ins win once their week has come",
        )


@rule("L008")
def final_score_far(ws: Workspace) -> Iterator[Diagnostic]:
    from okrfile.checkins import latest_by_ref
    from okrfile.periods import resolve_period, weeks_in
    from okrfile.scoring import score_key_result

    for okr_set in ws.okr_sets:
        period = resolve_period(ws.config, okr_set.period) if okr_set.period else None
        if period is None or period.start is None or period.end is None:
            continue
        last_week = weeks_in(period)[-1]
        history = latest_by_ref(ws.checkins, okr_set.period)
        for objective in okr_set.objectives:
            for kr in objective.key_results:
                checkins = history.get(f"{okr_set.team}/{objective.id}/{kr.id}", [])
                final = next((c for c in reversed(checkins) if c.week == last_week and c.score is not None), None)
                if final is None or not _scorable(kr):
                    continue
                values = [c.value for c in checkins]
                computed = score_key_result(
                    kr.type,
                    start=kr.start,
                    target=kr.target,
                    current=values[-1] if kr.type != "milestone" else None,
                    done=values[-1] if kr.type == "milestone" else None,
                    threshold=kr.threshold,
                    history=values if kr.type in ("stay_above", "stay_below") else None,
                ).score
                if abs(final.score - computed) > 0.3:
                    yield Diagnostic.at(
                        final.block.locs["score"],
                        "L008",
                        f"final score {final.score:g} for {kr.id} is far from the computed {computed:.2f}; say why in the update",
                    )


@rule("L009")
def update_for_a_future_week(ws: Workspace) -> Iterator[Diagnostic]:
    import datetime as dt

    from okrfile.periods import parse_week, week_of

    this_week = week_of(ws.as_of or dt.date.today())
    monday = parse_week(this_week)
    for update in ws.updates:
        starts = parse_week(update.week) if update.loc is not None and update.week else None
        if starts is not None and starts > monday:
            yield Diagnostic.at(
                update.locs.get("week", update.loc),
                "L009",
                f"this update is for {update.week}, which has not started (this week is {this_week}); "
                "its values count once that week comes",
            )


@rule("L010")
def conflicting_checkins(ws: Workspace) -> Iterator[Diagnostic]:
    from itertools import groupby

    # ws.checkins is sorted so that the report that counts comes last in its week
    for (ref, week), group in groupby(ws.checkins, key=lambda c: (c.ref, c.week)):
        reports = [c for c in group if c.value is not None]
        counted = reports[-1] if reports else None
        for other in reports[:-1]:
            if other.value != counted.value:
                why = "the key result owner's" if counted.by_owner else "the last by name: none is the owner's"
                yield Diagnostic.at(
                    other.block.locs.get("current", other.block.loc),
                    "L010",
                    f"{ref} for {week} is also reported by {counted.person} ({counted.path}) as {_shown(counted.value)}; "
                    f"status takes {counted.person}'s, {why}",
                )


@rule("L011")
def deliverable_without_kr(ws: Workspace) -> Iterator[Diagnostic]:
    # seed 000: an impact map ties every deliverable to the measurable goal; one that moves
    # no key result is output for its own sake
    for impact_map in ws.maps:
        for actor in impact_map.actors:
            for impact in actor.impacts:
                for deliverable in impact.deliverables:
                    if not deliverable.krs and deliverable.status != "dropped":
                        yield Diagnostic.at(
                            deliverable.loc,
                            "L011",
                            f"deliverable {_named(deliverable.title)}names no key result it should move; add `krs:`, "
                            "or ask whether it belongs on the map",
                        )


@rule("L013")
def fraction_for_percent(ws: Workspace) -> Iterator[Diagnostic]:
    # `- Current: 0.61` on a key result going from 20% to 80%: a share written as a fraction
    # scores as 0.61%, far below its start, and nobody notices the red
    krs = {
        (okr_set.period, f"{okr_set.team}/{objective.id}/{kr.id}"): kr
        for okr_set in ws.okr_sets
        for objective in okr_set.objectives
        for kr in objective.key_results
    }
    for checkin in ws.checkins:
        kr = krs.get((checkin.period, checkin.ref))
        value = checkin.value
        if kr is None or kr.type == "milestone" or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        bounds = [b for b in (kr.start, kr.target, kr.threshold) if isinstance(b, (int, float)) and not isinstance(b, bool)]
        if _in_percent(kr) and 0 < value < 1 and bounds and max(bounds) >= 10:
            yield Diagnostic.at(
                checkin.block.locs.get("current", checkin.block.loc),
                "L013",
                f"{_shown(value)} for {checkin.ref}, which is in % ({_shown(min(bounds))} to {_shown(max(bounds))}): "
                f"a fraction? {_shown(round(value * 100, 4))} is {_shown(value)} as a percentage",
            )


def _in_percent(kr) -> bool:
    return (kr.unit or "").strip().lower() in ("%", "percent", "pct") or "%" in (kr.title or "")


def _named(title) -> str:
    return f"`{title}` " if isinstance(title, str) and title else ""


def _shown(value) -> str:
    if isinstance(value, bool):
        return "done" if value else "not done"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"


def _scorable(kr) -> bool:
    if kr.type == "metric":
        return kr.start is not None and kr.target is not None and kr.start != kr.target
    if kr.type in ("stay_above", "stay_below"):
        return kr.threshold is not None
    return kr.type == "milestone"


def _objectives(ws: Workspace):
    for okr_set in ws.okr_sets:
        yield from okr_set.objectives


def run_rules(ws: Workspace, ignore: set[str]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for code, check in RULES.items():
        if code not in ignore:
            out.extend(check(ws))
    return out


def apply_suppressions(ws: Workspace, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop lint warnings silenced by an inline `# okrfile: ignore[CODE]`."""
    if not ws.suppressions:
        return diagnostics
    silenced: dict[str, dict[int, frozenset[str]]] = defaultdict(dict)
    for path, suppressions in ws.suppressions.items():
        for s in suppressions:
            silenced[path][s.applies_to] = silenced[path].get(s.applies_to, frozenset()) | s.codes
    return [
        d
        for d in diagnostics
        if d.is_error or d.code not in silenced.get(d.path, {}).get(d.line, ())
    ]
